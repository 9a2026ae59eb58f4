import { describe, expect, it } from "vitest";
import type { Money } from "../../shared/canonical";
import multiTender from "../fixtures/shopify/orders-create-multi-tender.json";
import { mapOrder } from "./map-support";

const usd = (amount: number): Money => ({ amount, currency: "USD" });

describe("multi-tender, discounted, taxed, multi-line variant (#1002)", () => {
  const order = mapOrder(multiTender).data;

  it("totals, shipping with tax and the tip as a fee", () => {
    expect(order.totals).toEqual({
      subtotal: usd(61200),
      discounts: usd(1995),
      shipping: usd(1000),
      tax: usd(3613),
      fees: usd(500),
      total: usd(64318),
    });
    expect(order.fees).toEqual([{ kind: "tip", title: "Tip", amount: usd(500) }]);
    expect(order.shippingLines).toEqual([
      {
        externalLineId: "369256397",
        code: "Standard",
        title: "Standard Shipping",
        price: usd(1000),
        discountAllocations: [],
        taxLines: [{ title: "State Tax", rate: "0.06", amount: usd(60), channelLiable: false }],
      },
    ]);
    expect(order.tags).toEqual(["wholesale", "VIP"]);
  });

  it("per-line discount allocations name their application (code or automatic title)", () => {
    expect(
      order.lines.map((l) => [
        l.sku,
        l.quantity,
        l.requiresShipping,
        l.discountAllocations,
        l.taxLines[0]?.amount,
      ]),
    ).toEqual([
      ["IPOD2008GREEN", 2, true, [{ source: "TENOFF", amount: usd(650) }], usd(2349)],
      [
        "IPOD2008RED",
        1,
        true,
        [
          { source: "TENOFF", amount: usd(325) },
          { source: "Spring bundle 5%", amount: usd(995) },
        ],
        usd(1115),
      ],
      ["ENGRAVE", 1, false, [{ source: "TENOFF", amount: usd(25) }], usd(89)],
    ]);
  });

  it("payments come one per transaction, with Shopify's kind, status and card brand", () => {
    expect(order.payments).toEqual([
      {
        externalId: "1068278485",
        gateway: "gift_card",
        kind: "sale",
        status: "success",
        amount: usd(5000),
        method: null,
      },
      {
        externalId: "1068278486",
        gateway: "shopify_payments",
        kind: "authorization",
        status: "success",
        amount: usd(59318),
        method: "Visa",
      },
      {
        externalId: "1068278487",
        gateway: "shopify_payments",
        kind: "capture",
        status: "success",
        amount: usd(59318),
        method: "Visa",
      },
    ]);
  });

  it("without transactions the paid total is spread over the gateways and marked unknown, summing exactly", () => {
    const { transactions: _ignored, ...webhookShape } = multiTender;
    const payments = mapOrder(webhookShape).data.payments;
    expect(payments).toEqual([
      {
        externalId: null,
        gateway: "gift_card",
        kind: "unknown",
        status: "unknown",
        amount: usd(32159),
        method: null,
      },
      {
        externalId: null,
        gateway: "shopify_payments",
        kind: "unknown",
        status: "unknown",
        amount: usd(32159),
        method: null,
      },
    ]);
  });
});
