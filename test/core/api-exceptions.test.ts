import { createMessageBatch } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import worker from "../../workers/core/src/index";
import { claimOutbox, failOutbox } from "../../workers/core/src/internal/outbox";
import { ADMIN, api, bearer, createApiKey } from "./api-helpers";
import { deliverOrder, isolatedStore, plainOrder } from "./erp-helpers";

type Summary = { id: string; kind: string; source: string; status: string; correlationId: string | null };

async function deadLetter(queue: string, body: Record<string, unknown>): Promise<void> {
  const batch = createMessageBatch(queue, [
    { id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body },
  ]);
  await worker.queue(batch, env);
}

async function findByCorrelation(correlationId: string): Promise<Summary> {
  const res = await api("/v1/exceptions?status=open", { headers: ADMIN });
  expect(res.status).toBe(200);
  const page = (await res.json()) as { items: Summary[] };
  const found = page.items.find((e) => e.correlationId === correlationId);
  if (!found) throw new Error(`no exception for ${correlationId}`);
  return found;
}

const replay = (id: string, headers: Record<string, string> = ADMIN) =>
  api(`/v1/exceptions/${id}/replay`, { method: "POST", headers });

describe("exceptions API", () => {
  it("lists a dead letter with its reason and shows its payload", async () => {
    const body = {
      deliveryId: "d-9",
      storeId: "sto_x",
      correlationId: "corr-list",
      archiveKey: "shopify/sto_x/a.json",
    };
    await deadLetter("shopify-inbox-dlq", body);
    const exc = await findByCorrelation("corr-list");
    expect(exc).toMatchObject({ kind: "dead_letter", source: "shopify-inbox", status: "open" });
    const res = await api(`/v1/exceptions/${exc.id}`, { headers: ADMIN });
    const detail = (await res.json()) as { payload: string; payloadRef: string; reason: string };
    expect(JSON.parse(detail.payload)).toEqual(body);
    expect(detail.payloadRef).toBe("shopify/sto_x/a.json");
    expect(detail.reason).toContain("shopify-inbox");
  });

  it("replays a dead letter onto the queue it died on, once", async () => {
    const send = vi.spyOn(env.SHOPIFY_INBOX, "send");
    const body = { deliveryId: "d-10", storeId: "sto_y", correlationId: "corr-replay" };
    await deadLetter("shopify-inbox-dlq", body);
    const exc = await findByCorrelation("corr-replay");
    const res = await replay(exc.id);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({
      id: exc.id,
      status: "replayed",
      action: "requeued",
      queue: "shopify-inbox",
    });
    expect(send).toHaveBeenCalledWith({ ...body, replayOf: exc.id }, { contentType: "v8" });
    const again = await replay(exc.id);
    expect(again.status).toBe(409);
    expect(again.headers.get("content-type")).toContain("application/problem+json");
    expect(send).toHaveBeenCalledTimes(1);
    send.mockRestore();
  });

  it("replays an invalid mesh event that was fixed upstream back onto mesh-events", async () => {
    const send = vi.spyOn(env.EVENTS, "send");
    const batch = createMessageBatch("mesh-events", [
      {
        id: "bad-1",
        timestamp: new Date(),
        attempts: 1,
        body: { type: "order.created", correlationId: "corr-bad" },
      },
    ]);
    await worker.queue(batch, env);
    const exc = await findByCorrelation("corr-bad");
    expect((await replay(exc.id)).status).toBe(202);
    expect(send).toHaveBeenCalledWith(
      { type: "order.created", correlationId: "corr-bad", replayOf: exc.id },
      { contentType: "v8" },
    );
    send.mockRestore();
  });

  it("replaying a parked ERP push makes its outbox row due again from attempt zero", async () => {
    const { connectionId, storeId } = await isolatedStore();
    const order = plainOrder({ storeId, customer: null, payments: [] });
    await deliverOrder(order);
    const [claim] = await claimOutbox(env.DB, connectionId, 50, 60_000);
    if (!claim) throw new Error("no claim");
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
    const orderStatus = () =>
      env.DB.prepare("SELECT erp_status FROM orders WHERE id = ?").bind(claim.orderId).first();
    expect(await orderStatus()).toEqual({ erp_status: "parked" });
    const exc = await findByCorrelation(claim.correlationId);
    expect(exc.kind).toBe("erp");
    const res = await replay(exc.id);
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ action: "outbox_reset", outboxId: claim.id });
    const row = await env.DB.prepare("SELECT status, attempts, kind FROM erp_outbox WHERE id = ?")
      .bind(claim.id)
      .first();
    expect(row).toEqual({ status: "pending", attempts: 0, kind: "sales_order" });
    expect(await orderStatus()).toEqual({ erp_status: "pending" });
    const trace = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM events WHERE order_id = ? AND type = 'exception.replayed'",
    )
      .bind(claim.orderId)
      .first<{ n: number }>();
    expect(trace?.n).toBe(1);
    const [again] = await claimOutbox(env.DB, connectionId, 50, 60_000);
    expect(again).toMatchObject({ id: claim.id, attempts: 1 });
  });

  it("refuses to replay what core cannot reach, and needs the exceptions scopes", async () => {
    const parked = await env.DB.prepare(
      `INSERT INTO exceptions (id, dedupe_key, kind, source, reason, status, occurrences, payload_ref, correlation_id, created_at, updated_at)
       VALUES ('exc_mapping_1', 'k-mapping-1', 'mapping', 'shopify', 'mapping failed', 'open', 1, 'shopify/s/x.json', 'corr-map', 1, 1)`,
    ).run();
    expect(parked.success).toBe(true);
    const res = await replay("exc_mapping_1");
    expect(res.status).toBe(409);
    expect(((await res.json()) as { detail: string }).detail).toContain("shopify/s/x.json");
    expect((await replay("exc_missing")).status).toBe(404);
    const reader = await createApiKey(["exceptions:read"]);
    expect((await api("/v1/exceptions", { headers: bearer(reader) })).status).toBe(200);
    expect((await replay("exc_mapping_1", bearer(reader))).status).toBe(403);
    const ordersOnly = await createApiKey(["orders:read"]);
    expect((await api("/v1/exceptions", { headers: bearer(ordersOnly) })).status).toBe(403);
  });
});
