import { createMessageBatch } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../workers/core/src/index";
import { claimOutbox, completeOutbox, failOutbox } from "../../workers/core/src/internal/outbox";
import { canonicalOrder, orderEvent } from "../support/canonical-order";

async function seed(storeId: string, sourceUpdatedAt = "2026-11-20T10:00:00-05:00") {
  const order = canonicalOrder({
    storeId,
    sourceUpdatedAt,
    lines: [{ ...canonicalOrder().lines[0], sku: null } as never],
  });
  const batch = createMessageBatch("mesh-events", [
    { id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body: orderEvent("order.updated", order) },
  ]);
  await worker.queue(batch, env);
  return order;
}

const outboxOf = (storeId: string) =>
  env.DB.prepare("SELECT x.* FROM outbox x JOIN orders o ON o.id = x.order_id WHERE o.store_id = ?")
    .bind(storeId)
    .first<Record<string, unknown>>();

describe("ERP outbox", () => {
  it("leases a due row once, and completing it writes the ERP id back", async () => {
    await seed("sto_obx1");
    const claims = (await claimOutbox(env.DB, 50, 60_000)).filter((c) => c.order.storeId === "sto_obx1");
    expect(claims).toHaveLength(1);
    expect(
      (await claimOutbox(env.DB, 50, 60_000)).filter((c) => c.order.storeId === "sto_obx1"),
    ).toHaveLength(0);
    const claim = claims[0];
    if (!claim) throw new Error("no claim");
    expect(claim.order.externalId).toBe("450789469");
    await completeOutbox(env.DB, {
      id: claim.id,
      leaseToken: claim.leaseToken,
      version: claim.version,
      erpSystem: "netsuite",
      erpId: "4242",
      durationMs: 12,
    });
    expect(await outboxOf("sto_obx1")).toMatchObject({ status: "done", erp_id: "4242", attempts: 1 });
    const order = await env.DB.prepare("SELECT erp_status, erp_id FROM orders WHERE id = ?")
      .bind(claim.orderId)
      .first();
    expect(order).toEqual({ erp_status: "synced", erp_id: "4242" });
    const map = await env.DB.prepare("SELECT system, external_id FROM id_map WHERE mesh_id = ?")
      .bind(claim.orderId)
      .first();
    expect(map).toEqual({ system: "netsuite", external_id: "4242" });
  });

  it("re-claims a row whose lease expired (a crashed run) and ignores the stale lease's report", async () => {
    await seed("sto_obx2");
    const [first] = (await claimOutbox(env.DB, 50, 1_000)).filter((c) => c.order.storeId === "sto_obx2");
    if (!first) throw new Error("no claim");
    const [second] = (await claimOutbox(env.DB, 50, 60_000, Date.now() + 5_000)).filter(
      (c) => c.order.storeId === "sto_obx2",
    );
    if (!second) throw new Error("lease did not expire");
    await failOutbox(env.DB, {
      id: first.id,
      leaseToken: first.leaseToken,
      version: first.version,
      errorClass: "transient",
      httpStatus: 503,
      message: "late",
      detail: null,
      retryAt: Date.now(),
    });
    expect(await outboxOf("sto_obx2")).toMatchObject({
      status: "in_flight",
      lease_token: second.leaseToken,
      attempts: 2,
    });
  });

  it("schedules a retry for a transient failure and parks a business error with the ERP's detail", async () => {
    await seed("sto_obx3");
    const [claim] = (await claimOutbox(env.DB, 50, 60_000)).filter((c) => c.order.storeId === "sto_obx3");
    if (!claim) throw new Error("no claim");
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
    expect(await outboxOf("sto_obx3")).toMatchObject({
      status: "pending",
      next_attempt_at: retryAt,
      last_error_class: "transient",
    });
    const [again] = (await claimOutbox(env.DB, 50, 60_000, retryAt + 1)).filter(
      (c) => c.order.storeId === "sto_obx3",
    );
    if (!again) throw new Error("retry not due");
    const detail = JSON.stringify([
      { detail: "Invalid Field Value 9999 for the following field: item", "o:errorCode": "INVALID_CONTENT" },
    ]);
    await failOutbox(env.DB, {
      id: again.id,
      leaseToken: again.leaseToken,
      version: again.version,
      errorClass: "business",
      httpStatus: 400,
      message: "Bad Request",
      detail,
      retryAt: null,
    });
    expect(await outboxOf("sto_obx3")).toMatchObject({ status: "parked", attempts: 2 });
    const exc = await env.DB.prepare("SELECT kind, detail FROM exceptions WHERE order_id = ?")
      .bind(claim.orderId)
      .first();
    expect(exc).toEqual({ kind: "erp", detail });
    const order = await env.DB.prepare("SELECT erp_status FROM orders WHERE id = ?")
      .bind(claim.orderId)
      .first();
    expect(order).toEqual({ erp_status: "parked" });
  });

  it("keeps the row due when the order changed while a push was in flight", async () => {
    await seed("sto_obx4");
    const [claim] = (await claimOutbox(env.DB, 50, 60_000)).filter((c) => c.order.storeId === "sto_obx4");
    if (!claim) throw new Error("no claim");
    await seed("sto_obx4", "2026-11-20T12:00:00-05:00");
    await completeOutbox(env.DB, {
      id: claim.id,
      leaseToken: claim.leaseToken,
      version: claim.version,
      erpSystem: "netsuite",
      erpId: "77",
      durationMs: 1,
    });
    expect(await outboxOf("sto_obx4")).toMatchObject({ status: "pending", version: 2, pushed_version: 1 });
  });
});

