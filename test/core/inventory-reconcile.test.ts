import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { orderEvent } from "../support/canonical-order";
import { ADMIN, api, postJson } from "./api-helpers";
import { deliver, fulfillment, fulfillmentEvent, isolatedStore } from "./erp-helpers";
import { apply, inventoryObserved, level } from "./erp-observed-events";
import { count, ledger, ledgerSql, skuOrder } from "./inventory-helpers";

/**
 * Reconciliation compares each ledger with the ERP's reading: movements whose ERP documents were not
 * done before the reading are in flight (timing is never mistaken for drift); real drift is corrected
 * in the ledger, logged as `inventory.reconciled` and reported per location.
 */
interface ReportLine {
  sku: string;
  erpLocation: string;
  locationId: string | null;
  erpOnHand: number;
  inFlight: number;
  ledgerBefore: number | null;
  ledgerAfter: number | null;
  drift: number;
  outcome: string;
}
interface Report {
  id: string;
  connectionId: string;
  trigger: string;
  checked: number;
  matched: number;
  corrected: number;
  moving: number;
  unmapped: number;
  lines: ReportLine[];
}

async function report(id: string): Promise<Report> {
  const res = await api(`/v1/inventory/reconciliations/${id}`, { headers: ADMIN });
  expect(res.status).toBe(200);
  return (await res.json()) as Report;
}

/**
 * Read times `minute` minutes into a read schedule that starts after the ledger changes these tests
 * make: a location that moved after its reading is left alone (reported `moving`), so readings meant
 * to be compared are stamped after the counts, orders and shipments the tests made before them.
 */
const READS_FROM = Date.now() + 3_600_000;
const T = (minute: number) => new Date(READS_FROM + minute * 60_000).toISOString();

