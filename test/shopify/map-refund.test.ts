import { describe, expect, it } from "vitest";
import { type Money, Refund } from "../../shared/canonical";
import { mapShopifyDelivery } from "../../workers/shopify/src/map";
import { ShopifyRefund } from "../../workers/shopify/src/schema-refund";
import shipping from "../fixtures/shopify/refunds-create-shipping.json";
import shippingAdjustment from "../fixtures/shopify/refunds-create-shipping-adjustment.json";
import splitTender from "../fixtures/shopify/refunds-create-split-tender.json";
import unbalanced from "../fixtures/shopify/refunds-create-unbalanced.json";
import { intakeMessage, mapEvent } from "./map-support";

const usd = (amount: number): Money => ({ amount, currency: "USD" });
const created = (payload: unknown) => mapEvent("refund.created", "refunds/create", payload);
const mapRefund = (payload: unknown) => mapShopifyDelivery(intakeMessage("refunds/create"), payload);

describe("every refund fixture matches the schema (drift check)", () => {
  it.each([
    ["refunds-create-shipping", shipping],
    ["refunds-create-shipping-adjustment", shippingAdjustment],
    ["refunds-create-split-tender", splitTender],
    ["refunds-create-unbalanced", unbalanced],
  ])("%s", (_name, fixture) => {
    const parsed = ShopifyRefund.safeParse(fixture);
    expect(parsed.success, parsed.error?.message).toBe(true);
  });
});

describe("split tender: two lines paid back over a gift card and a card", () => {
  const event = created(splitTender);
  const refund = event.data;

  it("is a valid refund.created dated by processed_at, with its natural key", () => {
    expect(Refund.parse(refund)).toEqual(refund);
    expect(event).toMatchObject({
      type: "refund.created",
      id: "shopify:sto_map:refunds/create:e5a1c6a6-2f3c-4a5f-9a8c-1d1c1b1a1e10",
      occurredAt: "2025-04-02T11:38:15-05:00",
    });
    expect(refund).toMatchObject({
      channel: "shopify",
      storeId: "sto_map",
      orderExternalId: "450789469",
      externalId: "509562970",
      returnExternalId: null,
      currency: "USD",
      note: "split tender",
      createdAt: "2025-04-02T11:38:15-05:00",
    });
  });

  it("lines carry subtotal and tax in shop money, exactly, and whether their units go back on hand", () => {
    expect(refund.lines).toEqual([
      {
        externalLineId: "703073504",
        sku: "IPOD2008BLACK",
        quantity: 1,
        amount: usd(19566),
        tax: usd(398),
        restock: true,
      },
      {
        externalLineId: "466157049",
        sku: "IPOD2008GREEN",
        quantity: 1,
        amount: usd(19567),
        tax: usd(398),
        restock: false,
      },
    ]);
    expect(refund.shipping).toEqual(usd(0));
    expect(refund.adjustment).toEqual(usd(0));
    expect(refund.total).toEqual(usd(39929));
  });

  it("one transaction per tender, never merged; the failed attempt moved no money and is left out", () => {
    expect(refund.transactions).toEqual([
      { externalId: "179259972", gateway: "gift_card", method: null, amount: usd(10000) },
      { externalId: "179259973", gateway: "shopify_payments", method: "Visa", amount: usd(29929) },
    ]);
  });
});

describe("shipping refunds", () => {
  it("2024-10 and later: refund_shipping_lines, not counted again from the shipping_refund adjustment beside them", () => {
    const refund = created(shipping).data;
    expect(refund).toMatchObject({
      externalId: "929361471",
      lines: [],
      shipping: usd(500),
      adjustment: usd(0),
      total: usd(500),
      transactions: [{ externalId: "1068278525", gateway: "bogus", method: null, amount: usd(500) }],
    });
  });

  it("a shipping line's tax, when the payload states it (GraphQL's taxAmountSet), is part of the shipping", () => {
    const [line] = shipping.refund_shipping_lines;
    const taxed = {
      ...shipping,
      refund_shipping_lines: [
        { ...line, tax_amount_set: { shop_money: { amount: "0.30", currency_code: "USD" } } },
      ],
      transactions: [{ ...shipping.transactions[0], amount: "5.30" }],
    };
    expect(created(taxed).data).toMatchObject({ shipping: usd(530), total: usd(530) });
  });

  it("before 2024-10: the shipping_refund adjustment with its tax is shipping; a discrepancy is the adjustment", () => {
    const refund = created(shippingAdjustment).data;
    expect(refund).toMatchObject({
      lines: [{ externalLineId: "518995019", quantity: 1, amount: usd(19567), tax: usd(398), restock: true }],
      shipping: usd(530),
      // Shopify states the discrepancy as calculated minus refunded (+2.00): the buyer got 2.00 less.
      adjustment: usd(-200),
      total: usd(20295),
      transactions: [{ externalId: "1068278530", amount: usd(20295) }],
    });
  });
});

