import { describe, expect, it } from "vitest";
import { type Money, Order } from "../../shared/canonical";
import { ShopifyOrder } from "../../workers/shopify/src/schema";
import cancelled from "../fixtures/shopify/orders-cancelled.json";
import docsOrder from "../fixtures/shopify/orders-create.json";
import manualDiscount from "../fixtures/shopify/orders-create-manual-discount.json";
import multiTender from "../fixtures/shopify/orders-create-multi-tender.json";
import twoTaxRates from "../fixtures/shopify/orders-create-two-tax-rates.json";
import { mapOrder } from "./map-support";

const usd = (amount: number): Money => ({ amount, currency: "USD" });

/** lines - discounts + shipping + tax + fees, from the parts rather than Shopify's totals. */
function recomputedTotal(order: Order): number {
  const sum = (xs: Money[]) => xs.reduce((a, m) => a + m.amount, 0);
  const lines = order.lines.reduce((a, l) => a + l.unitPrice.amount * l.quantity, 0);
  const parts = [...order.lines, ...order.shippingLines];
  const discounts = sum(parts.flatMap((p) => p.discountAllocations.map((d) => d.amount)));
  const tax = sum(parts.flatMap((p) => p.taxLines.map((t) => t.amount)));
  const shipping = sum(order.shippingLines.map((s) => s.price));
  return lines - discounts + shipping + tax + sum(order.fees.map((f) => f.amount));
}

describe("every fixture matches the Shopify order schema (drift check)", () => {
  it.each([
    ["orders-create", docsOrder],
    ["orders-cancelled", cancelled],
    ["orders-create-multi-tender", multiTender],
    ["orders-create-two-tax-rates", twoTaxRates],
    ["orders-create-manual-discount", manualDiscount],
  ])("%s", (_name, fixture) => {
    const parsed = ShopifyOrder.safeParse(fixture);
    expect(parsed.success, parsed.error?.message).toBe(true);
    expect(Order.safeParse(mapOrder(fixture).data).success).toBe(true);
  });
});

describe("the docs example order 450789469 (#1001)", () => {
  const event = mapOrder(docsOrder);
  const order = event.data;

  it("is a valid canonical order.created with a deterministic id and the order's own times", () => {
    expect(Order.parse(order)).toEqual(order);
    expect(event.type).toBe("order.created");
    expect(event.id).toBe("shopify:sto_map:orders/create:e5a1c6a6-2f3c-4a5f-9a8c-1d1c1b1a1e10");
    expect(event.occurredAt).toBe("2008-01-10T11:00:00-05:00");
    expect(event.intake).toEqual({
      deliveryId: "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
      topic: "orders/create",
      receivedAt: "2026-03-14T14:15:02.000Z",
      archiveKey: "shopify/sto_map/2026/03/14/b54557e4-bdd9-4b37-8a5f-bf7d70bcd043.json",
    });
    expect(order).toMatchObject({
      channel: "shopify",
      storeId: "sto_map",
      externalId: "450789469",
      orderNumber: "#1001",
      status: "open",
      financialStatus: "partially_refunded",
      currency: "USD",
      taxesIncluded: false,
      placedAt: "2008-01-10T11:00:00-05:00",
      sourceUpdatedAt: "2008-01-10T11:00:00-05:00",
    });
    expect(order.externalIds).toContainEqual({
      system: "shopify",
      kind: "order_gid",
      id: "gid://shopify/Order/450789469",
    });
  });

  it("totals are Shopify's, exactly, in minor units", () => {
    expect(order.totals).toEqual({
      subtotal: usd(59700),
      discounts: usd(1000),
      shipping: usd(0),
      tax: usd(1194),
      fees: usd(0),
      total: usd(59894),
    });
    expect(recomputedTotal(order)).toBe(order.totals.total.amount);
  });

  it("lines carry unit price, the TENOFF allocation and the state tax each", () => {
    expect(
      order.lines.map((l) => [l.externalLineId, l.sku, l.variantTitle, l.quantity, l.unitPrice.amount]),
    ).toEqual([
      ["466157049", "IPOD2008GREEN", "green", 1, 19900],
      ["518995019", "IPOD2008RED", "red", 1, 19900],
      ["703073504", "IPOD2008BLACK", "black", 1, 19900],
    ]);
    expect(order.lines.map((l) => l.discountAllocations)).toEqual([
      [{ source: "TENOFF", amount: usd(334) }],
      [{ source: "TENOFF", amount: usd(333) }],
      [{ source: "TENOFF", amount: usd(333) }],
    ]);
    for (const line of order.lines) {
      expect(line.taxLines).toEqual([
        { title: "State Tax", rate: "0.06", amount: usd(398), channelLiable: false },
      ]);
      expect(line).toMatchObject({ requiresShipping: true, giftCard: false, productExternalId: "632910392" });
    }
  });

  it("shipping, payment, customer and addresses", () => {
    expect(order.shippingLines).toEqual([
      {
        externalLineId: "369256396",
        code: "Free Shipping",
        title: "Free Shipping",
        price: usd(0),
        discountAllocations: [],
        taxLines: [],
      },
    ]);
    // No transactions in the payload and nothing outstanding: the whole total was paid through `bogus`.
    expect(order.payments).toEqual([
      {
        externalId: null,
        gateway: "bogus",
        kind: "unknown",
        status: "success",
        amount: usd(59894),
        method: null,
      },
    ]);
    expect(order.fees).toEqual([]);
    expect(order.customer).toEqual({
      externalId: "207119551",
      email: "bob.norman@mail.example.com",
      phone: "+16136120707",
      firstName: "Bob",
      lastName: "Norman",
    });
    expect(order.shippingAddress).toEqual({
      name: "Bob Norman",
      company: null,
      line1: "Chestnut Street 92",
      line2: null,
      city: "Louisville",
      region: "Kentucky",
      regionCode: "KY",
      postalCode: "40202",
      country: "United States",
      countryCode: "US",
      phone: "+1(502)-459-2181",
    });
  });
});
