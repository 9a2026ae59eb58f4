import { Order } from "../../../../shared/canonical";
import { newId } from "../../../../shared/ids";
import type { OutboxClaim, OutboxFailure, OutboxSuccess } from "../../../../shared/internal-api";
import { eventForOrderId } from "../events";
import { exceptionStatement } from "../exceptions";

interface ClaimedRow {
  id: string;
  order_id: string;
  kind: "sales_order";
  version: number;
  attempts: number;
  correlation_id: string;
}

/**
 * Leases due outbox rows in one atomic UPDATE ... RETURNING, so two overlapping cron runs can never
 * claim the same row. A lease that expires (a crashed run) makes the row due again.
 */
export async function claimOutbox(
  db: D1Database,
  limit: number,
  leaseMs: number,
  now = Date.now(),
): Promise<OutboxClaim[]> {
  const leaseToken = newId("lse", now);
  const claimed = await db
    .prepare(
      `UPDATE outbox SET status = 'in_flight', lease_token = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?
       WHERE id IN (SELECT id FROM outbox WHERE (status = 'pending' AND next_attempt_at <= ?)
                      OR (status = 'in_flight' AND lease_until < ?) ORDER BY next_attempt_at LIMIT ?)
       RETURNING id, order_id, kind, version, attempts, correlation_id`,
    )
    .bind(leaseToken, now + leaseMs, now, now, now, Math.min(Math.max(limit, 1), 50))
    .all<ClaimedRow>();
  const rows = claimed.results;
  if (rows.length === 0) return [];
  const placeholders = rows.map(() => "?").join(",");
  const snapshots = await db
    .prepare(`SELECT id, snapshot, version FROM orders WHERE id IN (${placeholders})`)
    .bind(...rows.map((r) => r.order_id))
    .all<{ id: string; snapshot: string; version: number }>();
  const byId = new Map(snapshots.results.map((s) => [s.id, s]));
  const claims: OutboxClaim[] = [];
  for (const row of rows) {
    const snapshot = byId.get(row.order_id);
    if (!snapshot) continue;
    claims.push({
      id: row.id,
      kind: row.kind,
      orderId: row.order_id,
      // The snapshot may be newer than the row's version if the order changed since; push what we read.
      version: snapshot.version,
      attempts: row.attempts,
      leaseToken,
      correlationId: row.correlation_id,
      order: Order.parse(JSON.parse(snapshot.snapshot)),
    });
  }
  return claims;
}

export async function completeOutbox(db: D1Database, input: OutboxSuccess, now = Date.now()): Promise<void> {
  // A report from a run that lost its lease is ignored: the run holding it now will report instead.
  const row = await db
    .prepare("SELECT order_id, correlation_id FROM outbox WHERE id = ? AND lease_token = ?")
    .bind(input.id, input.leaseToken)
    .first<{ order_id: string; correlation_id: string }>();
  if (!row) return;
  await db.batch([
    db
      .prepare(
        `UPDATE outbox SET status = CASE WHEN version <= ? THEN 'done' ELSE 'pending' END, pushed_version = ?,
           erp_system = ?, erp_id = ?, lease_token = NULL, lease_until = NULL, next_attempt_at = ?,
           last_error_class = NULL, last_error = NULL, last_http_status = NULL, updated_at = ?
         WHERE id = ? AND lease_token = ?`,
      )
      .bind(input.version, input.version, input.erpSystem, input.erpId, now, now, input.id, input.leaseToken),
    db
      .prepare(
        `UPDATE orders SET erp_id = ?, erp_synced_at = ?, updated_at = ?,
           erp_status = CASE WHEN version <= ? THEN 'synced' ELSE 'pending' END WHERE id = ?`,
      )
      .bind(input.erpId, now, now, input.version, row.order_id),
    db
      .prepare(
        `INSERT INTO id_map (entity, mesh_id, system, external_kind, external_id, created_at)
         VALUES ('order', ?, ?, 'salesOrder', ?, ?) ON CONFLICT DO NOTHING`,
      )
      .bind(row.order_id, input.erpSystem, input.erpId, now),
    // The push went through: an ERP exception parked earlier for this row is settled.
    db
      .prepare(
        "UPDATE exceptions SET status = 'resolved', updated_at = ? WHERE dedupe_key LIKE ? AND status <> 'resolved'",
      )
      .bind(now, `erp:${input.id}:v%`),
    eventForOrderId(
      db,
      row.order_id,
      {
        eventKey: `${input.id}:v${input.version}:pushed`,
        correlationId: row.correlation_id,
        type: "erp.push.succeeded",
        source: "erp-sync",
        storeId: null,
        occurredAt: now,
        data: {
          system: input.erpSystem,
          erpId: input.erpId,
          version: input.version,
          durationMs: input.durationMs,
        },
      },
      now,
    ),
  ]);
}

export async function failOutbox(db: D1Database, input: OutboxFailure, now = Date.now()): Promise<void> {
  const row = await db
    .prepare(
      "SELECT order_id, correlation_id, attempts, version FROM outbox WHERE id = ? AND lease_token = ?",
    )
    .bind(input.id, input.leaseToken)
    .first<{ order_id: string; correlation_id: string; attempts: number; version: number }>();
  if (!row) return;
  // A newer version of the order arrived while this push was in flight: it may be the fix for the
  // error, so it is pushed next instead of being parked along with the old one.
  const superseded = row.version > input.version;
  const parked = input.retryAt === null && !superseded;
  const retryAt = superseded ? now : input.retryAt;
  const statements = [
    db
      .prepare(
        `UPDATE outbox SET status = ?, next_attempt_at = ?, lease_token = NULL, lease_until = NULL,
           last_error_class = ?, last_error = ?, last_http_status = ?, updated_at = ? WHERE id = ? AND lease_token = ?`,
      )
      .bind(
        parked ? "parked" : "pending",
        retryAt ?? now,
        input.errorClass,
        input.message,
        input.httpStatus,
        now,
        input.id,
        input.leaseToken,
      ),
    db
      .prepare("UPDATE orders SET erp_status = ?, updated_at = ? WHERE id = ?")
      .bind(parked ? "parked" : "retrying", now, row.order_id),
    eventForOrderId(
      db,
      row.order_id,
      {
        eventKey: `${input.id}:v${input.version}:attempt${row.attempts}:${parked ? "parked" : "failed"}`,
        correlationId: row.correlation_id,
        type: parked ? "erp.push.parked" : "erp.push.failed",
        source: "erp-sync",
        storeId: null,
        occurredAt: now,
        data: {
          errorClass: input.errorClass,
          httpStatus: input.httpStatus,
          message: input.message,
          detail: input.detail,
          retryAt,
          superseded,
          attempt: row.attempts,
        },
      },
      now,
    ),
  ];
  if (parked) {
    statements.push(
      await exceptionStatement(
        db,
        {
          kind: "erp",
          source: "erp-sync",
          reason: `${input.errorClass}: ${input.message}`,
          detail: input.detail,
          orderId: row.order_id,
          correlationId: row.correlation_id,
          payload: JSON.stringify({ outboxId: input.id, version: input.version }),
          dedupeKey: `erp:${input.id}:v${input.version}`,
        },
        now,
      ),
    );
  }
  await db.batch(statements);
}
