import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Order } from "../../shared/canonical";
import { salesOrderKey } from "../../shared/erp";
import type { OutboxClaim } from "../../shared/internal-api";
import { claimOutbox, completeOutbox, failOutbox } from "../../workers/core/src/internal/outbox";
import {
  deliver,
  deliverOrder,
  fulfillment,
  fulfillmentEvent,
  isolatedStore,
  plainOrder,
  refundEvent,
  refundOf,
  returnEvent,
  returnOf,
  rowByKey,
  rowsOfStore,
} from "./erp-helpers";

const usd = (amount: number) => ({ amount, currency: "USD" });

/** A connection and store of its own, and an order in it (with a buyer unless told otherwise). */
async function orderInOwnStore(overrides: Partial<Order> = {}) {
  const { connectionId, storeId } = await isolatedStore();
  const order = plainOrder({ storeId, externalId: "1001", ...overrides });
  const result = await deliverOrder(order);
  expect(result.explicitAcks).toHaveLength(1);
  const row = await env.DB.prepare("SELECT id FROM orders WHERE store_id = ?")
    .bind(storeId)
    .first<{ id: string }>();
  if (!row) throw new Error("order not applied");
  return { connectionId, storeId, order, orderId: row.id };
}

const claim = (connectionId: string) => claimOutbox(env.DB, connectionId, 50, 60_000);

async function completeAll(claims: OutboxClaim[], erpIdOf: (c: OutboxClaim) => string): Promise<void> {
  for (const c of claims) {
    await completeOutbox(env.DB, {
      id: c.id,
      leaseToken: c.leaseToken,
      version: c.version,
      erpSystem: "netsuite",
      erpId: erpIdOf(c),
      erpNumber: null,
      durationMs: 1,
    });
  }
}

/** Claims and completes whatever is due, kind by kind, until `kind` is claimed; returns that claim. */
async function pushUntil(connectionId: string, kind: string): Promise<OutboxClaim> {
  for (let round = 0; round < 8; round++) {
    const claims = await claim(connectionId);
    const wanted = claims.find((c) => c.kind === kind);
    if (wanted) return wanted;
    if (claims.length === 0) throw new Error(`nothing due before ${kind}`);
    await completeAll(claims, (c) => `${c.kind.toUpperCase()}-1`);
  }
  throw new Error(`${kind} never became due`);
}

const recordRow = (table: "shipments" | "returns" | "refunds", orderId: string, externalId: string) =>
  env.DB.prepare(`SELECT status, version, snapshot FROM ${table} WHERE order_id = ? AND external_id = ?`)
    .bind(orderId, externalId)
    .first<{ status: string; version: number; snapshot: string }>();

const keyOf = (order: Order, kind: string, ...parts: string[]) =>
  [kind, order.channel, order.storeId, order.externalId, ...parts].join(":");

