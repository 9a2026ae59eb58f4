/**
 * The `inventory.set` commands of each store's listing of this SKU (table `pushes`): the newest one
 * issued, whose sequence is reserved in the alarm's planning transaction before it is sent (what a
 * connector asks about before it pushes), and the newest one the channel's queue took (what the next
 * push is compared with). A sequence is never issued twice, so a retry cannot give one sequence two
 * quantities.
 */
export interface PushRow {
  store_id: string;
  /** The newest command issued: its quantity, sequence, time and target. */
  quantity: number;
  sequence: number;
  issued_at: number;
  target: string | null;
  /** The newest command the queue took; null until one was. */
  sent_sequence: number | null;
  sent_quantity: number | null;
  sent_at: number | null;
  /** Where it pointed (`listingTarget`); '' once the listing is gone; null for pushes from before targets. */
  sent_target: string | null;
  [column: string]: SqlStorageValue;
}

export function readPushes(sql: SqlStorage): Map<string, PushRow> {
  return new Map(
    sql
      .exec<PushRow>(
        `SELECT store_id, quantity, sequence, issued_at, target, sent_sequence, sent_quantity, sent_at, sent_target
         FROM pushes`,
      )
      .toArray()
      .map((p) => [p.store_id, p]),
  );
}

/** The newest command issued to a listing, sent or not: a connector drops any older one. */
export function readLastPush(
  sql: SqlStorage,
  storeId: string,
): { sequence: number; quantity: number } | null {
  return (
    sql
      .exec<{ sequence: number; quantity: number }>(
        "SELECT sequence, quantity FROM pushes WHERE store_id = ?",
        storeId,
      )
      .toArray()[0] ?? null
  );
}

/** Whether the channel holds `quantity` at `target` as far as the ledger knows. */
export function pushUpToDate(row: PushRow | undefined, quantity: number, target: string): boolean {
  if (!row || row.sent_sequence === null) return false;
  // A push remembered before targets were kept (null) counts as the same target.
  const holds = (q: number | null, t: string | null) => q === quantity && (t === null || t === target);
  // A command issued after the last one taken may have reached the queue all the same (a send that
  // failed late): then the channel holds whichever of the two came last.
  return (
    holds(row.sent_quantity, row.sent_target) &&
    (row.sequence === row.sent_sequence || holds(row.quantity, row.target))
  );
}

/** Records a command as issued, before it is sent: its sequence is taken, whatever becomes of it. */
export function recordIssued(
  sql: SqlStorage,
  push: { storeId: string; quantity: number; sequence: number; issuedAt: number; target: string },
): void {
  sql.exec(
    `INSERT INTO pushes (store_id, quantity, sequence, issued_at, target) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(store_id) DO UPDATE SET quantity = excluded.quantity, sequence = excluded.sequence,
       issued_at = excluded.issued_at, target = excluded.target`,
    push.storeId,
    push.quantity,
    push.sequence,
    push.issuedAt,
    push.target,
  );
}

/** Records a command the queue took (never going back to an older one). */
export function recordSent(
  sql: SqlStorage,
  push: { storeId: string; quantity: number; sequence: number; issuedAt: number; target: string },
): void {
  sql.exec(
    `UPDATE pushes SET sent_sequence = ?, sent_quantity = ?, sent_at = ?, sent_target = ?
     WHERE store_id = ? AND (sent_sequence IS NULL OR sent_sequence < ?)`,
    push.sequence,
    push.quantity,
    push.issuedAt,
    push.target,
    push.storeId,
    push.sequence,
  );
}

/** A listing no longer in the policy keeps its sequence; its target is forgotten, so a relisting pushes. */
export function forgetUnlisted(sql: SqlStorage, listed: string[]): void {
  for (const p of readPushes(sql).values()) {
    if (p.sent_sequence !== null && p.sent_target !== "" && !listed.includes(p.store_id)) {
      sql.exec("UPDATE pushes SET sent_target = '' WHERE store_id = ?", p.store_id);
    }
  }
}
