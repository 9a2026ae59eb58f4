import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Order } from "../../shared/canonical";
import { salesOrderKey } from "../../shared/erp";
import type { OutboxClaim, OutboxFailure } from "../../shared/internal-api";
import { claimOutbox, completeOutbox, failOutbox } from "../../workers/core/src/internal/outbox";
import { ADMIN, api } from "./api-helpers";
import {
  deliver,
  deliverOrder,
  fulfillment,
  fulfillmentEvent,
  isolatedStore,
  plainOrder,
  rowByKey,
} from "./erp-helpers";

/**
 * Each test has its own connection and store, so its claims only ever see its own rows. The orders
 * name no buyer and carry no payment: the sales order is the only document, due at once.
 */
async function seed(sourceUpdatedAt = "2026-11-20T10:00:00-05:00") {
  const { connectionId, storeId } = await isolatedStore();
  const order = await deliverSalesOrder(storeId, sourceUpdatedAt);
  return { connectionId, storeId, order, key: salesOrderKey(order) };
}

async function deliverSalesOrder(storeId: string, sourceUpdatedAt: string): Promise<Order> {
  const order = plainOrder({ storeId, sourceUpdatedAt, customer: null, payments: [] });
  const result = await deliverOrder(order, "order.updated");
  expect(result.explicitAcks).toHaveLength(1);
  return order;
}

async function claimOne(connectionId: string, leaseMs = 60_000, now?: number): Promise<OutboxClaim> {
  const claims = await claimOutbox(env.DB, connectionId, 50, leaseMs, now);
  expect(claims).toHaveLength(1);
  const claim = claims[0];
  if (!claim) throw new Error("no claim");
  return claim;
}

const success = (claim: OutboxClaim, erpId: string, erpNumber: string | null = null) => ({
  id: claim.id,
  leaseToken: claim.leaseToken,
  version: claim.version,
  erpSystem: "netsuite",
  erpId,
  erpNumber,
  durationMs: 12,
});

const businessError = (claim: OutboxClaim): OutboxFailure => ({
  id: claim.id,
  leaseToken: claim.leaseToken,
  version: claim.version,
  errorClass: "business",
  httpStatus: 400,
  message: "Bad Request",
  detail: "[]",
  retryAt: null,
});

const orderRow = (orderId: string | null) =>
  env.DB.prepare("SELECT erp_status, erp_id FROM orders WHERE id = ?").bind(orderId).first();

const exceptionsOf = (orderId: string | null) =>
  env.DB.prepare(
    "SELECT kind, status, occurrences, reason, detail, payload FROM exceptions WHERE order_id = ?",
  )
    .bind(orderId)
    .all<{
      kind: string;
      status: string;
      occurrences: number;
      reason: string;
      detail: string;
      payload: string;
    }>();

describe("ERP outbox claims", () => {
  it("leases a due row once, with its document, and only to its own connection", async () => {
    const { connectionId, order, key } = await seed();
    const other = await isolatedStore();
    expect(await claimOutbox(env.DB, other.connectionId, 50, 60_000)).toEqual([]);
    const claim = await claimOne(connectionId);
    expect(claim).toMatchObject({
      connectionId,
      kind: "sales_order",
      docKey: key,
      version: 1,
      attempts: 1,
      refs: {},
      erpId: null,
      document: { kind: "sales_order", order: { externalId: order.externalId, storeId: order.storeId } },
    });
    expect(claim.leaseToken).toMatch(/^lse_/);
    expect(await claimOutbox(env.DB, connectionId, 50, 60_000)).toEqual([]);
    expect(await rowByKey(key)).toMatchObject({ status: "in_flight", lease_token: claim.leaseToken });
  });

  it("completing writes the ERP id and number back, maps the id and marks the order synced", async () => {
    const { connectionId, key } = await seed();
    const claim = await claimOne(connectionId);
    await completeOutbox(env.DB, success(claim, "4242", "SO-4242"));
    expect(await rowByKey(key)).toMatchObject({
      status: "done",
      erp_id: "4242",
      erp_number: "SO-4242",
      pushed_version: 1,
      attempts: 1,
      lease_token: null,
    });
    expect(await orderRow(claim.orderId)).toEqual({ erp_status: "synced", erp_id: "4242" });
    const map = await env.DB.prepare(
      "SELECT entity, system, external_kind, external_id FROM id_map WHERE mesh_id = ?",
    )
      .bind(key)
      .all();
    expect(map.results).toEqual([
      { entity: "sales_order", system: "netsuite", external_kind: "sales_order", external_id: "4242" },
    ]);
    const pushed = await env.DB.prepare(
      "SELECT data FROM events WHERE order_id = ? AND type = 'erp.push.succeeded'",
    )
      .bind(claim.orderId)
      .first<{ data: string }>();
    expect(JSON.parse(pushed?.data ?? "null")).toMatchObject({
      kind: "sales_order",
      docKey: key,
      erpId: "4242",
    });
    // Done is done: nothing is due any more.
    expect(await claimOutbox(env.DB, connectionId, 50, 60_000, Date.now() + 3_600_000)).toEqual([]);
  });

  it("re-claims a row whose lease expired (a crashed run) and ignores the stale lease's reports", async () => {
    const { connectionId, key } = await seed();
    const first = await claimOne(connectionId, 1_000);
    const second = await claimOne(connectionId, 60_000, Date.now() + 5_000);
    expect(second.attempts).toBe(2);
    expect(second.leaseToken).not.toBe(first.leaseToken);
    await failOutbox(env.DB, { ...businessError(first), errorClass: "transient", retryAt: Date.now() });
    await completeOutbox(env.DB, success(first, "stale-9"));
    expect(await rowByKey(key)).toMatchObject({
      status: "in_flight",
      lease_token: second.leaseToken,
      attempts: 2,
      erp_id: null,
    });
    expect(await orderRow(first.orderId)).toEqual({ erp_status: "pending", erp_id: null });
    expect((await exceptionsOf(first.orderId)).results).toEqual([]);
    // The holder of the lease still reports normally.
    await completeOutbox(env.DB, success(second, "fresh-9"));
    expect(await rowByKey(key)).toMatchObject({ status: "done", erp_id: "fresh-9" });
  });
});

