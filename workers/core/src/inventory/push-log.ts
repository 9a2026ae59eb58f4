/**
 * The last `inventory.set` command sent to each store's listing of this SKU (table `pushes`): what a
 * connector asks about before it pushes, and what the next push is compared with.
 */
export interface PushRow {
  store_id: string;
  quantity: number;
  sequence: number;
  issued_at: number;
  /** Where it pointed (`listingTarget`); '' once the listing is gone; null for pushes from before targets. */
  target: string | null;
  [column: string]: SqlStorageValue;
}

export function readPushes(sql: SqlStorage): Map<string, PushRow> {
  return new Map(
    sql
      .exec<PushRow>("SELECT store_id, quantity, sequence, issued_at, target FROM pushes")
      .toArray()
      .map((p) => [p.store_id, p]),
  );
}

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

export function recordPush(
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

/** A listing no longer in the policy keeps its sequence; its target is forgotten, so a relisting pushes. */
export function forgetUnlisted(sql: SqlStorage, listed: string[]): void {
  for (const p of readPushes(sql).values()) {
    if (p.target !== "" && !listed.includes(p.store_id)) {
      sql.exec("UPDATE pushes SET target = '' WHERE store_id = ?", p.store_id);
    }
  }
}
