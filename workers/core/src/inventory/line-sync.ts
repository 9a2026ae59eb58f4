import { exceptionStatement } from "../exceptions";
import type { ReservationRow } from "./ledger-tables";
import { summarizeStatuses } from "./line-status";

const BATCH = 40;

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

/**
 * Tells core's D1 what the ledger changed for each line: the line's reservation state (only if newer
 * than what D1 holds, by the ledger's revision), the order's summary, and an `inventory` exception for
 * each short line (resolved when the line is reserved later). At least once: a line leaves
 * `line_changes` only after D1 took it, at that revision.
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
      .exec<ReservationRow & { change_revision: number }>(
        `SELECT r.*, c.revision AS change_revision FROM line_changes c JOIN reservations r ON r.line_key = c.line_key
         ORDER BY c.revision LIMIT ?`,
        BATCH,
      )
      .toArray();
    if (rows.length === 0) return flushed;
    const keyed = rows.map((r) => ({ row: r, order: parseOrderRef(r.order_ref) }));
    const lookups = await db.batch(
      keyed.map(({ order }) =>
        db
          .prepare("SELECT id FROM orders WHERE channel = ? AND store_id = ? AND external_id = ?")
          .bind(order?.channel ?? "", order?.storeId ?? "", order?.externalId ?? ""),
      ),
    );
    const statements: D1PreparedStatement[] = [];
    const touched = new Set<string>();
    for (const [i, { row }] of keyed.entries()) {
      const orderId = (lookups[i]?.results[0] as { id: string } | undefined)?.id ?? null;
      const externalLineId = row.line_key.slice(row.order_ref.length + 1);
      const reserved = row.status === "reserved" || row.status === "held" ? row.quantity - row.shipped : 0;
      if (orderId) {
        touched.add(orderId);
        statements.push(
          db
            .prepare(
              `UPDATE order_lines SET reservation_status = ?, reserved_quantity = ?, reservation_rev = ?, updated_at = ?
               WHERE order_id = ? AND external_line_id = ? AND reservation_rev < ?`,
            )
            .bind(row.status, reserved, row.revision, now, orderId, externalLineId, row.revision),
        );
      }
      statements.push(await lineExceptionStatement(db, { ...row, lineKey: row.line_key }, sku, orderId, now));
    }
    if (statements.length > 0) await db.batch(statements);
    await refreshOrderSummaries(db, [...touched], now);
    for (const r of rows) {
      sql.exec(
        "DELETE FROM line_changes WHERE line_key = ? AND revision <= ?",
        r.line_key,
        r.change_revision,
      );
    }
    flushed += rows.length;
  }
}

/** Recomputes each order's one-word reservation state from its lines. */
async function refreshOrderSummaries(db: D1Database, orderIds: string[], now: number): Promise<void> {
  if (orderIds.length === 0) return;
  const reads = await db.batch(
    orderIds.map((id) =>
      db.prepare("SELECT reservation_status AS s FROM order_lines WHERE order_id = ?").bind(id),
    ),
  );
  await db.batch(
    orderIds.map((id, i) =>
      db
        .prepare("UPDATE orders SET reservation_state = ?, updated_at = ? WHERE id = ?")
        .bind(summarizeStatuses(((reads[i]?.results ?? []) as { s: string }[]).map((r) => r.s)), now, id),
    ),
  );
}

/**
 * The exception that stands for a short line: opened (or counted again) while the line is short or
 * backordered, resolved once it is not. One per line, keyed on the line.
 */
export async function lineExceptionStatement(
  db: D1Database,
  line: { lineKey: string; status: string; reason: string | null; store_id: string; correlation_id: string },
  sku: string,
  orderId: string | null,
  now: number,
): Promise<D1PreparedStatement> {
  const dedupeKey = `inventory:short:${line.lineKey}`;
  if (line.status === "short" || line.status === "backordered") {
    return exceptionStatement(
      db,
      {
        kind: "inventory",
        source: "inventory-ledger",
        reason:
          line.status === "backordered"
            ? `line short of ${sku}, backordered: it is reserved when stock arrives`
            : `line short of ${sku}: waiting for a person (the store's backorder policy is manual)`,
        detail: line.reason,
        storeId: line.store_id || null,
        orderId,
        correlationId: line.correlation_id,
        dedupeKey,
      },
      now,
    );
  }
  return db
    .prepare(
      "UPDATE exceptions SET status = 'resolved', updated_at = ? WHERE dedupe_key = ? AND status = 'open'",
    )
    .bind(now, dedupeKey);
}
