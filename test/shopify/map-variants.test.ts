import { describe, expect, it } from "vitest";
import type { Money } from "../../shared/canonical";
import { mapShopifyDelivery } from "../../workers/shopify/src/map";
import cancelled from "../fixtures/shopify/orders-cancelled.json";
import docsOrder from "../fixtures/shopify/orders-create.json";
import manualDiscount from "../fixtures/shopify/orders-create-manual-discount.json";
import twoTaxRates from "../fixtures/shopify/orders-create-two-tax-rates.json";
import { intakeMessage, mapOrder } from "./map-support";

const usd = (amount: number): Money => ({ amount, currency: "USD" });

describe("other real payloads", () => {
  it("two tax rates per line, an untaxed line, no SKUs; an outstanding total is a pending payment", () => {
    const order = mapOrder(twoTaxRates).data;
    expect(
      order.lines.map((l) => [
        l.title,
        l.sku,
        l.quantity,
        l.unitPrice.amount,
        l.taxLines.map((t) => [t.rate, t.amount.amount]),
      ]),
    ).toEqual([
      [
        "Red Leather Coat",
        null,
        1,
        12999,
        [
          ["0.06", 781],
          ["0.025", 326],
        ],
      ],
      ["Blue Suede Shoes", null, 1, 8595, []],
      [
        "Raspberry Beret",
        null,
        2,
        1999,
        [
          ["0.06", 239],
          ["0.025", 99],
        ],
      ],
    ]);
    expect(order.totals.tax).toEqual(usd(1445));
    expect(order.totals.total).toEqual(usd(27037));
    expect(order.payments).toEqual([
      {
        externalId: null,
        gateway: "unknown",
        kind: "unknown",
        status: "pending",
        amount: usd(27037),
        method: null,
      },
    ]);
  });

  it("a manual discount is named by its title, and an empty gateway name is not a gateway", () => {
    const order = mapOrder(manualDiscount).data;
    expect(order.lines[0]?.discountAllocations).toEqual([{ source: "FAKE30", amount: usd(1791) }]);
    expect(order.payments).toEqual([
      {
        externalId: null,
        gateway: "unknown",
        kind: "unknown",
        status: "success",
        amount: usd(5000),
        method: null,
      },
      {
        externalId: null,
        gateway: "unknown",
        kind: "unknown",
        status: "pending",
        amount: usd(13109),
        method: null,
      },
    ]);
  });

  it("orders/cancelled becomes order.cancelled, dated by cancelled_at", () => {
    const event = mapOrder(cancelled, "orders/cancelled");
    expect(event.type).toBe("order.cancelled");
    expect(event.occurredAt).toBe("2025-04-02T11:31:25-05:00");
    expect(event.data).toMatchObject({
      status: "cancelled",
      cancelReason: "other",
      cancelledAt: "2025-04-02T11:31:25-05:00",
    });
  });

  it("orders/updated becomes order.updated, dated by updated_at", () => {
    const event = mapOrder({ ...docsOrder, updated_at: "2026-01-02T03:04:05-05:00" }, "orders/updated");
    expect(event.type).toBe("order.updated");
    expect(event.occurredAt).toBe("2026-01-02T03:04:05-05:00");
    expect(event.data.sourceUpdatedAt).toBe("2026-01-02T03:04:05-05:00");
  });

  it("shop money wins over presentment money", () => {
    const [first, ...rest] = docsOrder.line_items;
    const presentedInEuro = {
      ...first,
      price_set: {
        shop_money: { amount: "199.00", currency_code: "USD" },
        presentment_money: { amount: "183.50", currency_code: "EUR" },
      },
    };
    const order = mapOrder({
      ...docsOrder,
      presentment_currency: "EUR",
      line_items: [presentedInEuro, ...rest],
    }).data;
    expect(order.lines[0]?.unitPrice).toEqual(usd(19900));
  });
});

describe("the unsupported arm and permanent failures", () => {
  it("any other topic is a delivery.unsupported event dated by X-Shopify-Triggered-At", () => {
    const result = mapShopifyDelivery(intakeMessage("products/update"), { id: 632910392 });
    expect(result).toEqual({
      ok: true,
      event: expect.objectContaining({
        type: "delivery.unsupported",
        id: "shopify:sto_map:products/update:e5a1c6a6-2f3c-4a5f-9a8c-1d1c1b1a1e10",
        occurredAt: "2026-03-14T14:15:01.123Z",
        data: { channel: "shopify", topic: "products/update" },
      }),
    });
  });

  it("an order payload that misses required fields is a validation failure, not a throw", () => {
    const { line_items: _dropped, ...broken } = docsOrder;
    const result = mapShopifyDelivery(intakeMessage("orders/create"), broken);
    expect(result).toMatchObject({ ok: false, kind: "validation" });
    expect(result.ok || result.detail).toContain("line_items");
  });

  it("an amount finer than the currency allows throws (the consumer parks it as a mapping failure)", () => {
    expect(() =>
      mapShopifyDelivery(intakeMessage("orders/create"), {
        ...docsOrder,
        total_price: "598.945",
        total_price_set: null,
      }),
    ).toThrow(RangeError);
  });
});