describe("ERP outbox failures", () => {
  it("schedules a retry for a transient failure and parks a business error with its class in the payload", async () => {
    const { connectionId, key } = await seed();
    const claim = await claimOne(connectionId);
    const retryAt = Date.now() + 60_000;
    await failOutbox(env.DB, {
      id: claim.id,
      leaseToken: claim.leaseToken,
      version: claim.version,
      errorClass: "transient",
      httpStatus: 503,
      message: "Service Unavailable",
      detail: null,
      retryAt,
    });
    expect(await rowByKey(key)).toMatchObject({
      status: "pending",
      next_attempt_at: retryAt,
      last_error_class: "transient",
      lease_token: null,
    });
    expect(await orderRow(claim.orderId)).toMatchObject({ erp_status: "retrying" });
    expect(await claimOutbox(env.DB, connectionId, 50, 60_000, retryAt - 1)).toEqual([]);
    const again = await claimOne(connectionId, 60_000, retryAt + 1);
    const detail = JSON.stringify([
      { detail: "Invalid Field Value 9999 for the following field: item", "o:errorCode": "INVALID_CONTENT" },
    ]);
    await failOutbox(env.DB, { ...businessError(again), detail, errorClass: "validation" });
    expect(await rowByKey(key)).toMatchObject({
      status: "parked",
      attempts: 2,
      last_error_class: "validation",
    });
    const exceptions = (await exceptionsOf(claim.orderId)).results;
    expect(exceptions).toHaveLength(1);
    expect(exceptions[0]).toMatchObject({ kind: "erp", status: "open", detail });
    expect(exceptions[0]?.reason).toContain("validation");
    expect(JSON.parse(exceptions[0]?.payload ?? "null")).toEqual({
      outboxId: claim.id,
      version: 1,
      kind: "sales_order",
      docKey: key,
      errorClass: "validation",
    });
    expect(await orderRow(claim.orderId)).toMatchObject({ erp_status: "parked" });
    const listed = await api("/v1/exceptions?status=open", { headers: ADMIN });
    const items = (
      (await listed.json()) as { items: { orderId: string; kind: string; errorClass: string }[] }
    ).items;
    expect(items.filter((e) => e.orderId === claim.orderId)).toMatchObject([
      { kind: "erp", errorClass: "validation" },
    ]);
    // A parked row is not due, however late.
    expect(await claimOutbox(env.DB, connectionId, 50, 60_000, Date.now() + 86_400_000)).toEqual([]);
  });

  it("parks a document other than the sales order without touching the order's ERP status", async () => {
    const { connectionId, storeId } = await isolatedStore();
    const order = await deliverSalesOrder(storeId, "2026-11-20T10:00:00-05:00");
    const so = await claimOne(connectionId);
    await completeOutbox(env.DB, success(so, "SO-1"));
    await deliver([fulfillmentEvent(order, fulfillment(order))]);
    const claim = await claimOne(connectionId);
    expect(claim.kind).toBe("fulfillment");
    await failOutbox(env.DB, { ...businessError(claim), errorClass: "closed_period" });
    expect(await rowByKey(claim.docKey)).toMatchObject({ status: "parked" });
    expect(await orderRow(claim.orderId)).toEqual({ erp_status: "synced", erp_id: "SO-1" });
    const [exception] = (await exceptionsOf(claim.orderId)).results;
    expect(JSON.parse(exception?.payload ?? "null")).toEqual({
      outboxId: claim.id,
      version: claim.version,
      kind: "fulfillment",
      docKey: claim.docKey,
      errorClass: "closed_period",
    });
    // Replaying it (the period was reopened) makes the row due again; the order's status stays.
    const id = await env.DB.prepare("SELECT id FROM exceptions WHERE order_id = ?")
      .bind(claim.orderId)
      .first<{ id: string }>();
    const replayed = await api(`/v1/exceptions/${id?.id}/replay`, { method: "POST", headers: ADMIN });
    expect(await replayed.json()).toMatchObject({ action: "outbox_reset", outboxId: claim.id });
    expect(await rowByKey(claim.docKey)).toMatchObject({ status: "pending", attempts: 0 });
    expect(await orderRow(claim.orderId)).toEqual({ erp_status: "synced", erp_id: "SO-1" });
    const again = await claimOne(connectionId);
    expect(again).toMatchObject({ id: claim.id, kind: "fulfillment", refs: { sales_order: "SO-1" } });
  });

  it("keeps the row due when the order changed while a push was in flight", async () => {
    const { connectionId, storeId, key } = await seed();
    const claim = await claimOne(connectionId);
    await deliverSalesOrder(storeId, "2026-11-20T12:00:00-05:00");
    expect(await rowByKey(key)).toMatchObject({ status: "in_flight", version: 2 });
    await completeOutbox(env.DB, success(claim, "77"));
    expect(await rowByKey(key)).toMatchObject({
      status: "pending",
      version: 2,
      pushed_version: 1,
      erp_id: "77",
    });
    expect(await orderRow(claim.orderId)).toEqual({ erp_status: "pending", erp_id: "77" });
    const next = await claimOne(connectionId);
    expect(next).toMatchObject({ version: 2, erpId: "77" });
    expect(next.document).toMatchObject({ order: { sourceUpdatedAt: "2026-11-20T12:00:00-05:00" } });
  });
});