describe("refunds that do not hold the Refund invariants are parked with the reason", () => {
  it("Shopify's own example 509562969: lines 399.29 but a transaction of 209.00", () => {
    expect(mapRefund(unbalanced)).toEqual({
      ok: false,
      kind: "validation",
      reason: "Shopify refund 509562969 of order 450789469 does not balance",
      detail:
        "goods 391.33 + tax 7.96 + shipping 0.00 + adjustment 0.00 = 399.29 USD, " +
        "but the successful refund transactions sum to 209.00 USD",
    });
  });

  it("one minor unit off is enough", () => {
    const [gift, card] = splitTender.transactions.slice(1);
    const result = mapRefund({ ...splitTender, transactions: [gift, { ...card, amount: "299.28" }] });
    expect(result).toMatchObject({ ok: false, kind: "validation" });
    expect(result.ok || result.detail).toContain("sum to 399.28 USD");
  });

  it("a refund transaction in the presentment currency cannot be stated in shop money", () => {
    const [, gift, card] = splitTender.transactions;
    const result = mapRefund({ ...splitTender, transactions: [gift, { ...card, currency: "EUR" }] });
    expect(result).toEqual({
      ok: false,
      kind: "mapping",
      reason:
        "Shopify refund 509562970 of order 450789469 has a refund transaction in EUR, not the shop's USD",
      detail: "179259973",
    });
  });

  it("refunded duties have no place in the canonical Refund", () => {
    const withDuties = {
      ...shipping,
      total_duties_set: { shop_money: { amount: "9.83", currency_code: "USD" } },
    };
    expect(mapRefund(withDuties)).toMatchObject({
      ok: false,
      kind: "mapping",
      reason:
        "Shopify refund 929361471 of order 450789469 refunds duties or additional fees, which a canonical Refund cannot carry",
      detail: "duties 9.83, additional fees 0.00 USD",
    });
  });

  it("amounts in two shop currencies throw (the consumer parks it as a mapping failure)", () => {
    const [line] = shippingAdjustment.refund_line_items;
    const mixed = {
      ...shippingAdjustment,
      refund_line_items: [
        { ...line, total_tax_set: { shop_money: { amount: "3.98", currency_code: "CAD" } } },
      ],
    };
    expect(() => mapRefund(mixed)).toThrow(RangeError);
  });

  it("a refund with no amount in any currency", () => {
    const bare = { id: 1, order_id: 450789469, created_at: "2025-04-02T11:38:15-05:00" };
    expect(mapRefund(bare)).toMatchObject({
      ok: false,
      kind: "validation",
      reason: "Shopify refund 1 of order 450789469 states no amount in any currency",
    });
  });
});

describe("what else a refund carries", () => {
  it("no transactions yet (nothing has moved): the credit alone, which the ERP books as a credit memo", () => {
    const refund = created({ ...splitTender, transactions: [] }).data;
    expect(refund).toMatchObject({ total: usd(39929), transactions: [] });
  });

  it("the return it settles", () => {
    expect(created({ ...shipping, return: { id: 945000961 } }).data.returnExternalId).toBe("945000961");
  });

  it("lines without restock_type fall back to the refund's deprecated restock flag", () => {
    const lines = splitTender.refund_line_items.map(({ restock_type: _dropped, ...l }) => l);
    const restocked = created({ ...splitTender, restock: true, refund_line_items: lines }).data;
    expect(restocked.lines.map((l) => l.restock)).toEqual([true, true]);
  });
});
