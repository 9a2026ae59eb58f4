import type { LocationStock } from "./availability";
import type { LineFields, ReservationRow } from "./ledger-tables";
import type { PendingMovement } from "./ledger-types";

/**
 * The small reads and writes every ledger operation is built from, over the tables described in
 * `ledger-tables.ts`. Nothing here opens a transaction: `SkuLedger` runs each whole operation inside
 * one `transactionSync`.
 */
export class LedgerStore {
  constructor(private readonly sql: SqlStorage) {}

  row(lineKey: string): ReservationRow | null {
    return (
      this.sql.exec<ReservationRow>("SELECT * FROM reservations WHERE line_key = ?", lineKey).toArray()[0] ??
      null
    );
  }

  stock(): LocationStock[] {
    return this.sql
      .exec<{ location: string; on_hand: number; allocated: number }>(
        "SELECT location, on_hand, allocated FROM stock ORDER BY location",
      )
      .toArray()
      .map((s) => ({ location: s.location, onHand: s.on_hand, allocated: s.allocated }));
  }

  stockAt(location: string): { on_hand: number; allocated: number; set_sequence: number | null } | null {
    return (
      this.sql
        .exec<{ on_hand: number; allocated: number; set_sequence: number | null }>(
          "SELECT on_hand, allocated, set_sequence FROM stock WHERE location = ?",
          location,
        )
        .toArray()[0] ?? null
    );
  }

  /** Known on-hand over all locations, or null while nothing has been counted. */
  totals(): { onHand: number | null; allocated: number } {
    const r = this.sql
      .exec<{ on_hand: number | null; allocated: number | null; n: number }>(
        "SELECT SUM(on_hand) AS on_hand, SUM(allocated) AS allocated, COUNT(*) AS n FROM stock",
      )
      .one();
    return { onHand: r.n === 0 ? null : (r.on_hand ?? 0), allocated: r.allocated ?? 0 };
  }

  allocations(lineKey: string): { location: string; quantity: number }[] {
    return this.sql
      .exec<{ location: string; quantity: number }>(
        "SELECT location, quantity FROM allocations WHERE line_key = ? ORDER BY location",
        lineKey,
      )
      .toArray();
  }

  /** Replaces where a line is held, keeping each location's `allocated` equal to the sum of its rows. */
  setAllocations(lineKey: string, next: { location: string; quantity: number }[]): void {
    for (const a of this.allocations(lineKey)) {
      this.sql.exec("UPDATE stock SET allocated = allocated - ? WHERE location = ?", a.quantity, a.location);
    }
    this.sql.exec("DELETE FROM allocations WHERE line_key = ?", lineKey);
    for (const a of next) {
      if (a.quantity <= 0) continue;
      this.sql.exec(
        "INSERT INTO allocations (line_key, location, quantity) VALUES (?, ?, ?)",
        lineKey,
        a.location,
        a.quantity,
      );
      this.sql.exec("UPDATE stock SET allocated = allocated + ? WHERE location = ?", a.quantity, a.location);
    }
  }

  /** Moves on-hand at a location (never below zero) and logs the movement; answers the actual change. */
  moveStock(
    location: string,
    delta: number,
    kind: string,
    ref: string,
    erpDocKey: string | null,
    now: number,
  ): number {
    const current = this.stockAt(location);
    const before = current?.on_hand ?? 0;
    const after = Math.max(0, before + delta);
    this.sql.exec(
      `INSERT INTO stock (location, on_hand, allocated, set_sequence, updated_at) VALUES (?, ?, 0, NULL, ?)
       ON CONFLICT(location) DO UPDATE SET on_hand = excluded.on_hand, updated_at = excluded.updated_at`,
      location,
      after,
      now,
    );
    if (after !== before) this.logMovement(location, after - before, kind, ref, erpDocKey, now);
    return after - before;
  }

  logMovement(
    location: string,
    delta: number,
    kind: string,
    ref: string,
    erpDocKey: string | null,
    now: number,
  ): void {
    this.sql.exec(
      "INSERT INTO movements (location, delta, kind, ref, erp_doc_key, confirmed, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      location,
      delta,
      kind,
      ref,
      erpDocKey,
      erpDocKey === null ? 1 : 0,
      now,
    );
  }

