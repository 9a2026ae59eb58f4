import { describe, expect, it } from "vitest";
import cancelled from "../fixtures/shopify/orders-cancelled.json";
import docsOrder from "../fixtures/shopify/orders-create.json";
import multiTender from "../fixtures/shopify/orders-create-multi-tender.json";
import partialCancel from "../fixtures/shopify/orders-updated-partial-cancel.json";
import { mapOrder } from "./map-support";

const cancelledBySku = (payload: unknown, topic = "orders/updated") =>
  mapOrder(payload, topic).data.lines.map((l) => [l.sku, l.quantity, l.cancelledQuantity]);

describe("partial cancellation: units removed before they shipped", () => {
  it("#1002 after an edit: one of two green units cancelled; the red one shipped and came back, which is no cancellation", () => {
    expect(cancelledBySku(partialCancel)).toEqual([
      ["IPOD2008GREEN", 2, 1],
      ["IPOD2008RED", 1, 0],
      ["ENGRAVE", 1, 0],
    ]);
  });

  it("the order stays as placed: quantities and totals are the original ones", () => {
    const before = mapOrder(multiTender).data;
    const after = mapOrder(partialCancel, "orders/updated").data;
    expect(after.totals).toEqual(before.totals);
    expect(after.lines.map((l) => l.quantity)).toEqual(before.lines.map((l) => l.quantity));
  });

  it("a unit in a fulfilment that is still open is not cancellable either", () => {
    const [shipped, voided] = partialCancel.fulfillments;
    const open = { ...voided, status: "open", line_items: [{ id: 466157049, quantity: 1 }] };
    const lines = partialCancel.line_items.map((l) =>
      l.id === 466157049 ? { ...l, current_quantity: 0 } : l,
    );
    const order = { ...partialCancel, line_items: lines, fulfillments: [shipped, open] };
    // Both green units are gone from the order, but one of them is in a fulfilment under way.
    expect(cancelledBySku(order)[0]).toEqual(["IPOD2008GREEN", 2, 1]);
  });

  it("the docs order: the two lines refunded before their failed fulfilment ever shipped are cancelled", () => {
    expect(cancelledBySku(docsOrder, "orders/create")).toEqual([
      ["IPOD2008GREEN", 1, 1],
      ["IPOD2008RED", 1, 0],
      ["IPOD2008BLACK", 1, 1],
    ]);
  });

  it("orders/cancelled: every unit that had not shipped", () => {
    expect(cancelledBySku(cancelled, "orders/cancelled")).toEqual([
      ["IPOD2008GREEN", 1, 1],
      ["IPOD2008RED", 1, 0],
      ["IPOD2008BLACK", 1, 1],
    ]);
  });

  it("payloads from before API version 2024-01 have no current_quantity: nothing is known cancelled", () => {
    const lines = partialCancel.line_items.map(({ current_quantity: _dropped, ...l }) => l);
    expect(cancelledBySku({ ...partialCancel, line_items: lines }).map(([, , c]) => c)).toEqual([0, 0, 0]);
  });
});
