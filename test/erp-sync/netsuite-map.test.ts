import { describe, expect, it } from "vitest";
import { emptyMappings } from "../../shared/erp";
import { salesOrderExternalId } from "../../workers/erp-sync/src/adapters/netsuite/external-id";
import { mapSalesOrder } from "../../workers/erp-sync/src/adapters/netsuite/map";
import { canonicalOrder } from "../support/canonical-order";

const usd = (amount: number) => ({ amount, currency: "USD" });
const refs = (id = "1") => ({ customer: { id }, subsidiary: null, mappings: emptyMappings() });

describe("NetSuite salesOrder mapping", () => {
  it("maps the canonical order's header, customer and decimal amounts", () => {
    const order = canonicalOrder({
      shippingLines: [
        {
          externalLineId: "s1",
          code: "std",
          title: "Standard",
          price: usd(1500),
          discountAllocations: [{ source: "FREESHIP", amount: usd(500) }],
          taxLines: [],
        },
      ],
    });
    const body = mapSalesOrder(order, "4bf92f3577b34da6a3ce929d0e0e4736", refs("42"));
    expect(body).toMatchObject({
      externalId: "shopify-sto__test-450789469",
      entity: { id: "42" },
      email: "bob.norman@mail.example.com",
      tranDate: "2026-11-20",
      currency: { externalId: "USD" },
      otherRefNum: "#1001",
      shippingCost: 10,
    });
    expect(body.memo).toContain("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(body.item.items).toEqual([
      {
        item: { externalId: "IPOD2008GREEN" },
        description: "IPod Nano - 8gb - green",
        quantity: 1,
        rate: 199,
        amount: 189,
      },
      {
        item: { externalId: "IPOD2008RED" },
        description: "IPod Nano - 8gb - red",
        quantity: 2,
        rate: 199,
        amount: 398,
      },
    ]);
    // The lines add up to the channel's subtotal: discounts are folded into line amounts.
    const lines = body.item.items.reduce((sum, l) => sum + Math.round(l.amount * 100), 0);
    expect(lines).toBe(order.totals.subtotal.amount);
    expect(JSON.stringify(body)).toContain('"rate":199,"amount":189');
  });

  it("formats amounts in the currency's own minor units", () => {
    const jpy = (amount: number) => ({ amount, currency: "JPY" });
    const base = canonicalOrder();
    const order = canonicalOrder({
      currency: "JPY",
      lines: base.lines.map((l) => ({ ...l, unitPrice: jpy(1999), discountAllocations: [], taxLines: [] })),
    });
    const body = mapSalesOrder(order, "c", refs());
    expect(body.item.items[1]).toMatchObject({ rate: 1999, amount: 3998 });
  });

  it("sends net amounts for tax-inclusive prices, so NetSuite's tax is not added on top of VAT", () => {
    const gbp = (amount: number) => ({ amount, currency: "GBP" });
    const vat = (amount: number) => [
      { title: "VAT", rate: "0.2", amount: gbp(amount), channelLiable: false },
    ];
    const [line] = canonicalOrder().lines;
    if (!line) throw new Error("no line");
    const order = canonicalOrder({
      currency: "GBP",
      taxesIncluded: true,
      lines: [{ ...line, quantity: 2, unitPrice: gbp(6000), discountAllocations: [], taxLines: vat(2000) }],
      shippingLines: [
        {
          externalLineId: "s1",
          code: null,
          title: "Standard",
          price: gbp(480),
          discountAllocations: [],
          taxLines: vat(80),
        },
      ],
    });
    const body = mapSalesOrder(order, "c", refs());
    expect(body.item.items[0]).toEqual(expect.objectContaining({ quantity: 2, amount: 100 }));
    expect(body.item.items[0]?.rate).toBeUndefined();
    expect(body.shippingCost).toBe(4);
  });

  it("closes every line of a cancelled order and says so in the memo", () => {
    const order = canonicalOrder({
      status: "cancelled",
      cancelReason: "customer",
      cancelledAt: "2026-11-21T09:00:00Z",
    });
    const body = mapSalesOrder(order, "c", refs());
    expect(body.item.items.map((l) => l.isClosed)).toEqual([true, true]);
    expect(body.memo).toContain("cancelled: customer");
  });

  it("sends a line without a SKU without an item, for NetSuite to refuse", () => {
    const base = canonicalOrder();
    const first = base.lines[0];
    if (!first) throw new Error("fixture has lines");
    const body = mapSalesOrder(canonicalOrder({ lines: [{ ...first, sku: null }] }), "c", refs());
    expect(body.item.items[0]).not.toHaveProperty("item");
  });
});