describe("ERP outbox under races", () => {
  it("does not park a push whose order changed while it was in flight: the new version goes next, at once", async () => {
    const { connectionId, storeId, key } = await seed();
    const claim = await claimOne(connectionId);
    await deliverSalesOrder(storeId, "2026-11-20T12:00:00-05:00");
    const before = Date.now();
    await failOutbox(env.DB, businessError(claim));
    const row = await rowByKey(key);
    expect(row).toMatchObject({ status: "pending", version: 2, last_error_class: "business" });
    expect(row?.next_attempt_at).toBeGreaterThanOrEqual(before);
    expect(row?.next_attempt_at).toBeLessThanOrEqual(Date.now());
    expect((await exceptionsOf(claim.orderId)).results).toEqual([]);
    expect(await orderRow(claim.orderId)).toMatchObject({ erp_status: "retrying" });
    const failed = await env.DB.prepare(
      "SELECT data FROM events WHERE order_id = ? AND type = 'erp.push.failed'",
    )
      .bind(claim.orderId)
      .first<{ data: string }>();
    expect(JSON.parse(failed?.data ?? "null")).toMatchObject({ superseded: true, errorClass: "business" });
    expect((await claimOne(connectionId)).version).toBe(2);
  });

  it("ignores a completion from a run that lost its lease", async () => {
    const { connectionId } = await seed();
    const stale = await claimOne(connectionId, 1_000);
    await claimOne(connectionId, 60_000, Date.now() + 5_000);
    await completeOutbox(env.DB, success(stale, "9"));
    expect(await orderRow(stale.orderId)).toEqual({ erp_status: "pending", erp_id: null });
    const map = await env.DB.prepare("SELECT COUNT(*) AS n FROM id_map WHERE mesh_id = ?")
      .bind(stale.docKey)
      .first<{ n: number }>();
    expect(map?.n).toBe(0);
  });

  it("settles an open ERP exception once a later push goes through, and reopens one that recurs after a replay", async () => {
    const { connectionId } = await seed();
    const claim = await claimOne(connectionId);
    await failOutbox(env.DB, businessError(claim));
    const [exception] = (await exceptionsOf(claim.orderId)).results;
    const id = await env.DB.prepare("SELECT id FROM exceptions WHERE order_id = ?")
      .bind(claim.orderId)
      .first<{ id: string }>();
    expect(exception).toMatchObject({ status: "open", occurrences: 1 });
    const replayed = await api(`/v1/exceptions/${id?.id}/replay`, { method: "POST", headers: ADMIN });
    expect(replayed.status).toBe(202);
    expect(await rowByKey(claim.docKey)).toMatchObject({ status: "pending", attempts: 0 });
    const again = await claimOne(connectionId);
    expect(again.attempts).toBe(1);
    await failOutbox(env.DB, businessError(again));
    expect((await exceptionsOf(claim.orderId)).results).toMatchObject([{ status: "open", occurrences: 2 }]);
    expect((await api(`/v1/exceptions/${id?.id}/replay`, { method: "POST", headers: ADMIN })).status).toBe(
      202,
    );
    const third = await claimOne(connectionId);
    await completeOutbox(env.DB, success(third, "31"));
    expect((await exceptionsOf(claim.orderId)).results).toMatchObject([
      { status: "resolved", occurrences: 2 },
    ]);
    expect(await orderRow(claim.orderId)).toEqual({ erp_status: "synced", erp_id: "31" });
  });
});
