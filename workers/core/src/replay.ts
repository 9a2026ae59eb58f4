import { eventForOrderId } from "./events";

/** What replaying an exception did, or why it cannot be replayed from core. */
export type ReplayResult =
  | { ok: true; action: "requeued"; queue: string }
  | { ok: true; action: "outbox_reset"; outboxId: string }
  | { ok: false; status: 404 | 409; reason: string };

interface ExceptionRow {
  id: string;
  kind: string;
  source: string;
  status: string;
  payload: string | null;
  payload_ref: string | null;
  correlation_id: string | null;
  order_id: string | null;
  store_id: string | null;
}

/** The queue a dead letter or invalid message came from, as core can reach it again. */
function queueFor(env: CoreEnv, source: string): Queue | null {
  const queues: Record<string, Queue> = {
    "mesh-events": env.EVENTS,
    "shopify-inbox": env.SHOPIFY_INBOX,
    "shopify-commands": env.SHOPIFY_COMMANDS,
  };
  return queues[source] ?? null;
}

/**
 * Replays one open exception: a message that died on a queue goes back onto that queue as it was
 * (its consumers are idempotent, so a message that did get through once changes nothing); a parked
 * ERP push is made due again from attempt zero. The exception is marked `replayed` first, with a
 * conditional update, so two concurrent replays cannot both act; a failed send reopens it.
 */
export async function replayException(env: CoreEnv, id: string, now = Date.now()): Promise<ReplayResult> {
  const row = await env.DB.prepare(
    `SELECT id, kind, source, status, payload, payload_ref, correlation_id, order_id, store_id
     FROM exceptions WHERE id = ?`,
  )
    .bind(id)
    .first<ExceptionRow>();
  if (!row) return { ok: false, status: 404, reason: `No exception ${id}.` };
  if (row.status !== "open")
    return { ok: false, status: 409, reason: `Exception ${id} is ${row.status}, not open.` };

  const plan = planFor(env, row);
  if (!plan.ok) return plan;
  const claimed = await env.DB.prepare(
    "UPDATE exceptions SET status = 'replayed', updated_at = ? WHERE id = ? AND status = 'open'",
  )
    .bind(now, id)
    .run();
  if (claimed.meta.changes !== 1)
    return { ok: false, status: 409, reason: `Exception ${id} is being replayed.` };

  try {
    const result = await plan.run();
    await eventForOrderId(env.DB, row.order_id, {
      eventKey: `${id}:replayed:${now}`,
      correlationId: row.correlation_id ?? id,
      type: "exception.replayed",
      source: "core",
      storeId: row.store_id,
      occurredAt: now,
      data: { exceptionId: id, kind: row.kind, ...result },
    }).run();
    return result;
  } catch (err) {
    await env.DB.prepare("UPDATE exceptions SET status = 'open', updated_at = ? WHERE id = ?")
      .bind(now, id)
      .run();
    throw err;
  }
}

type Plan = { ok: true; run: () => Promise<ReplayResult & { ok: true }> } | (ReplayResult & { ok: false });

function planFor(env: CoreEnv, row: ExceptionRow): Plan {
  if (row.kind === "erp") {
    const outboxId = outboxIdOf(row.payload);
    if (!outboxId)
      return { ok: false, status: 409, reason: "The ERP exception does not name its outbox row." };
    return {
      ok: true,
      run: async () => {
        const now = Date.now();
        await env.DB.batch([
          env.DB.prepare(
            `UPDATE erp_outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ?
             WHERE id = ? AND status = 'parked'`,
          ).bind(now, now, outboxId),
          env.DB.prepare(
            `UPDATE orders SET erp_status = 'pending', updated_at = ?
             WHERE id = (SELECT order_id FROM erp_outbox WHERE id = ? AND kind = 'sales_order'
                           AND status = 'pending' AND attempts = 0)`,
          ).bind(now, outboxId),
        ]);
        return { ok: true, action: "outbox_reset", outboxId };
      },
    };
  }
  const queue = queueFor(env, row.source);
  if (queue && row.payload !== null) {
    const parsed: unknown = JSON.parse(row.payload);
    // Marked as a replay, so a connector's dedupe does not take it for the delivery it already parked.
    const body =
      parsed && typeof parsed === "object" && !Array.isArray(parsed)
        ? { ...parsed, replayOf: row.id }
        : parsed;
    return {
      ok: true,
      run: async () => {
        await queue.send(body, { contentType: "v8" });
        return { ok: true, action: "requeued", queue: row.source };
      },
    };
  }
  return {
    ok: false,
    status: 409,
    reason:
      `Core cannot replay a ${row.kind} exception from ${row.source}` +
      (row.payload_ref
        ? `; the raw delivery is archived at ${row.payload_ref}: re-deliver it through the connector.`
        : "."),
  };
}

function outboxIdOf(payload: string | null): string | null {
  if (!payload) return null;
  try {
    const parsed: unknown = JSON.parse(payload);
    if (parsed && typeof parsed === "object" && "outboxId" in parsed && typeof parsed.outboxId === "string") {
      return parsed.outboxId;
    }
  } catch {
    return null;
  }
  return null;
}
