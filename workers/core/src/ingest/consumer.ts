import { isOrderEvent, MeshEvent, type OrderEvent } from "../../../../shared/canonical";
import { createLogger, errorFields } from "../../../../shared/log";
import { eventForOrderId, eventForOrderKey } from "../events";
import { exceptionStatement } from "../exceptions";
import { ORDER_RESERVATION_STATE_SQL } from "../inventory/line-status";
import { applyDocumentEvent, isDocumentEvent } from "./document-events";
import { applyErpObservation, isErpObservation } from "./erp-observations";
import { orderStatements } from "./order-statements";
import { applyReservations, resyncLedgers, shortLineStatements } from "./reserve-lines";

const log = createLogger("core");

/** Retry delay for a transient failure: 10 s doubling per attempt, capped at 10 minutes. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(600, 10 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Consumer of `mesh-events`. Each message is decided on its own: applied and acked, parked as an
 * exception and acked (it can never succeed as it is), or retried with a growing delay (anything
 * that may succeed later: D1 or Durable Object trouble). After max_retries the queue moves it to the
 * dead-letter queue, whose consumer records it as an exception.
 */
export async function consumeMeshEvents(batch: MessageBatch<unknown>, env: CoreEnv): Promise<void> {
  for (const message of batch.messages) {
    const parsed = MeshEvent.safeParse(message.body);
    if (!parsed.success) {
      await park(env, message, "canonical event failed validation", parsed.error.message);
      continue;
    }
    const event = parsed.data;
    try {
      if (isOrderEvent(event)) await applyOrderEvent(env, event);
      else if (isDocumentEvent(event)) await applyDocumentEvent(env, event);
      else if (isErpObservation(event)) await applyErpObservation(env, event);
      else if (event.type === "inventory.resync_requested")
        await resyncLedgers(env, event.data.skus, event.correlationId, event.data.forceStoreId);
      else await recordUnsupported(env, event);
      message.ack();
    } catch (err) {
      log.warn("mesh event failed, will retry", {
        correlationId: event.correlationId,
        eventId: event.id,
        attempts: message.attempts,
        ...errorFields(err),
      });
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  }
}

async function park(env: CoreEnv, message: Message<unknown>, reason: string, detail: string): Promise<void> {
  try {
    const body = JSON.stringify(message.body) ?? "null";
    const statement = await exceptionStatement(env.DB, {
      kind: "validation",
      source: "mesh-events",
      reason,
      detail,
      correlationId: correlationOf(message.body),
      payload: body.length <= 256_000 ? body : null,
      dedupeKey: `mesh-events:${message.id}`,
    });
    await statement.run();
    log.warn("parked invalid mesh event", { messageId: message.id, reason });
    message.ack();
  } catch (err) {
    log.error("could not park invalid mesh event", { messageId: message.id, ...errorFields(err) });
    message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
  }
}

function correlationOf(body: unknown): string | null {
  if (body && typeof body === "object" && "correlationId" in body && typeof body.correlationId === "string") {
    return body.correlationId;
  }
  return null;
}

export async function applyOrderEvent(env: CoreEnv, event: OrderEvent): Promise<void> {
  const o = event.data;
  const key = { channel: o.channel, storeId: o.storeId, externalId: o.externalId };
  const current = await env.DB.prepare(
    "SELECT id, source_updated_at AS v FROM orders WHERE channel = ? AND store_id = ? AND external_id = ?",
  )
    .bind(key.channel, key.storeId, key.externalId)
    .first<{ id: string; v: number }>();
  const incoming = Date.parse(o.sourceUpdatedAt);
  if (current && current.v > incoming) {
    // A late or replayed older version: the newer state already won. Logged, not applied.
    await eventForOrderKey(env.DB, key, {
      eventKey: `${event.id}:stale`,
      correlationId: event.correlationId,
      type: "order.stale_ignored",
      source: event.source,
      storeId: o.storeId,
      occurredAt: Date.now(),
      data: { eventType: event.type, sourceUpdatedAt: o.sourceUpdatedAt },
    }).run();
    return;
  }
  const reservations = await applyReservations(env, event);
  const s = orderStatements(env.DB, event, reservations);
  const exceptions = shortLineStatements(env.DB, event, reservations);
  // The order's one-word state comes from its stored lines, each guarded by the ledger's revision.
  const summary = env.DB.prepare(
    `UPDATE orders SET reservation_state = ${ORDER_RESERVATION_STATE_SQL}
     WHERE channel = ? AND store_id = ? AND external_id = ?`,
  ).bind(o.channel, o.storeId, o.externalId);
  await env.DB.batch([s.upsertOrder, ...s.lines, summary, ...s.outbox, ...s.logs, ...exceptions]);
  log.info("order applied", {
    correlationId: event.correlationId,
    eventId: event.id,
    type: event.type,
    externalId: o.externalId,
  });
}

async function recordUnsupported(env: CoreEnv, event: MeshEvent): Promise<void> {
  await eventForOrderId(env.DB, null, {
    eventKey: `${event.id}:unsupported`,
    correlationId: event.correlationId,
    type: event.type,
    source: event.source,
    storeId: event.storeId,
    occurredAt: Date.parse(event.occurredAt),
    data: { ...(event.type === "delivery.unsupported" ? event.data : {}), intake: event.intake },
  }).run();
}
