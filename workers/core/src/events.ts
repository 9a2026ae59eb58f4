import { newId } from "../../../shared/ids";

/** One row of the business event log. `eventKey` makes the write idempotent under redelivery. */
export interface LogEvent {
  eventKey: string;
  correlationId: string;
  type: string;
  source: string;
  storeId: string | null;
  occurredAt: number;
  data: unknown;
}

export interface OrderKey {
  channel: string;
  storeId: string;
  externalId: string;
}

/**
 * Inserts an event, ignoring a replay of the same key. The order is given by id, by natural key
 * (resolved inside the statement, so it works in the same batch that creates the order), or not at all.
 */
function insertEvent(
  db: D1Database,
  order: { id: string | null } | { key: OrderKey },
  e: LogEvent,
  now: number,
) {
  const orderRef =
    "key" in order ? "(SELECT id FROM orders WHERE channel = ? AND store_id = ? AND external_id = ?)" : "?";
  const orderArgs =
    "key" in order ? [order.key.channel, order.key.storeId, order.key.externalId] : [order.id];
  return db
    .prepare(
      `INSERT INTO events (id, event_key, correlation_id, order_id, store_id, type, source, occurred_at, recorded_at, data)
       SELECT ?, ?, ?, ${orderRef}, ?, ?, ?, ?, ?, ? WHERE true ON CONFLICT(event_key) DO NOTHING`,
    )
    .bind(
      newId("evt", now),
      e.eventKey,
      e.correlationId,
      ...orderArgs,
      e.storeId,
      e.type,
      e.source,
      e.occurredAt,
      now,
      JSON.stringify(e.data),
    );
}

export function eventForOrderId(db: D1Database, orderId: string | null, e: LogEvent, now = Date.now()) {
  return insertEvent(db, { id: orderId }, e, now);
}

export function eventForOrderKey(db: D1Database, key: OrderKey, e: LogEvent, now = Date.now()) {
  return insertEvent(db, { key }, e, now);
}