describe("ERP outbox under races", () => {
  it("does not park a push whose order changed while it was in flight: the new version goes next", async () => {
    await seed("sto_obx5");
    const [claim] = (await claimOutbox(env.DB, 50, 60_000)).filter((c) => c.order.storeId === "sto_obx5");
    if (!claim) throw new Error("no claim");
    await seed("sto_obx5", "2026-11-20T12:00:00-05:00");
    await failOutbox(env.DB, {
      id: claim.id,
      leaseToken: claim.leaseToken,
      version: claim.version,
      errorClass: "business",
      httpStatus: 400,
      message: "Bad Request",
      detail: "[]",
      retryAt: null,
    });
    expect(await outboxOf("sto_obx5")).toMatchObject({ status: "pending", version: 2 });
    const exceptions = await env.DB.prepare("SELECT COUNT(*) AS n FROM exceptions WHERE order_id = ?")
      .bind(claim.orderId)
      .first<{ n: number }>();
    expect(exceptions?.n).toBe(0);
  });

  it("ignores a completion from a run that lost its lease", async () => {
    await seed("sto_obx6");
    const [stale] = (await claimOutbox(env.DB, 50, 1_000)).filter((c) => c.order.storeId === "sto_obx6");
    if (!stale) throw new Error("no claim");
    const [fresh] = (await claimOutbox(env.DB, 50, 60_000, Date.now() + 5_000)).filter(
      (c) => c.order.storeId === "sto_obx6",
    );
    if (!fresh) throw new Error("no re-claim");
    await completeOutbox(env.DB, {
      id: stale.id,
      leaseToken: stale.leaseToken,
      version: stale.version,
      erpSystem: "netsuite",
      erpId: "9",
      durationMs: 1,
    });
    const order = await env.DB.prepare("SELECT erp_status, erp_id FROM orders WHERE id = ?")
      .bind(stale.orderId)
      .first();
    expect(order).toEqual({ erp_status: "pending", erp_id: null });
  });

  it("settles an open ERP exception once a later push goes through, and reopens one that recurs after a replay", async () => {
    await seed("sto_obx7");
    const [claim] = (await claimOutbox(env.DB, 50, 60_000)).filter((c) => c.order.storeId === "sto_obx7");
    if (!claim) throw new Error("no claim");
    const fail = (c: typeof claim) =>
      failOutbox(env.DB, {
        id: c.id,
        leaseToken: c.leaseToken,
        version: c.version,
        errorClass: "business",
        httpStatus: 400,
        message: "Bad Request",
        detail: "[]",
        retryAt: null,
      });
    await fail(claim);
    const exc = () =>
      env.DB.prepare("SELECT status, occurrences FROM exceptions WHERE order_id = ?")
        .bind(claim.orderId)
        .first();
    await env.DB.prepare("UPDATE exceptions SET status = 'replayed' WHERE order_id = ?")
      .bind(claim.orderId)
      .run();
    await env.DB.prepare("UPDATE outbox SET status = 'pending', attempts = 0 WHERE id = ?")
      .bind(claim.id)
      .run();
    const [again] = (await claimOutbox(env.DB, 50, 60_000)).filter((c) => c.order.storeId === "sto_obx7");
    if (!again) throw new Error("no claim after replay");
    await fail(again);
    expect(await exc()).toEqual({ status: "open", occurrences: 2 });
    await env.DB.prepare("UPDATE outbox SET status = 'pending', attempts = 0 WHERE id = ?")
      .bind(claim.id)
      .run();
    const [third] = (await claimOutbox(env.DB, 50, 60_000)).filter((c) => c.order.storeId === "sto_obx7");
    if (!third) throw new Error("no third claim");
    await completeOutbox(env.DB, {
      id: third.id,
      leaseToken: third.leaseToken,
      version: third.version,
      erpSystem: "netsuite",
      erpId: "31",
      durationMs: 1,
    });
    expect(await exc()).toEqual({ status: "resolved", occurrences: 2 });
  });
});