  lastMovementId(): number {
    return this.sql.exec<{ id: number | null }>("SELECT MAX(id) AS id FROM movements").one().id ?? 0;
  }

  pendingMovements(): PendingMovement[] {
    return this.sql
      .exec<{ id: number; erp_doc_key: string; location: string; delta: number; at: number }>(
        "SELECT id, erp_doc_key, location, delta, at FROM movements WHERE confirmed = 0 AND erp_doc_key IS NOT NULL ORDER BY id",
      )
      .toArray()
      .map((m) => ({ id: m.id, erpDocKey: m.erp_doc_key, location: m.location, delta: m.delta, at: m.at }));
  }

  /**
   * Marks the movements of documents the ERP had completed by `observedAt` as in the ERP; only those
   * made by then: a later movement of the same document is not in that reading.
   */
  confirmMovements(docKeys: string[], observedAt: number): void {
    for (const key of docKeys) {
      this.sql.exec(
        "UPDATE movements SET confirmed = 1 WHERE erp_doc_key = ? AND confirmed = 0 AND at <= ?",
        key,
        observedAt,
      );
    }
  }

  /** Whether on-hand at a location moved after `at` (any movement: with or without an ERP document). */
  movedSince(location: string, at: number): boolean {
    return (
      this.sql.exec("SELECT 1 FROM movements WHERE location = ? AND at > ? LIMIT 1", location, at).toArray()
        .length > 0
    );
  }

  meta(key: string): string | null {
    return (
      this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value ??
      null
    );
  }

  setMeta(key: string, value: string | null): void {
    if (value === null) this.sql.exec("DELETE FROM meta WHERE key = ?", key);
    else
      this.sql.exec(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        key,
        value,
      );
  }

  /** The next ledger-wide revision; the changed line is queued for core's D1 when `queue` is set. */
  nextRevision(lineKey: string, queue = true): number {
    const revision = Number(this.meta("revision") ?? "0") + 1;
    this.setMeta("revision", String(revision));
    if (!queue) {
      // An older queued state of this line must not overwrite the caller's newer write.
      this.sql.exec("DELETE FROM line_changes WHERE line_key = ?", lineKey);
      return revision;
    }
    this.sql.exec(
      `INSERT INTO line_changes (line_key, revision, queued_at, retry_at) VALUES (?, ?, ?, 0)
       ON CONFLICT(line_key) DO UPDATE SET revision = excluded.revision, queued_at = excluded.queued_at, retry_at = 0`,
      lineKey,
      revision,
      Date.now(),
    );
    return revision;
  }

  writeLine(row: LineFields, revision: number): void {
    this.sql.exec(
      `INSERT INTO reservations (line_key, order_ref, store_id, channel, quantity, shipped, status, reason, hold,
         hold_expires_at, version, queued_at, revision, correlation_id, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(line_key) DO UPDATE SET order_ref = excluded.order_ref, store_id = excluded.store_id,
         channel = excluded.channel, quantity = excluded.quantity, shipped = excluded.shipped, status = excluded.status,
         reason = excluded.reason, hold = excluded.hold, hold_expires_at = excluded.hold_expires_at,
         version = excluded.version, queued_at = excluded.queued_at, revision = excluded.revision,
         correlation_id = excluded.correlation_id, updated_at = excluded.updated_at`,
      row.line_key,
      row.order_ref,
      row.store_id,
      row.channel,
      row.quantity,
      row.shipped,
      row.status,
      row.reason,
      row.hold,
      row.hold_expires_at,
      row.version,
      row.queued_at,
      revision,
      row.correlation_id,
      Date.now(),
    );
  }

  /** When the next line state is due to be told to core's D1, or null if none waits. */
  nextLineSync(): number | null {
    return this.sql.exec<{ at: number | null }>("SELECT MIN(retry_at) AS at FROM line_changes").one().at;
  }

  /** The earliest time a hold expires, if any line is held. */
  nextHoldExpiry(): number | null {
    return this.sql
      .exec<{ at: number | null }>(
        "SELECT MIN(hold_expires_at) AS at FROM reservations WHERE status = 'held'",
      )
      .one().at;
  }
}