/** Lets the clock move on: workerd's clock stands still within one event. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

async function observe(connectionId: string, minute: number, levels: ReturnType<typeof level>[]) {
  const event = inventoryObserved(connectionId, T(minute), levels);
  await apply(event);
  return `rcn_${event.id}`;
}

async function reconciledEvents(sku: string) {
  const rows = await env.DB.prepare(
    "SELECT correlation_id, data FROM events WHERE type = 'inventory.reconciled' AND json_extract(data, '$.sku') = ?",
  )
    .bind(sku)
    .all<{ correlation_id: string; data: string }>();
  return rows.results.map((r) => ({ correlationId: r.correlation_id, ...JSON.parse(r.data) }));
}

describe("reconciliation with the ERP", () => {
  it("corrects drift to the ERP's reading, reports it with an audit event, and lists the unmapped warehouse", async () => {
    const { connectionId } = await isolatedStore();
    const sku = "RCN-DRIFT";
    await count(sku, "loc_main", 10);
    const runId = await observe(connectionId, 0, [
      level(sku, "WH-1", 7, "loc_main"),
      level(sku, "WH-9", 4, null),
    ]);
    expect(await ledger(sku).snapshot()).toMatchObject({
      onHand: 7,
      locations: [expect.objectContaining({ location: "loc_main", onHand: 7 })],
    });
    const run = await report(runId);
    expect(run).toMatchObject({
      id: runId,
      connectionId,
      trigger: "read_back",
      checked: 2,
      matched: 0,
      corrected: 1,
      moving: 0,
      unmapped: 1,
    });
    expect(run.lines).toEqual([
      {
        sku,
        erpLocation: "WH-1",
        locationId: "loc_main",
        erpOnHand: 7,
        inFlight: 0,
        ledgerBefore: 10,
        ledgerAfter: 7,
        drift: -3,
        outcome: "corrected",
      },
      {
        sku,
        erpLocation: "WH-9",
        locationId: null,
        erpOnHand: 4,
        inFlight: 0,
        ledgerBefore: null,
        ledgerAfter: null,
        drift: 0,
        outcome: "unmapped",
      },
    ]);
    expect(await reconciledEvents(sku)).toEqual([
      expect.objectContaining({ runId, connectionId, sku, location: "loc_main", drift: -3, ledgerAfter: 7 }),
    ]);

    // The next reading agrees: nothing to correct, nothing logged (WH-9's last reading is still unmapped).
    const next = await observe(connectionId, 15, [level(sku, "WH-1", 7, "loc_main")]);
    const again = await report(next);
    expect(again).toMatchObject({ checked: 2, matched: 1, corrected: 0, unmapped: 1 });
    expect(again.lines.map((l) => l.outcome)).toEqual(["unmapped"]);
    expect(await reconciledEvents(sku)).toHaveLength(1);
    const list = await api("/v1/inventory/reconciliations?limit=10", { headers: ADMIN });
    const ids = ((await list.json()) as { items: { id: string }[] }).items.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining([runId, next]));
  });

  it("adds the readings of several ERP warehouses that feed one location", async () => {
    const { connectionId } = await isolatedStore();
    const sku = "RCN-SUM";
    await count(sku, "loc_main", 9);
    const runId = await observe(connectionId, 0, [
      level(sku, "WH-1", 5, "loc_main"),
      level(sku, "WH-2", 4, "loc_main"),
    ]);
    expect(await report(runId)).toMatchObject({ corrected: 0, lines: [] });
    expect((await ledger(sku).snapshot()).onHand).toBe(9);
  });

  it("counts a shipment the ERP has not booked as in flight, and confirms it once its document was done before a reading", async () => {
    const { connectionId, storeId } = await isolatedStore();
    const sku = "RCN-IN-FLIGHT";
    await count(sku, "loc_main", 10);
    const order = skuOrder(storeId, "R-1", sku, 2);
    await deliver([orderEvent("order.created", order)]);
    await deliver([
      fulfillmentEvent(
        order,
        fulfillment(order, { lines: [{ externalLineId: "L1", sku: null, quantity: 2 }] }),
      ),
    ]);
    expect((await ledger(sku).snapshot()).onHand).toBe(8);
    const doc = await env.DB.prepare(
      `SELECT x.doc_key FROM erp_outbox x JOIN orders o ON o.id = x.order_id
       WHERE o.store_id = ? AND x.kind = 'fulfillment'`,
    )
      .bind(storeId)
      .first<{ doc_key: string }>();
    expect(doc).not.toBeNull();
    const pending = await ledger(sku).pendingErpMovements();
    expect(pending.movements).toEqual([
      expect.objectContaining({ erpDocKey: doc?.doc_key, location: "loc_main", delta: -2 }),
    ]);

    // The ERP booked the shipment only after it was read (minute 20 > minute 15): still in flight.
    await env.DB.prepare("UPDATE erp_outbox SET status = 'done', updated_at = ? WHERE doc_key = ?")
      .bind(Date.parse(T(20)), doc?.doc_key)
      .run();
    const early = await observe(connectionId, 15, [level(sku, "WH-1", 10, "loc_main")]);
    expect(await report(early)).toMatchObject({ checked: 1, matched: 1, corrected: 0, lines: [] });
    expect((await ledger(sku).snapshot()).onHand).toBe(8);
    expect((await ledger(sku).pendingErpMovements()).movements).toHaveLength(1);

    // Read after the ERP booked it: the reading includes the shipment; the movement is confirmed.
    const late = await observe(connectionId, 30, [level(sku, "WH-1", 8, "loc_main")]);
    expect(await report(late)).toMatchObject({ matched: 1, corrected: 0 });
    expect((await ledger(sku).pendingErpMovements()).movements).toEqual([]);
    expect(await reconciledEvents(sku)).toEqual([]);
  });

  it("still corrects real drift while a movement is in flight, counting the movement", async () => {
    const { connectionId, storeId } = await isolatedStore();
    const sku = "RCN-DRIFT-IN-FLIGHT";
    await count(sku, "loc_main", 10);
    const order = skuOrder(storeId, "R-2", sku, 1);
    await deliver([orderEvent("order.created", order)]);
    await deliver([
      fulfillmentEvent(
        order,
        fulfillment(order, { lines: [{ externalLineId: "L1", sku: null, quantity: 1 }] }),
      ),
    ]);
    // The ERP lost two units the ledger never heard of; it has not booked the shipment yet.
    const runId = await observe(connectionId, 0, [level(sku, "WH-1", 8, "loc_main")]);
    expect((await report(runId)).lines).toEqual([
      expect.objectContaining({ erpOnHand: 8, inFlight: -1, ledgerBefore: 9, ledgerAfter: 7, drift: -2 }),
    ]);
    expect((await ledger(sku).snapshot()).onHand).toBe(7);
  });

  it("runs on demand through the API against the readings in hand", async () => {
    const { connectionId } = await isolatedStore();
    const sku = "RCN-API";
    await count(sku, "loc_main", 5);
    await observe(connectionId, 0, [level(sku, "WH-1", 5, "loc_main")]);
    // A change the ledger made that the ERP never saw (no ERP document carries it).
    await ledger(sku).adjust({
      id: "lost-change",
      location: "loc_main",
      kind: "delta",
      quantity: -2,
      sequence: null,
      reason: "lost",
    });
    const res = await postJson(
      "/v1/inventory/reconciliations",
      { connectionId },
      { "idempotency-key": "rcn-api-1" },
    );
    expect(res.status).toBe(201);
    const run = (await res.json()) as Report;
    expect(run).toMatchObject({ trigger: "api", corrected: 1 });
    expect(run.lines).toEqual([expect.objectContaining({ sku, ledgerBefore: 3, ledgerAfter: 5, drift: 2 })]);
    expect(await report(run.id)).toEqual(run);
    expect((await ledger(sku).snapshot()).onHand).toBe(5);
    const missing = await postJson("/v1/inventory/reconciliations", { connectionId: "erp_nope" });
    expect(missing.status).toBe(404);
    expect((await api("/v1/inventory/reconciliations/rcn_nope", { headers: ADMIN })).status).toBe(404);
  });

  it("learns a location the ERP has and the ledger does not, and skips a ledger that moved meanwhile", async () => {
    const sku = "RCN-LEDGER";
    await count(sku, "loc_main", 3);
    const before = await ledger(sku).pendingErpMovements();
    const learned = await ledger(sku).reconcile({
      runId: "run-1",
      correlationId: "c",
      observedAt: 0,
      expectLastMovementId: before.lastMovementId,
      confirmedDocKeys: [],
      doneAfterDocKeys: [],
      readings: [{ location: "loc_b", erpOnHand: 6 }],
    });
    expect(learned).toEqual([
      {
        location: "loc_b",
        erpOnHand: 6,
        inFlight: 0,
        ledgerBefore: null,
        ledgerAfter: 6,
        drift: 6,
        outcome: "corrected",
      },
    ]);
    const listed = await ledger(sku).pendingErpMovements();
    await ledger(sku).adjust({
      id: "meanwhile",
      location: "loc_main",
      kind: "delta",
      quantity: 1,
      sequence: null,
      reason: "x",
    });
    const skipped = await ledger(sku).reconcile({
      runId: "run-2",
      correlationId: "c",
      observedAt: 0,
      expectLastMovementId: listed.lastMovementId,
      confirmedDocKeys: [],
      doneAfterDocKeys: [],
      readings: [
        { location: "loc_main", erpOnHand: 1 },
        { location: "loc_b", erpOnHand: 6 },
      ],
    });
    expect(skipped.map((l) => [l.location, l.outcome])).toEqual([
      ["loc_main", "moving"],
      ["loc_b", "matched"],
    ]);
    expect(await ledger(sku).snapshot()).toMatchObject({ onHand: 10 });
  });

  it("leaves a location alone when a shipment's document was booked after the reading (the reading may hold it or not)", async () => {
    const { connectionId, storeId } = await isolatedStore();
    const sku = "RCN-BOOKED-AFTER";
    await count(sku, "loc_main", 10);
    const order = skuOrder(storeId, "R-3", sku, 2);
    await deliver([orderEvent("order.created", order)]);
    await deliver([
      fulfillmentEvent(
        order,
        fulfillment(order, { lines: [{ externalLineId: "L1", sku: null, quantity: 2 }] }),
      ),
    ]);
    expect((await ledger(sku).snapshot()).onHand).toBe(8);
    // Read at minute 15 (the read started then and took a while); the ERP booked the shipment at
    // minute 16, in time for the read to see it: 8, not 10.
    await env.DB.prepare(
      `UPDATE erp_outbox SET status = 'done', updated_at = ? WHERE kind = 'fulfillment'
       AND order_id = (SELECT id FROM orders WHERE store_id = ?)`,
    )
      .bind(Date.parse(T(16)), storeId)
      .run();
    const runId = await observe(connectionId, 15, [level(sku, "WH-1", 8, "loc_main")]);
    expect((await report(runId)).lines).toEqual([
      expect.objectContaining({
        erpOnHand: 8,
        inFlight: -2,
        ledgerBefore: 8,
        ledgerAfter: 8,
        outcome: "moving",
      }),
    ]);
    expect((await ledger(sku).snapshot()).onHand).toBe(8);
    expect(await reconciledEvents(sku)).toEqual([]);
  });

  it("confirms only movements made before the reading, and leaves a location that moved after it alone", async () => {
    const sku = "RCN-MOVED-AFTER";
    await count(sku, "loc_main", 10);
    const adjust = (id: string, quantity: number, erpDocKey: string | null) =>
      ledger(sku).adjust({
        id,
        location: "loc_main",
        kind: "delta",
        quantity,
        sequence: null,
        reason: "x",
        erpDocKey,
      });
    await adjust("loss-1", -2, "adj-doc");
    await tick();
    const observedAt = Date.now();
    await tick();
    // After the reading: more of the same document, a change that came from the ERP (no document
    // to wait for), and a new location counted for the first time.
    await adjust("loss-2", -1, "adj-doc");
    await adjust("from-erp", 5, null);
    await count(sku, "loc_new", 4);
    const listed = await ledger(sku).pendingErpMovements();
    const lines = await ledger(sku).reconcile({
      runId: "run-after",
      correlationId: "c",
      observedAt,
      expectLastMovementId: listed.lastMovementId,
      confirmedDocKeys: ["adj-doc"],
      doneAfterDocKeys: [],
      readings: [
        { location: "loc_main", erpOnHand: 8 },
        { location: "loc_new", erpOnHand: 0 },
      ],
    });
    expect(lines.map((l) => [l.location, l.outcome, l.ledgerAfter])).toEqual([
      ["loc_main", "moving", 12],
      ["loc_new", "moving", 4],
    ]);
    // The document's later movement is not in the reading: it stays in flight.
    expect((await ledger(sku).pendingErpMovements()).movements).toEqual([
      expect.objectContaining({ erpDocKey: "adj-doc", delta: -1 }),
    ]);
    expect(await ledger(sku).snapshot()).toMatchObject({ onHand: 16 });
    // A correction is a movement too: a reading older than it is not applied again.
    const [movement] = await ledgerSql(sku, "SELECT MAX(at) AS at FROM movements");
    const later = await ledger(sku).pendingErpMovements();
    const corrected = await ledger(sku).reconcile({
      runId: "run-now",
      correlationId: "c",
      observedAt: Number(movement?.at) + 1,
      expectLastMovementId: later.lastMovementId,
      confirmedDocKeys: ["adj-doc"],
      doneAfterDocKeys: [],
      readings: [{ location: "loc_new", erpOnHand: 3 }],
    });
    expect(corrected.map((l) => [l.location, l.outcome, l.ledgerAfter])).toEqual([
      ["loc_new", "corrected", 3],
    ]);
    const stale = await ledger(sku).reconcile({
      runId: "run-stale",
      correlationId: "c",
      observedAt: Number(movement?.at) + 1,
      expectLastMovementId: (await ledger(sku).pendingErpMovements()).lastMovementId,
      confirmedDocKeys: [],
      doneAfterDocKeys: [],
      readings: [{ location: "loc_new", erpOnHand: 1 }],
    });
    expect(stale.map((l) => [l.location, l.outcome, l.ledgerAfter])).toEqual([["loc_new", "moving", 3]]);
  });
});
