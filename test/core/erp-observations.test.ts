import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMIN, api } from "./api-helpers";
import { createConnection, plainOrder } from "./erp-helpers";
import {
  apply,
  ingestedOrder,
  inventoryObserved,
  level,
  observedOrder,
  orderStatusObserved,
  T,
} from "./erp-observed-events";

interface StockRow {
  sku: string;
  erp_location: string;
  location_id: string | null;
  on_hand: number;
  observed_at: number;
}

async function stockOf(connectionId: string): Promise<StockRow[]> {
  const rows = await env.DB.prepare(
    `SELECT sku, erp_location, location_id, on_hand, observed_at FROM erp_stock WHERE connection_id = ?
     ORDER BY sku, erp_location`,
  )
    .bind(connectionId)
    .all<StockRow>();
  return rows.results;
}

interface LoggedChange {
  order_id: string | null;
  correlation_id: string;
  occurred_at: number;
  data: string;
}

/** The `inventory.erp_changed` steps logged for one connection, in the order they were written. */
async function stockChanges(connectionId: string) {
  const rows = await env.DB.prepare(
    `SELECT order_id, correlation_id, occurred_at, data FROM events WHERE type = 'inventory.erp_changed'
       AND json_extract(data, '$.connectionId') = ? ORDER BY id`,
  )
    .bind(connectionId)
    .all<LoggedChange>();
  return rows.results.map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }));
}

const fromTo = async (connectionId: string) =>
  (await stockChanges(connectionId)).map((c) => [c.data.sku, c.data.erpLocation, c.data.from, c.data.to]);

describe("erp.inventory.observed", () => {
  it("stores each level per SKU and ERP location, and logs every level it learns", async () => {
    const { id: c } = await createConnection();
    const event = inventoryObserved(c, T(0), [
      level("OBS-1", "WH-1", 10, "loc-main"),
      level("OBS-1", "WH-2", 3),
      level("OBS-2", "WH-1", 7.6),
    ]);
    await apply(event);
    expect(await stockOf(c)).toEqual([
      {
        sku: "OBS-1",
        erp_location: "WH-1",
        location_id: "loc-main",
        on_hand: 10,
        observed_at: Date.parse(T(0)),
      },
      { sku: "OBS-1", erp_location: "WH-2", location_id: null, on_hand: 3, observed_at: Date.parse(T(0)) },
      { sku: "OBS-2", erp_location: "WH-1", location_id: null, on_hand: 8, observed_at: Date.parse(T(0)) },
    ]);
    const changes = await stockChanges(c);
    expect(changes.map((x) => [x.data.sku, x.data.erpLocation, x.data.from, x.data.to])).toEqual([
      ["OBS-1", "WH-1", null, 10],
      ["OBS-1", "WH-2", null, 3],
      ["OBS-2", "WH-1", null, 8],
    ]);
    expect(changes[0]).toEqual({
      order_id: null,
      correlation_id: event.correlationId,
      occurred_at: Date.parse(T(0)),
      data: {
        connectionId: c,
        system: "netsuite",
        sku: "OBS-1",
        erpLocation: "WH-1",
        locationId: "loc-main",
        from: null,
        to: 10,
      },
    });
  });

  it("logs only the levels a newer reading changed, from the old level to the new", async () => {
    const { id: c } = await createConnection();
    await apply(inventoryObserved(c, T(0), [level("OBS-3", "WH-1", 10), level("OBS-4", "WH-1", 5)]));
    await apply(inventoryObserved(c, T(15), [level("OBS-3", "WH-1", 6), level("OBS-4", "WH-1", 5)]));
    expect((await stockOf(c)).map((s) => [s.sku, s.on_hand, s.observed_at])).toEqual([
      ["OBS-3", 6, Date.parse(T(15))],
      ["OBS-4", 5, Date.parse(T(15))],
    ]);
    expect(await fromTo(c)).toEqual([
      ["OBS-3", "WH-1", null, 10],
      ["OBS-4", "WH-1", null, 5],
      ["OBS-3", "WH-1", 10, 6],
    ]);
  });

  it("ignores a reading older than the one it holds, and a replay writes nothing new", async () => {
    const { id: c } = await createConnection();
    const current = inventoryObserved(c, T(30), [level("OBS-5", "WH-1", 4)]);
    await apply(current);
    await apply(inventoryObserved(c, T(15), [level("OBS-5", "WH-1", 99), level("OBS-6", "WH-1", 2)]));
    // The late reading's level for a SKU not held yet is still news; the held one is not overwritten.
    expect((await stockOf(c)).map((s) => [s.sku, s.on_hand, s.observed_at])).toEqual([
      ["OBS-5", 4, Date.parse(T(30))],
      ["OBS-6", 2, Date.parse(T(15))],
    ]);
    const before = await stockChanges(c);
    await apply(current, current);
    expect(await stockChanges(c)).toEqual(before);
    expect(await fromTo(c)).toEqual([
      ["OBS-5", "WH-1", null, 4],
      ["OBS-6", "WH-1", null, 2],
    ]);
  });

  it("keeps each connection's levels apart, and handles readings of more SKUs than one lookup holds", async () => {
    const { id: a } = await createConnection();
    const { id: b } = await createConnection({ kind: "business_central" });
    const many = Array.from({ length: 95 }, (_, i) => level(`BULK-${String(i).padStart(3, "0")}`, "", i + 1));
    await apply(inventoryObserved(a, T(0), many), inventoryObserved(b, T(0), [level("BULK-000", "", 500)]));
    const inA = await stockOf(a);
    expect(inA.map((s) => [s.sku, s.on_hand])).toEqual(many.map((l) => [l.sku, l.onHand]));
    expect((await stockOf(b)).map((s) => [s.sku, s.on_hand])).toEqual([["BULK-000", 500]]);
    expect(await stockChanges(a)).toHaveLength(95);
    // A newer reading that moves every tenth level logs exactly those.
    const moved = many.map((l, i) => (i % 10 === 0 ? { ...l, onHand: l.onHand + 100 } : l));
    await apply(inventoryObserved(a, T(15), moved));
    const changes = (await stockChanges(a)).slice(95);
    expect(changes.map((x) => [x.data.sku, x.data.from, x.data.to])).toEqual(
      many.filter((_, i) => i % 10 === 0).map((l) => [l.sku, l.onHand, l.onHand + 100]),
    );
  });
});