describe("NetSuite salesOrder mapping: cancellations and mappings", () => {
  const order = canonicalOrder();
  const [green, red] = order.lines;
  if (!green || !red) throw new Error("fixture has two lines");

  it("sends the open quantity of a partially cancelled line, with its exact share of the net amount", () => {
    // 3 units at 10.00 less a 1.00 discount: 29.00 over 3 units, 2 cancelled; shares sum exactly.
    const line = {
      ...red,
      quantity: 3,
      cancelledQuantity: 2,
      unitPrice: usd(1000),
      discountAllocations: [{ source: "D", amount: usd(100) }],
    };
    const body = mapSalesOrder(canonicalOrder({ lines: [line] }), "c", refs());
    expect(body.item.items).toEqual([expect.objectContaining({ quantity: 1, rate: 10, amount: 9.67 })]);
    const kept = mapSalesOrder(canonicalOrder({ lines: [{ ...line, cancelledQuantity: 1 }] }), "c", refs());
    expect(kept.item.items[0]).toMatchObject({ quantity: 2, amount: 19.33 });
  });

  it("closes a line whose every unit was cancelled, keeping its quantity", () => {
    const body = mapSalesOrder(
      canonicalOrder({ lines: [{ ...green, cancelledQuantity: 1 }, red] }),
      "c",
      refs(),
    );
    expect(body.item.items[0]).toMatchObject({ quantity: 1, isClosed: true });
    expect(body.item.items[1]).not.toHaveProperty("isClosed");
  });

  it("references items, ship method and subsidiary by mapping, else by external id", () => {
    const mappings = { ...emptyMappings(), item: { IPOD2008RED: "55" }, shippingMethod: { Express: "9" } };
    const shipping = (code: string | null, title: string) => ({
      externalLineId: "s",
      code,
      title,
      price: usd(0),
      discountAllocations: [],
      taxLines: [],
    });
    const mapped = mapSalesOrder(canonicalOrder({ shippingLines: [shipping("exp", "Express")] }), "c", {
      customer: { id: "1" },
      subsidiary: { id: "2" },
      mappings,
    });
    expect(mapped.item.items.map((l) => l.item)).toEqual([{ externalId: "IPOD2008GREEN" }, { id: "55" }]);
    expect(mapped).toMatchObject({ shipMethod: { id: "9" }, subsidiary: { id: "2" } });
    const unmapped = mapSalesOrder(
      canonicalOrder({ shippingLines: [shipping("std", "Standard")] }),
      "c",
      refs(),
    );
    expect(unmapped.shipMethod).toEqual({ externalId: "std" });
    expect(unmapped).not.toHaveProperty("subsidiary");
  });
});

describe("NetSuite external id", () => {
  it("is channel-store-order, safe for eid: URLs", () => {
    expect(salesOrderExternalId({ channel: "shopify", storeId: "sto7", externalId: "450789469" })).toBe(
      "shopify-sto7-450789469",
    );
    const odd = salesOrderExternalId({
      channel: "amazon",
      storeId: "EU/de",
      externalId: "302-1234567-1234567",
    });
    expect(odd).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(odd).toBe("amazon-EU_2fde-302_2d1234567_2d1234567");
  });

  it("never maps two different orders to the same id", () => {
    const a = salesOrderExternalId({ channel: "ebay", storeId: "a-b", externalId: "c" });
    const b = salesOrderExternalId({ channel: "ebay", storeId: "a", externalId: "b-c" });
    const c = salesOrderExternalId({ channel: "ebay", storeId: "a_2d", externalId: "c" });
    const d = salesOrderExternalId({ channel: "ebay", storeId: "a-", externalId: "c" });
    expect(new Set([a, b, c, d]).size).toBe(4);
  });
});
