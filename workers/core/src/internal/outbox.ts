import { ErpDocument, type ErpRefs } from "../../../../shared/erp";
import { newId } from "../../../../shared/ids";
import type { OutboxClaim, OutboxFailure, OutboxSuccess } from "../../../../shared/internal-api";
import { eventForOrderId } from "../events";
import { exceptionStatement } from "../exceptions";
import { resolveRefs } from "./outbox-refs";

interface ClaimedRow {
  id: string;
  connection_id: string;
  kind: string;
  doc_key: string;
  order_id: string | null;
  depends_on: string;
  document: string;
  version: number;
  attempts: number;
  correlation_id: string;
  erp_id: string | null;
}

/**
 * Leases due ERP outbox rows in one atomic UPDATE ... RETURNING, so two overlapping runs never claim
 * the same row. A row is due when it is pending and its time has come (or its lease expired) and every
 * document it depends on is done in the same connection: no fulfilment before its sales order exists.
 */
export async function claimOutbox(
  db: D1Database,
  connectionId: string,
  limit: number,
  leaseMs: number,
  now = Date.now(),
): Promise<OutboxClaim[]> {
  // '' is not a connection: rows under it wait for a default connection and are never pushed.
  if (connectionId === "") return [];
  const leaseToken = newId("lse", now);
  const claimed = await db
    .prepare(
      `UPDATE erp_outbox SET status = 'in_flight', lease_token = ?1, lease_until = ?2, attempts = attempts + 1, updated_at = ?3
       WHERE id IN (
         SELECT o.id FROM erp_outbox o
         WHERE o.connection_id = ?5
           AND ((o.status = 'pending' AND o.next_attempt_at <= ?3) OR (o.status = 'in_flight' AND o.lease_until < ?3))
           AND NOT EXISTS (
             SELECT 1 FROM json_each(o.depends_on) d WHERE NOT EXISTS (
               SELECT 1 FROM erp_outbox p WHERE p.connection_id = o.connection_id AND p.doc_key = d.value AND p.status = 'done'))
         ORDER BY o.next_attempt_at LIMIT ?4)
       RETURNING id, connection_id, kind, doc_key, order_id, depends_on, document, version, attempts, correlation_id, erp_id`,
    )
    .bind(leaseToken, now + leaseMs, now, Math.min(Math.max(limit, 1), 50), connectionId)
    .all<ClaimedRow>();
  const rows = claimed.results;
  if (rows.length === 0) return [];
  const refs = await resolveRefs(db, rows);
  const claims: OutboxClaim[] = [];
  for (const row of rows) {
    const document = parseDocument(row.document);
    if (!document.ok) {
      // A row that can never be pushed as stored is parked on its own; it must not stall the connection.
      await failOutbox(
        db,
        {
          id: row.id,
          leaseToken,
          version: row.version,
          errorClass: "validation",
          httpStatus: null,
          message: "the stored document is not a valid ERP document",
          detail: document.error,
          retryAt: null,
        },
        now,
      );
      continue;
    }
    claims.push({
      id: row.id,
      connectionId: row.connection_id,
      kind: document.value.kind,
      docKey: row.doc_key,
      orderId: row.order_id,
      version: row.version,
      attempts: row.attempts,
      leaseToken,
      correlationId: row.correlation_id,
      document: document.value,
      refs: refs.get(row.id) ?? ({} satisfies ErpRefs),
      erpId: row.erp_id,
    });
  }
  return claims;
}

