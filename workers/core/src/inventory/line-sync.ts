import { newId } from "../../../../shared/ids";
import { createLogger } from "../../../../shared/log";
import type { ReservationRow } from "./ledger-tables";
import { ORDER_RESERVATION_STATE_SQL } from "./line-status";

const log = createLogger("core");
const BATCH = 20;

interface OrderKey {
  channel: string;
  storeId: string;
  externalId: string;
}

/** `channel:store:order` as the ledger keys it; store ids and channel names hold no colon. */
export function parseOrderRef(orderRef: string): OrderKey | null {
  const first = orderRef.indexOf(":");
  const second = orderRef.indexOf(":", first + 1);
  if (first < 1 || second < 0) return null;
  return {
    channel: orderRef.slice(0, first),
    storeId: orderRef.slice(first + 1, second),
    externalId: orderRef.slice(second + 1),
  };
}

/** How long a line state waits for its order to reach D1 before it is given up (the order never came). */
const KEEP_FOR_MS = 10 * 60_000;
const RETRY_MS = 5_000;

/**
 * Tells core's D1 what the ledger changed for each line: the line's reservation state (only if newer
 * than what D1 holds, by the ledger's revision), the order's summary, and the line's `inventory`
 * exception. At least once: a line leaves `line_changes` once D1 holds it at that revision or newer;
 * a line whose order D1 does not hold yet is tried again in a few seconds, for ten minutes.
 */
export async function flushLineChanges(
  db: D1Database,
  sql: SqlStorage,
  sku: string,
  now = Date.now(),
): Promise<number> {
  let flushed = 0;
  for (;;) {
    const rows = sql
      .exec<ReservationRow & { change_revision: number; change_queued_at: number }>(
        `SELECT r.*, c.revision AS change_revision, c.queued_at AS change_queued_at FROM line_changes c
         JOIN reservations r ON r.line_key = c.line_key WHERE c.retry_at <= ? ORDER BY c.revision LIMIT ?`,
        now,
        BATCH,
      )
      .toArray();
    if (rows.length === 0) return flushed;
    const lines = rows.map((r) => ({ row: r, key: lineKeyParts(r) }));
    const statements: D1PreparedStatement[] = [];
    for (const { row, key } of lines) {
      if (!key) continue;
      const reserved = row.status === "reserved" || row.status === "held" ? row.quantity - row.shipped : 0;
      statements.push(
        db
          .prepare(
            `UPDATE order_lines SET reservation_status = ?, reserved_quantity = ?, reservation_rev = ?, updated_at = ?
             WHERE order_id = (SELECT id FROM orders WHERE channel = ? AND store_id = ? AND external_id = ?)
               AND external_line_id = ? AND reservation_rev < ?`,
          )
          .bind(
            row.status,
            reserved,
            row.revision,
            now,
            key.channel,
            key.storeId,
            key.externalId,
            key.externalLineId,
            row.revision,
          ),
        lineExceptionStatement(db, { ...key, ...lineState(row) }, sku, now),
      );
    }
    if (statements.length > 0) await db.batch(statements);
    // Which lines D1 now holds at this revision or newer (and which orders to summarize again).
    const held = await db.batch(
      lines.map(({ key }) =>
        db
          .prepare(
            `SELECT o.id, l.reservation_rev AS rev FROM orders o JOIN order_lines l ON l.order_id = o.id
             WHERE o.channel = ? AND o.store_id = ? AND o.external_id = ? AND l.external_line_id = ?`,
          )
          .bind(key?.channel ?? "", key?.storeId ?? "", key?.externalId ?? "", key?.externalLineId ?? ""),
      ),
    );
    const touched = new Set<string>();
    for (const [i, { row }] of lines.entries()) {
      const d1 = held[i]?.results[0] as { id: string; rev: number } | undefined;
      if (d1 && d1.rev >= row.change_revision) {
        touched.add(d1.id);
        sql.exec(
          "DELETE FROM line_changes WHERE line_key = ? AND revision <= ?",
          row.line_key,
          row.change_revision,
        );
      } else if (now - row.change_queued_at > KEEP_FOR_MS) {
        log.warn("line state given up: its order never reached D1", { sku, lineKey: row.line_key });
        sql.exec(
          "DELETE FROM line_changes WHERE line_key = ? AND revision <= ?",
          row.line_key,
          row.change_revision,
        );
      } else {
        sql.exec("UPDATE line_changes SET retry_at = ? WHERE line_key = ?", now + RETRY_MS, row.line_key);
      }
    }
    await refreshOrderSummaries(db, [...touched], now);
    flushed += rows.length;
  }
}

