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

/** Inserts an event for an order found by id (or none), ignoring a replay of the same key. */
export function eventForOrderId(
  db: D1Database,
  orderId: string | null,
  e: LogEvent,
  now = Date.now(),
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO events (id, event_key, correlation_id, order_id, store_id, type, source, occurred_at, recorded_at, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(event_key) DO NOTHING`,
    )
    .bind(
      newId("evt", now),
      e.eventKey,
      e.correlationId,
      orderId,
      e.storeId,
      e.type,
      e.source,
      e.occurredAt,
      now,
      JSON.stringify(e.data),
    );
}

/** Inserts an event for the order with this natural key, resolving its id inside the same batch. */
export function eventForOrderKey(
  db: D1Database,
  key: { channel: string; storeId: string; externalId: string },
  e: LogEvent,
  now = Date.now(),
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO events (id, event_key, correlation_id, order_id, store_id, type, source, occurred_at, recorded_at, data)
       SELECT ?, ?, ?, (SELECT id FROM orders WHERE channel = ? AND store_id = ? AND external_id = ?), ?, ?, ?, ?, ?, ?
       WHERE true ON CONFLICT(event_key) DO NOTHING`,
    )
    .bind(
      newId("evt", now),
      e.eventKey,
      e.correlationId,
      key.channel,
      key.storeId,
      key.externalId,
      e.storeId,
      e.type,
      e.source,
      e.occurredAt,
      now,
      JSON.stringify(e.data),
    );
}