const erpStatusOf = (orderId: string) =>
  env.DB.prepare(
    "SELECT erp_fulfillment_status AS status, erp_observed_at AS observedAt FROM orders WHERE id = ?",
  )
    .bind(orderId)
    .first<{ status: string | null; observedAt: number | null }>();

async function statusSteps(orderId: string) {
  const rows = await env.DB.prepare(
    "SELECT correlation_id, occurred_at, data FROM events WHERE order_id = ? AND type = 'order.erp_status_changed' ORDER BY id",
  )
    .bind(orderId)
    .all<{ correlation_id: string; occurred_at: number; data: string }>();
  return rows.results.map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }));
}

describe("erp.order_status.observed", () => {
  it("sets the order's ERP fulfilment status and logs the change on the order's own trace", async () => {
    const { connectionId, order, orderId, correlationId } = await ingestedOrder();
    await apply(orderStatusObserved(connectionId, T(0), [observedOrder(order, "partially_fulfilled")]));
    expect(await erpStatusOf(orderId)).toEqual({
      status: "partially_fulfilled",
      observedAt: Date.parse(T(0)),
    });
    expect(await statusSteps(orderId)).toEqual([
      {
        correlation_id: correlationId,
        occurred_at: Date.parse(T(0)),
        data: {
          system: "netsuite",
          erpId: "SO-77",
          from: null,
          to: "partially_fulfilled",
          shipped: [{ sku: "IPOD2008RED", quantity: 1 }],
        },
      },
    ]);
    const trace = await api(`/v1/traces/${correlationId}`, { headers: ADMIN });
    const body = (await trace.json()) as { orderIds: string[]; events: { type: string }[] };
    expect(body.orderIds).toEqual([orderId]);
    expect(body.events.map((e) => e.type)).toContain("order.erp_status_changed");
  });

  it("logs only a changed status, ignores an older reading, and a replay writes nothing new", async () => {
    const { connectionId, order, orderId } = await ingestedOrder();
    const open = orderStatusObserved(connectionId, T(0), [observedOrder(order, "open")]);
    await apply(open);
    await apply(orderStatusObserved(connectionId, T(15), [observedOrder(order, "open")]));
    expect(await erpStatusOf(orderId)).toEqual({ status: "open", observedAt: Date.parse(T(15)) });
    const fulfilled = orderStatusObserved(connectionId, T(30), [observedOrder(order, "fulfilled")]);
    await apply(fulfilled);
    await apply(orderStatusObserved(connectionId, T(20), [observedOrder(order, "cancelled")]));
    await apply(fulfilled, open);
    expect(await erpStatusOf(orderId)).toEqual({ status: "fulfilled", observedAt: Date.parse(T(30)) });
    expect((await statusSteps(orderId)).map((s) => [s.data.from, s.data.to, s.occurred_at])).toEqual([
      [null, "open", Date.parse(T(0))],
      ["open", "fulfilled", Date.parse(T(30))],
    ]);
  });

  it("changes only the order whose sales order that connection holds", async () => {
    const { order, orderId } = await ingestedOrder();
    const other = await createConnection({ kind: "tryton" });
    const stranger = plainOrder({ storeId: "sto_nowhere", externalId: "X-1" });
    await apply(
      orderStatusObserved(other.id, T(0), [
        observedOrder(order, "fulfilled"),
        observedOrder(stranger, "open"),
      ]),
    );
    expect(await erpStatusOf(orderId)).toEqual({ status: null, observedAt: null });
    expect(await statusSteps(orderId)).toEqual([]);
  });
});