/** Recomputes each order's one-word reservation state from its stored lines. */
async function refreshOrderSummaries(db: D1Database, orderIds: string[], now: number): Promise<void> {
  if (orderIds.length === 0) return;
  await db.batch(
    orderIds.map((id) =>
      db
        .prepare(
          `UPDATE orders SET reservation_state = ${ORDER_RESERVATION_STATE_SQL}, updated_at = ? WHERE id = ?`,
        )
        .bind(now, id),
    ),
  );
}

export interface LineKeyParts {
  channel: string;
  storeId: string;
  externalId: string;
  externalLineId: string;
}

function lineKeyParts(row: { line_key: string; order_ref: string }): LineKeyParts | null {
  const order = parseOrderRef(row.order_ref);
  return order ? { ...order, externalLineId: row.line_key.slice(row.order_ref.length + 1) } : null;
}

export interface LineState {
  lineKey: string;
  revision: number;
  status: string;
  reason: string | null;
  storeId: string;
  correlationId: string;
}

function lineState(row: ReservationRow): LineState {
  return {
    lineKey: row.line_key,
    revision: row.revision,
    status: row.status,
    reason: row.reason,
    storeId: row.store_id,
    correlationId: row.correlation_id,
  };
}

/**
 * The exception that stands for a short line: opened while the line is short or backordered,
 * resolved once it is not. One per line, keyed on the line. Written only if D1's order line holds
 * exactly this revision (the line update before it in the same batch decides), so an older state
 * arriving late can neither reopen nor resolve it, and a repeat changes nothing.
 */
export function lineExceptionStatement(
  db: D1Database,
  line: LineKeyParts & LineState,
  sku: string,
  now: number,
): D1PreparedStatement {
  const dedupeKey = `inventory:short:${line.lineKey}`;
  const current = `EXISTS (SELECT 1 FROM order_lines l JOIN orders o ON o.id = l.order_id
    WHERE o.channel = ? AND o.store_id = ? AND o.external_id = ? AND l.external_line_id = ? AND l.reservation_rev = ?)`;
  const currentArgs = [line.channel, line.storeId, line.externalId, line.externalLineId, line.revision];
  if (line.status !== "short" && line.status !== "backordered") {
    return db
      .prepare(
        `UPDATE exceptions SET status = 'resolved', updated_at = ? WHERE dedupe_key = ? AND status = 'open' AND ${current}`,
      )
      .bind(now, dedupeKey, ...currentArgs);
  }
  const reason =
    line.status === "backordered"
      ? `line short of ${sku}, backordered: it is reserved when stock arrives`
      : `line short of ${sku}: waiting for a person (the store's backorder policy is manual)`;
  return db
    .prepare(
      `INSERT INTO exceptions (id, dedupe_key, kind, source, reason, detail, store_id, order_id, correlation_id,
         payload_ref, payload, status, occurrences, created_at, updated_at)
       SELECT ?, ?, 'inventory', 'inventory-ledger', ?, ?, ?,
         (SELECT id FROM orders WHERE channel = ? AND store_id = ? AND external_id = ?), ?, NULL, NULL, 'open', 1, ?, ?
       WHERE ${current}
       ON CONFLICT(dedupe_key) DO UPDATE SET reason = excluded.reason, detail = excluded.detail,
         updated_at = excluded.updated_at, status = 'open',
         occurrences = exceptions.occurrences + CASE WHEN exceptions.status = 'open' THEN 0 ELSE 1 END`,
    )
    .bind(
      newId("exc", now),
      dedupeKey,
      reason,
      line.reason,
      line.storeId || null,
      line.channel,
      line.storeId,
      line.externalId,
      line.correlationId,
      now,
      now,
      ...currentArgs,
    );
}
