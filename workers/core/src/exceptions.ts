import { sha256Hex } from "../../../shared/crypto/hmac";
import { newId } from "../../../shared/ids";
import type { ParkRequest } from "../../../shared/internal-api";

export interface ExceptionInput extends ParkRequest {
  orderId?: string | null;
  /** Identifies "the same failure": a second report of it increments `occurrences`. */
  dedupeKey?: string;
}

/** The statement that records (or counts again) a parked exception. */
export async function exceptionStatement(
  db: D1Database,
  input: ExceptionInput,
  now = Date.now(),
): Promise<D1PreparedStatement> {
  const dedupeKey =
    input.dedupeKey ??
    (await sha256Hex(
      [
        input.kind,
        input.source,
        input.reason,
        input.correlationId ?? "",
        input.payloadRef ?? "",
        input.payload ?? "",
      ].join("\u0000"),
    ));
  return db
    .prepare(
      `INSERT INTO exceptions (id, dedupe_key, kind, source, reason, detail, store_id, order_id, correlation_id,
         payload_ref, payload, status, occurrences, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', 1, ?, ?)
       ON CONFLICT(dedupe_key) DO UPDATE SET occurrences = occurrences + 1, updated_at = excluded.updated_at,
         detail = excluded.detail, status = CASE WHEN exceptions.status IN ('resolved', 'replayed') THEN 'open' ELSE exceptions.status END
       RETURNING id`,
    )
    .bind(
      newId("exc", now),
      dedupeKey,
      input.kind,
      input.source,
      input.reason,
      input.detail ?? null,
      input.storeId ?? null,
      input.orderId ?? null,
      input.correlationId ?? null,
      input.payloadRef ?? null,
      input.payload ?? null,
      now,
      now,
    );
}

export async function recordException(db: D1Database, input: ExceptionInput): Promise<{ id: string }> {
  const row = await (await exceptionStatement(db, input)).first<{ id: string }>();
  if (!row) throw new Error("exception insert returned no row");
  return row;
}
