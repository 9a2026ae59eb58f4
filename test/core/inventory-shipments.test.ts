import { describe, expect, it } from "vitest";
import type { Fulfillment, Order } from "../../shared/canonical";
import { orderEvent } from "../support/canonical-order";
import { deliver, fulfillment, fulfillmentEvent } from "./erp-helpers";
import {
  count,
  d1Line,
  expectConsistent,
  ledger,
  lineOf,
  reserveRequest,
  runAlarm,
  skuOrder,
  stateOf,
} from "./inventory-helpers";

/**
 * Shipments commit stock: shipped units leave the line's hold and the location's on-hand together,
 * once per shipment and line, by difference when a shipment changes, and back when it is cancelled.
 */
const keyOf = (order: Order) => `shopify:${order.storeId}:${order.externalId}:L1`;

async function ship(order: Order, quantity: number, overrides: Partial<Fulfillment> = {}) {
  const f = fulfillment(order, { lines: [{ externalLineId: "L1", sku: null, quantity }], ...overrides });
  return deliver([fulfillmentEvent(order, f)]);
}

/** A minute past the helper's shipment time: a newer version of the same shipment. */
const at = (minute: number) => `2026-11-21T09:${String(minute).padStart(2, "0")}:00-05:00`;

describe("shipments commit stock", () => {
  it("takes shipped units from the hold and the shelf together; a partial shipment leaves the rest held", async () => {
    const sku = "SHIP-PARTIAL";
    await count(sku, "loc_main", 10);
    const order = skuOrder("sto_ship", "S-1", sku, 3);
    await deliver([orderEvent("order.created", order)]);
    expect(await ledger(sku).snapshot()).toMatchObject({ onHand: 10, reserved: 3, available: 7 });

    await ship(order, 1);
    const after = await ledger(sku).snapshot();
    expectConsistent(after);
    expect(after).toMatchObject({ onHand: 9, reserved: 2, available: 7 });
    expect(lineOf(after, keyOf(order))).toMatchObject({ status: "reserved", quantity: 3, shipped: 1 });
    await runAlarm(sku);
    expect(await d1Line("sto_ship", "S-1")).toEqual({
      status: "reserved",
      reserved: 2,
      orderState: "reserved",
    });
  });

  it("commits a shipment once however often it arrives, an update by its difference, and ignores an older version", async () => {
    const sku = "SHIP-UPDATE";
    await count(sku, "loc_main", 10);
    const order = skuOrder("sto_ship", "S-2", sku, 3);
    await deliver([orderEvent("order.created", order)]);
    await ship(order, 1, { sourceUpdatedAt: at(0) });
    await ship(order, 1, { sourceUpdatedAt: at(0) });
    await Promise.all([
      ship(order, 1, { sourceUpdatedAt: at(0) }),
      ship(order, 1, { sourceUpdatedAt: at(0) }),
    ]);
    expect(await ledger(sku).snapshot()).toMatchObject({ onHand: 9, reserved: 2 });

    await ship(order, 3, { sourceUpdatedAt: at(5) });
    const all = await ledger(sku).snapshot();
    expect(all).toMatchObject({ onHand: 7, reserved: 0, available: 7 });
    expect(lineOf(all, keyOf(order))).toMatchObject({ status: "committed", shipped: 3, locations: [] });

    // The first version, delivered late, must not undo the newer one.
    await ship(order, 1, { sourceUpdatedAt: at(0) });
    expect(await ledger(sku).snapshot()).toMatchObject({ onHand: 7, reserved: 0 });
    await runAlarm(sku);
    // Committed lines count as reserved in the order's one word: their stock is gone, not missing.
    expect(await d1Line("sto_ship", "S-2")).toEqual({
      status: "committed",
      reserved: 0,
      orderState: "reserved",
    });
  });

  it("puts a cancelled shipment's units back on the shelf and holds them for the line again", async () => {
    const sku = "SHIP-CANCEL";
    await count(sku, "loc_main", 4);
    const order = skuOrder("sto_ship", "S-3", sku, 2);
    await deliver([orderEvent("order.created", order)]);
    await ship(order, 2, { sourceUpdatedAt: at(0) });
    expect(await ledger(sku).snapshot()).toMatchObject({ onHand: 2, reserved: 0 });
    await ship(order, 2, { sourceUpdatedAt: at(1), status: "cancelled" });
    const back = await ledger(sku).snapshot();
    expectConsistent(back);
    expect(back).toMatchObject({ onHand: 4, reserved: 2, available: 2 });
    expect(lineOf(back, keyOf(order))).toMatchObject({ status: "reserved", shipped: 0 });
  });

  it("waits for the order when a shipment arrives first, then ends where the in-order delivery ends", async () => {
    const order = (sku: string) => skuOrder("sto_ship", `S-4-${sku}`, sku, 2);
    for (const sku of ["SHIP-FIRST", "SHIP-SECOND"]) await count(sku, "loc_main", 5);

    const early = await ship(order("SHIP-FIRST"), 1);
    expect(early.retryMessages).toHaveLength(1);
    expect(await ledger("SHIP-FIRST").snapshot()).toMatchObject({ onHand: 5, reserved: 0, reservations: [] });
    await deliver([orderEvent("order.created", order("SHIP-FIRST"))]);
    await ship(order("SHIP-FIRST"), 1);

    await deliver([orderEvent("order.created", order("SHIP-SECOND"))]);
    await ship(order("SHIP-SECOND"), 1);

    const [first, second] = await Promise.all([
      ledger("SHIP-FIRST").snapshot(),
      ledger("SHIP-SECOND").snapshot(),
    ]);
    expect(first).toMatchObject({ onHand: 4, reserved: 1 });
    expect(second).toMatchObject({ onHand: 4, reserved: 1 });
    expect(lineOf(first, keyOf(order("SHIP-FIRST")))).toMatchObject({ status: "reserved", shipped: 1 });
  });

  it("converges in the ledger itself when a shipment is committed before its line is reserved", async () => {
    const lineKey = "shopify:sto_ship:S-5:L1";
    const commit = {
      shipmentKey: "shopify:sto_ship:S-5:F1",
      lineKey,
      orderRef: "shopify:sto_ship:S-5",
      storeId: "sto_ship",
      quantity: 1,
      location: "loc_main",
      erpDocKey: null,
      correlationId: "c",
    };
    for (const sku of ["COMMIT-FIRST", "RESERVE-FIRST"]) await count(sku, "loc_main", 5);
    const early = await ledger("COMMIT-FIRST").commit(commit);
    expect(early).toMatchObject({ status: "committed", shippedQuantity: 1, reservedQuantity: 0 });
    await ledger("COMMIT-FIRST").reserve(reserveRequest(lineKey, 3));
    await ledger("RESERVE-FIRST").reserve(reserveRequest(lineKey, 3));
    await ledger("RESERVE-FIRST").commit(commit);
    const [a, b] = await Promise.all([ledger("COMMIT-FIRST").snapshot(), ledger("RESERVE-FIRST").snapshot()]);
    expect(stateOf(a)).toEqual(stateOf(b));
    expect(a).toMatchObject({ onHand: 4, reserved: 2 });
  });

  it("when goods leave for a line that held nothing, the line holding the last unit gives it up and waits", async () => {
    const sku = "SHIP-UNHELD";
    await count(sku, "loc_main", 1);
    const held = "shopify:sto_ship:S-6:L1";
    const waiting = "shopify:sto_ship:S-7:L1";
    await ledger(sku).reserve(reserveRequest(held, 1));
    expect(await ledger(sku).reserve(reserveRequest(waiting, 1))).toMatchObject({ status: "backordered" });
    // The warehouse shipped the waiting line all the same: the shelf is empty now.
    await ledger(sku).commit({
      shipmentKey: "shopify:sto_ship:S-7:F1",
      lineKey: waiting,
      orderRef: "shopify:sto_ship:S-7",
      storeId: "sto_ship",
      quantity: 1,
      location: "loc_main",
      erpDocKey: null,
      correlationId: "c",
    });
    const after = await ledger(sku).snapshot();
    expectConsistent(after);
    expect(after).toMatchObject({ onHand: 0, reserved: 0, available: 0 });
    expect(lineOf(after, waiting)).toMatchObject({ status: "committed", shipped: 1 });
    expect(lineOf(after, held)).toMatchObject({ status: "backordered", locations: [] });
    expect(lineOf(after, held)?.reason).toMatch(/^1 wanted, 0 free/);
  });

  it("puts back only what a shipment really took, and invents no count for a SKU that has none", async () => {
    const commit = (sku: string, quantity: number) =>
      ledger(sku).commit({
        shipmentKey: "shopify:sto_ship:S-8:F1",
        lineKey: "shopify:sto_ship:S-8:L1",
        orderRef: "shopify:sto_ship:S-8",
        storeId: "sto_ship",
        quantity,
        location: "loc_main",
        erpDocKey: null,
        correlationId: "c",
      });
    await count("SHIP-SHORT-SHELF", "loc_main", 1);
    await commit("SHIP-SHORT-SHELF", 3);
    expect(await ledger("SHIP-SHORT-SHELF").snapshot()).toMatchObject({ onHand: 0 });
    await commit("SHIP-SHORT-SHELF", 0);
    expect(await ledger("SHIP-SHORT-SHELF").snapshot()).toMatchObject({ onHand: 1 });

    await commit("SHIP-UNCOUNTED", 2);
    expect(await ledger("SHIP-UNCOUNTED").snapshot()).toMatchObject({ onHand: null, locations: [] });
    await commit("SHIP-UNCOUNTED", 0);
    expect(await ledger("SHIP-UNCOUNTED").snapshot()).toMatchObject({ onHand: null, locations: [] });
  });
});
