import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MeshEvent, type Order } from "../../shared/canonical";
import { erpOutbox } from "../../shared/db/schema";
import { salesOrderKey } from "../../shared/erp";
import { newId } from "../../shared/ids";
import { MeshInternal } from "../../workers/core/src/internal/mesh-internal";
import { ADMIN, api, db, seedOrder } from "./api-helpers";
import { createConnection, deliver, deliverOrder, isolatedStore, plainOrder, rowByKey } from "./erp-helpers";
import { inventoryObserved, level, type ObservedOrder, orderStatusObserved } from "./erp-observed-events";

const T = (minute: number) => new Date(Date.UTC(2026, 10, 24, 12, minute)).toISOString();

/** Delivers events to core's consumer and expects each to be applied and acked, none retried. */
async function apply(...events: MeshEvent[]): Promise<void> {
  for (const e of events) expect(MeshEvent.safeParse(e).success).toBe(true);
  const result = await deliver(events);
  expect(result.retryMessages).toEqual([]);
  expect(result.explicitAcks).toHaveLength(events.length);
}

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

/** An order ingested into a store of its own connection, with its sales order row. */
async function ingestedOrder(overrides: Partial<Order> = {}) {
  const { connectionId, storeId } = await isolatedStore();
  const order = plainOrder({ storeId, externalId: "OBS-1001", customer: null, payments: [], ...overrides });
  await deliverOrder(order);
  const row = await env.DB.prepare("SELECT id, correlation_id FROM orders WHERE store_id = ?")
    .bind(storeId)
    .first<{ id: string; correlation_id: string }>();
  if (!row) throw new Error("order not applied");
  return { connectionId, order, orderId: row.id, correlationId: row.correlation_id };
}

const observedOrder = (order: Order, status: ObservedOrder["status"], erpId = "SO-77"): ObservedOrder => ({
  docKey: salesOrderKey(order),
  erpId,
  status,
  shipped: status === "open" ? [] : [{ sku: "IPOD2008RED", quantity: 1 }],
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

describe("MeshInternal.listErpOrdersForReadBack", () => {
  /** An order and its sales order row in `connectionId`, written (`erpId`) or still waiting (null). */
  async function salesOrderIn(connectionId: string, n: number, erpId: string | null): Promise<Order> {
    const at = Date.UTC(2026, 10, 22, 8, 0, n);
    const storeId = "sto_read_back";
    const externalId = `RB-${connectionId.slice(-6)}-${n}`;
    const orderId = await seedOrder({ at, storeId, externalId });
    const order = plainOrder({ storeId, externalId });
    await db.insert(erpOutbox).values({
      id: newId("obx", at),
      connectionId,
      kind: "sales_order",
      docKey: salesOrderKey(order),
      orderId,
      dependsOn: "[]",
      document: JSON.stringify({ kind: "sales_order", order }),
      version: 1,
      status: erpId ? "done" : "pending",
      attempts: erpId ? 1 : 0,
      nextAttemptAt: at,
      correlationId: `corr-${externalId}`,
      erpId,
      createdAt: at,
      updatedAt: at,
    });
    return order;
  }

  it("offers the written sales orders whose status is not final, least recently observed first", async () => {
    const { id: c } = await createConnection();
    const never = await salesOrderIn(c, 1, "SO-1");
    const fulfilled = await salesOrderIn(c, 2, "SO-2");
    const cancelled = await salesOrderIn(c, 3, "SO-3");
    const closed = await salesOrderIn(c, 4, "SO-4");
    const lately = await salesOrderIn(c, 5, "SO-5");
    const earlier = await salesOrderIn(c, 6, "SO-6");
    await salesOrderIn(c, 7, null);
    const elsewhere = await createConnection({ kind: "tryton" });
    await salesOrderIn(elsewhere.id, 8, "SO-8");
    await apply(
      orderStatusObserved(c, T(10), [
        observedOrder(fulfilled, "fulfilled", "SO-2"),
        observedOrder(cancelled, "cancelled", "SO-3"),
        observedOrder(closed, "closed", "SO-4"),
        observedOrder(lately, "open", "SO-5"),
      ]),
      orderStatusObserved(c, T(5), [observedOrder(earlier, "partially_fulfilled", "SO-6")]),
    );
    const internal = new MeshInternal(createExecutionContext(), env);
    expect(await internal.listErpOrdersForReadBack({ connectionId: c, limit: 10 })).toEqual([
      { docKey: salesOrderKey(never), erpId: "SO-1" },
      { docKey: salesOrderKey(earlier), erpId: "SO-6" },
      { docKey: salesOrderKey(lately), erpId: "SO-5" },
    ]);
    expect(await internal.listErpOrdersForReadBack({ connectionId: c, limit: 2 })).toHaveLength(2);
    expect(await internal.listErpOrdersForReadBack({ connectionId: elsewhere.id, limit: 10 })).toEqual([
      { docKey: expect.stringMatching(/-8$/), erpId: "SO-8" },
    ]);
  });

  it("offers a sales order the ingest pipeline queued once erp-sync has written it", async () => {
    const { connectionId, order } = await ingestedOrder();
    const internal = new MeshInternal(createExecutionContext(), env);
    expect(await internal.listErpOrdersForReadBack({ connectionId, limit: 10 })).toEqual([]);
    const [claim] = await internal.claimOutbox({ connectionId, limit: 10, leaseMs: 60_000 });
    if (claim?.kind !== "sales_order") throw new Error("no sales order claim");
    await internal.completeOutbox({
      id: claim.id,
      leaseToken: claim.leaseToken,
      version: claim.version,
      erpSystem: "netsuite",
      erpId: "SO-900",
      erpNumber: null,
      durationMs: 1,
    });
    expect((await rowByKey(salesOrderKey(order)))?.status).toBe("done");
    expect(await internal.listErpOrdersForReadBack({ connectionId, limit: 10 })).toEqual([
      { docKey: salesOrderKey(order), erpId: "SO-900" },
    ]);
  });
});