describe("dependency order", () => {
  it("a sales order waits for its customer, and carries the customer's ERP id", async () => {
    const { connectionId, order } = await orderInOwnStore();
    const first = await claim(connectionId);
    expect(first.map((c) => c.kind)).toEqual(["customer"]);
    // An in-flight customer is not done: the sales order stays back.
    expect(await claimOutbox(env.DB, connectionId, 50, 60_000, Date.now() + 1_000)).toEqual([]);
    await completeAll(first, () => "CUST-7");
    const second = await claim(connectionId);
    expect(second.map((c) => c.kind)).toEqual(["sales_order"]);
    expect(second[0]?.refs).toEqual({ customer: "CUST-7" });
    expect(second[0]?.docKey).toBe(salesOrderKey(order));
  });

  it("a fulfillment is not claimable until its sales order row is done", async () => {
    const { connectionId, order, orderId } = await orderInOwnStore({ customer: null, payments: [] });
    const result = await deliver([fulfillmentEvent(order, fulfillment(order))]);
    expect(result.explicitAcks).toHaveLength(1);
    const key = keyOf(order, "fulfillment", "255858046");
    expect(await rowByKey(key)).toMatchObject({
      kind: "fulfillment",
      order_id: orderId,
      connection_id: connectionId,
      status: "pending",
      depends_on: JSON.stringify([salesOrderKey(order)]),
      version: Date.parse("2026-11-21T09:00:00-05:00"),
    });
    const [so, ...others] = await claim(connectionId);
    expect(so?.kind).toBe("sales_order");
    expect(others).toEqual([]);
    if (!so) throw new Error("no claim");
    // In flight, waiting for a retry or parked: the sales order is not done, the fulfillment stays back.
    expect(await claim(connectionId)).toEqual([]);
    const failure = { errorClass: "transient" as const, httpStatus: 503, message: "down", detail: null };
    await failOutbox(env.DB, {
      id: so.id,
      leaseToken: so.leaseToken,
      version: so.version,
      ...failure,
      retryAt: Date.now(),
    });
    const [retried, ...notYet] = await claim(connectionId);
    expect(notYet).toEqual([]);
    if (retried?.kind !== "sales_order") throw new Error("the sales order is not due again");
    await failOutbox(env.DB, {
      id: retried.id,
      leaseToken: retried.leaseToken,
      version: retried.version,
      ...failure,
      errorClass: "business",
      retryAt: null,
    });
    expect(await rowByKey(salesOrderKey(order))).toMatchObject({ status: "parked" });
    expect(await claimOutbox(env.DB, connectionId, 50, 60_000, Date.now() + 86_400_000)).toEqual([]);
    await env.DB.prepare("UPDATE erp_outbox SET status = 'pending', attempts = 0 WHERE id = ?")
      .bind(so.id)
      .run();
    const [again] = await claim(connectionId);
    if (again?.kind !== "sales_order") throw new Error("no sales order claim");
    await completeAll([again], () => "SO-55");
    const [ful, ...rest] = await claim(connectionId);
    expect(rest).toEqual([]);
    expect(ful).toMatchObject({ kind: "fulfillment", docKey: key, refs: { sales_order: "SO-55" } });
    expect(ful?.document).toMatchObject({ kind: "fulfillment", fulfillment: { externalId: "255858046" } });
  });

  it("a customer refund's claim carries the whole chain: credit memo, return, sales order, customer", async () => {
    const { connectionId, order } = await orderInOwnStore({ payments: [] });
    await deliver([returnEvent(order, returnOf(order))]);
    await deliver([refundEvent(order, refundOf(order, { returnExternalId: "ret-1" }))]);
    const memo = await pushUntil(connectionId, "credit_memo");
    expect(memo.refs).toEqual({
      return_authorization: "RETURN_AUTHORIZATION-1",
      sales_order: "SALES_ORDER-1",
      customer: "CUSTOMER-1",
    });
    expect(memo.document).toMatchObject({ kind: "credit_memo", return: { externalId: "ret-1" } });
    await completeAll([memo], () => "CM-1");
    const [refund, ...rest] = await claim(connectionId);
    expect(rest).toEqual([]);
    expect(refund).toMatchObject({
      kind: "customer_refund",
      docKey: keyOf(order, "customer_refund", "rf-1", "tx-1"),
      refs: {
        credit_memo: "CM-1",
        return_authorization: "RETURN_AUTHORIZATION-1",
        sales_order: "SALES_ORDER-1",
        customer: "CUSTOMER-1",
      },
    });
  });

  it("a refund without a return has no return in its chain", async () => {
    const { connectionId, order } = await orderInOwnStore({ payments: [] });
    await deliver([refundEvent(order, refundOf(order))]);
    const memo = await pushUntil(connectionId, "credit_memo");
    expect(memo.refs).toEqual({ sales_order: "SALES_ORDER-1", customer: "CUSTOMER-1" });
    await completeAll([memo], () => "CM-2");
    const [refund] = await claim(connectionId);
    expect(refund?.refs).toEqual({
      credit_memo: "CM-2",
      sales_order: "SALES_ORDER-1",
      customer: "CUSTOMER-1",
    });
  });
});