function parseDocument(text: string): { ok: true; value: ErpDocument } | { ok: false; error: string } {
  try {
    const parsed = ErpDocument.safeParse(JSON.parse(text));
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: parsed.error.message };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

export async function completeOutbox(db: D1Database, input: OutboxSuccess, now = Date.now()): Promise<void> {
  // A report from a run that lost its lease is ignored: the run holding it now will report instead.
  const row = await db
    .prepare(
      "SELECT order_id, correlation_id, kind, doc_key FROM erp_outbox WHERE id = ? AND lease_token = ?",
    )
    .bind(input.id, input.leaseToken)
    .first<{ order_id: string | null; correlation_id: string; kind: string; doc_key: string }>();
  if (!row) return;
  const statements = [
    db
      .prepare(
        `UPDATE erp_outbox SET status = CASE WHEN version <= ? THEN 'done' ELSE 'pending' END, pushed_version = ?,
           erp_system = ?, erp_id = ?, erp_number = ?, lease_token = NULL, lease_until = NULL, next_attempt_at = ?,
           last_error_class = NULL, last_error = NULL, last_http_status = NULL, updated_at = ?
         WHERE id = ? AND lease_token = ?`,
      )
      .bind(
        input.version,
        input.version,
        input.erpSystem,
        input.erpId,
        input.erpNumber,
        now,
        now,
        input.id,
        input.leaseToken,
      ),
    db
      .prepare(
        `INSERT INTO id_map (entity, mesh_id, system, external_kind, external_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .bind(row.kind, row.doc_key, input.erpSystem, row.kind, input.erpId, now),
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
          kind: row.kind,
          docKey: row.doc_key,
          system: input.erpSystem,
          erpId: input.erpId,
          erpNumber: input.erpNumber,
          version: input.version,
          durationMs: input.durationMs,
        },
      },
      now,
    ),
  ];
  if (row.kind === "sales_order" && row.order_id) {
    statements.push(
      db
        .prepare(
          `UPDATE orders SET erp_id = ?, erp_synced_at = ?, updated_at = ?,
             erp_status = CASE WHEN (SELECT version FROM erp_outbox WHERE id = ?) <= ? THEN 'synced' ELSE 'pending' END
           WHERE id = ?`,
        )
        .bind(input.erpId, now, now, input.id, input.version, row.order_id),
    );
  }
  await db.batch(statements);
}

export async function failOutbox(db: D1Database, input: OutboxFailure, now = Date.now()): Promise<void> {
  const row = await db
    .prepare(
      "SELECT order_id, correlation_id, attempts, version, kind, doc_key FROM erp_outbox WHERE id = ? AND lease_token = ?",
    )
    .bind(input.id, input.leaseToken)
    .first<{
      order_id: string | null;
      correlation_id: string;
      attempts: number;
      version: number;
      kind: string;
      doc_key: string;
    }>();
  if (!row) return;
  // A newer version of the document arrived while this push was in flight: it may be the fix for the
  // error, so it is pushed next instead of being parked along with the old one.
  const superseded = row.version > input.version;
  const parked = input.retryAt === null && !superseded;
  const retryAt = superseded ? now : input.retryAt;
  const statements = [
    db
      .prepare(
        `UPDATE erp_outbox SET status = ?, next_attempt_at = ?, lease_token = NULL, lease_until = NULL,
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
          kind: row.kind,
          docKey: row.doc_key,
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
  if (row.kind === "sales_order" && row.order_id) {
    statements.push(
      db
        .prepare("UPDATE orders SET erp_status = ?, updated_at = ? WHERE id = ?")
        .bind(parked ? "parked" : "retrying", now, row.order_id),
    );
  }
  if (parked) {
    statements.push(
      await exceptionStatement(
        db,
        {
          kind: "erp",
          source: "erp-sync",
          reason: `${input.errorClass}: ${row.kind} ${input.message}`,
          detail: input.detail,
          orderId: row.order_id,
          correlationId: row.correlation_id,
          payload: JSON.stringify({
            outboxId: input.id,
            version: input.version,
            kind: row.kind,
            docKey: row.doc_key,
            errorClass: input.errorClass,
          }),
          dedupeKey: `erp:${input.id}:v${input.version}`,
        },
        now,
      ),
    );
  }
  await db.batch(statements);
}