describe("fulfillment.upserted", () => {
  it("a shipped fulfillment is stored and queued; a delivered one bumps it; a cancelled one queues nothing", async () => {
    const { order, orderId, storeId } = await orderInOwnStore({ customer: null, payments: [] });
    await deliver([fulfillmentEvent(order, fulfillment(order))]);
    expect(await recordRow("shipments", orderId, "255858046")).toMatchObject({
      status: "shipped",
      version: Date.parse("2026-11-21T09:00:00-05:00"),
    });
    const delivered = fulfillment(order, {
      status: "delivered",
      sourceUpdatedAt: "2026-11-22T09:00:00-05:00",
    });
    await deliver([fulfillmentEvent(order, delivered)]);
    expect(await recordRow("shipments", orderId, "255858046")).toMatchObject({
      status: "delivered",
      version: Date.parse("2026-11-22T09:00:00-05:00"),
    });
    const row = await rowByKey(keyOf(order, "fulfillment", "255858046"));
    expect(row?.version).toBe(Date.parse("2026-11-22T09:00:00-05:00"));
    expect(JSON.parse(row?.document ?? "null")).toEqual({
      kind: "fulfillment",
      order,
      fulfillment: delivered,
    });

    for (const status of ["pending", "cancelled"] as const) {
      const other = fulfillment(order, { externalId: `f-${status}`, status });
      const result = await deliver([fulfillmentEvent(order, other)]);
      expect(result.explicitAcks).toHaveLength(1);
      expect(await recordRow("shipments", orderId, `f-${status}`)).toMatchObject({ status });
      expect(await rowByKey(keyOf(order, "fulfillment", `f-${status}`))).toBeNull();
    }
    expect((await rowsOfStore(storeId)).map((r) => r.kind)).toEqual(["fulfillment", "sales_order"]);
    const trace = await env.DB.prepare(
      "SELECT data FROM events WHERE order_id = ? AND type = 'fulfillment.upserted' ORDER BY recorded_at, id",
    )
      .bind(orderId)
      .all<{ data: string }>();
    expect(trace.results.map((t) => JSON.parse(t.data).erpDocuments)).toEqual([
      ["fulfillment"],
      ["fulfillment"],
      [],
      [],
    ]);
  });

  it("an older fulfillment changes neither the shipment nor its document", async () => {
    const { order, orderId } = await orderInOwnStore({ customer: null, payments: [] });
    const newer = fulfillment(order, { status: "delivered", sourceUpdatedAt: "2026-11-22T09:00:00-05:00" });
    await deliver([fulfillmentEvent(order, newer)]);
    const shipment = await recordRow("shipments", orderId, "255858046");
    const document = await rowByKey(keyOf(order, "fulfillment", "255858046"));
    const older = fulfillment(order, { packages: [], sourceUpdatedAt: "2026-11-21T09:00:00-05:00" });
    const result = await deliver([fulfillmentEvent(order, older)]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(await recordRow("shipments", orderId, "255858046")).toEqual(shipment);
    expect(await rowByKey(keyOf(order, "fulfillment", "255858046"))).toEqual(document);
  });

  it("a late shipped event for a shipment already cancelled queues no fulfillment", async () => {
    const { order, orderId } = await orderInOwnStore({ customer: null, payments: [] });
    const cancelled = fulfillment(order, {
      status: "cancelled",
      sourceUpdatedAt: "2026-11-22T09:00:00-05:00",
    });
    await deliver([fulfillmentEvent(order, cancelled)]);
    await deliver([fulfillmentEvent(order, fulfillment(order))]);
    expect(await recordRow("shipments", orderId, "255858046")).toMatchObject({ status: "cancelled" });
    expect(await rowByKey(keyOf(order, "fulfillment", "255858046"))).toBeNull();
  });
});

describe("return.upserted", () => {
  it("an authorized return queues its authorization; receiving queues the item receipt after it", async () => {
    const { connectionId, order, orderId } = await orderInOwnStore({ customer: null, payments: [] });
    const requested = returnOf(order, { status: "requested" });
    await deliver([returnEvent(order, { ...requested, sourceUpdatedAt: "2026-11-22T08:00:00-05:00" })]);
    expect(await recordRow("returns", orderId, "ret-1")).toMatchObject({ status: "requested" });
    expect(await rowByKey(keyOf(order, "return_authorization", "ret-1"))).toBeNull();

    await deliver([returnEvent(order, returnOf(order))]);
    const ra = await rowByKey(keyOf(order, "return_authorization", "ret-1"));
    expect(ra).toMatchObject({ status: "pending", depends_on: JSON.stringify([salesOrderKey(order)]) });
    expect(await rowByKey(keyOf(order, "item_receipt", "ret-1"))).toBeNull();

    const base = returnOf(order);
    const received = returnOf(order, {
      status: "received",
      receivedAt: "2026-11-25T09:00:00-05:00",
      sourceUpdatedAt: "2026-11-25T09:00:00-05:00",
      lines: base.lines.map((l) => ({ ...l, receivedQuantity: 1, disposition: "restock" as const })),
    });
    await deliver([returnEvent(order, received)]);
    expect(await recordRow("returns", orderId, "ret-1")).toMatchObject({
      status: "received",
      version: Date.parse("2026-11-25T09:00:00-05:00"),
    });
    const receipt = await rowByKey(keyOf(order, "item_receipt", "ret-1"));
    expect(receipt).toMatchObject({
      status: "pending",
      depends_on: JSON.stringify([keyOf(order, "return_authorization", "ret-1")]),
    });
    expect(JSON.parse(receipt?.document ?? "null")).toEqual({
      kind: "item_receipt",
      order,
      return: received,
    });
    expect(await rowByKey(keyOf(order, "return_authorization", "ret-1"))).toMatchObject({
      version: Date.parse("2026-11-25T09:00:00-05:00"),
    });

    const ir = await pushUntil(connectionId, "item_receipt");
    expect(ir.refs).toEqual({ return_authorization: "RETURN_AUTHORIZATION-1", sales_order: "SALES_ORDER-1" });
  });

  it("an older return event leaves the stored return alone", async () => {
    const { order, orderId } = await orderInOwnStore({ customer: null, payments: [] });
    const closed = returnOf(order, { status: "closed", sourceUpdatedAt: "2026-11-26T09:00:00-05:00" });
    await deliver([returnEvent(order, closed)]);
    const stored = await recordRow("returns", orderId, "ret-1");
    expect(stored).toMatchObject({ status: "closed" });
    await deliver([returnEvent(order, returnOf(order, { rmaNumber: "RMA-OLD" }))]);
    expect(await recordRow("returns", orderId, "ret-1")).toEqual(stored);
  });

  it("a cancelled return queues nothing", async () => {
    const { order, orderId, storeId } = await orderInOwnStore({ customer: null, payments: [] });
    await deliver([returnEvent(order, returnOf(order, { status: "cancelled" }))]);
    expect(await recordRow("returns", orderId, "ret-1")).toMatchObject({ status: "cancelled" });
    expect((await rowsOfStore(storeId)).map((r) => r.kind)).toEqual(["sales_order"]);
  });
});

describe("refund.created", () => {
  it("queues a credit memo and one customer refund per transaction", async () => {
    const { order, orderId, storeId } = await orderInOwnStore({ customer: null, payments: [] });
    const split = refundOf(order, {}, [
      { externalId: "tx-card", gateway: "shopify_payments", method: "visa", amount: usd(15000) },
      { externalId: "tx-gift", gateway: "gift_card", method: null, amount: usd(6094) },
    ]);
    const result = await deliver([refundEvent(order, split)]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(await recordRow("refunds", orderId, "rf-1")).toMatchObject({
      status: "created",
      version: Date.parse(split.createdAt),
    });
    const memoKey = keyOf(order, "credit_memo", "rf-1");
    const rows = (await rowsOfStore(storeId)).filter((r) => r.kind !== "sales_order");
    expect(rows.map((r) => [r.kind, r.doc_key, JSON.parse(r.depends_on)])).toEqual([
      ["credit_memo", memoKey, [salesOrderKey(order)]],
      ["customer_refund", keyOf(order, "customer_refund", "rf-1", "tx-card"), [memoKey]],
      ["customer_refund", keyOf(order, "customer_refund", "rf-1", "tx-gift"), [memoKey]],
    ]);
    expect(JSON.parse(rows[0]?.document ?? "null")).toEqual({
      kind: "credit_memo",
      order,
      refund: split,
      return: null,
    });
    expect(
      rows.map(
        (r) => (JSON.parse(r.document) as { transaction?: { externalId: string } }).transaction?.externalId,
      ),
    ).toEqual([undefined, "tx-card", "tx-gift"]);
  });

  it("links the credit memo to a known return, and not to one it has not seen", async () => {
    const { order } = await orderInOwnStore({ customer: null, payments: [] });
    await deliver([returnEvent(order, returnOf(order))]);
    await deliver([refundEvent(order, refundOf(order, { returnExternalId: "ret-1" }))]);
    const linked = await rowByKey(keyOf(order, "credit_memo", "rf-1"));
    expect(JSON.parse(linked?.depends_on ?? "")).toEqual([keyOf(order, "return_authorization", "ret-1")]);
    expect(JSON.parse(linked?.document ?? "null")).toMatchObject({
      return: { externalId: "ret-1", status: "authorized" },
    });

    await deliver([
      refundEvent(order, refundOf(order, { externalId: "rf-2", returnExternalId: "ret-unknown" }, [])),
    ]);
    const unlinked = await rowByKey(keyOf(order, "credit_memo", "rf-2"));
    expect(JSON.parse(unlinked?.depends_on ?? "")).toEqual([salesOrderKey(order)]);
    expect(JSON.parse(unlinked?.document ?? "null")).toMatchObject({ return: null });
    expect(await rowByKey(keyOf(order, "customer_refund", "rf-2", "tx-1"))).toBeNull();
  });

  it("a repeated refund changes nothing", async () => {
    const { order, orderId, storeId } = await orderInOwnStore({ customer: null, payments: [] });
    const refund = refundOf(order);
    await deliver([refundEvent(order, refund)]);
    const stored = await recordRow("refunds", orderId, "rf-1");
    const rows = await rowsOfStore(storeId);
    await deliver([
      refundEvent(order, refund),
      refundEvent(order, { ...refund, note: "same time, other note" }),
    ]);
    expect(await recordRow("refunds", orderId, "rf-1")).toEqual(stored);
    expect(await rowsOfStore(storeId)).toEqual(rows);
  });
});

describe("a document for an order core does not know yet", () => {
  it("is retried by the consumer, not acked, and applies once the order arrives", async () => {
    const { storeId } = await isolatedStore();
    const order = plainOrder({ storeId, externalId: "LATE-1", customer: null, payments: [] });
    const events = [
      fulfillmentEvent(order, fulfillment(order)),
      returnEvent(order, returnOf(order)),
      refundEvent(order, refundOf(order)),
    ];
    const early = await deliver(events, 3);
    expect(early.explicitAcks).toEqual([]);
    expect(early.retryMessages).toHaveLength(3);
    for (const table of ["shipments", "returns", "refunds"]) {
      const n = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE store_id = ?`)
        .bind(storeId)
        .first<{ n: number }>();
      expect(n?.n, table).toBe(0);
    }
    await deliverOrder(order);
    const later = await deliver(events);
    expect(later.explicitAcks).toHaveLength(3);
    expect(later.retryMessages).toEqual([]);
    expect((await rowsOfStore(storeId)).map((r) => r.kind)).toEqual([
      "credit_memo",
      "customer_refund",
      "fulfillment",
      "return_authorization",
      "sales_order",
    ]);
  });
});
