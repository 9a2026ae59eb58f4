import type { LocationStock } from "./availability";
import type { LineReservationStatus, PendingMovement } from "./ledger-types";

/**
 * The ledger's SQLite tables (private to one SKU's Durable Object) and the small reads and writes
 * every operation is built from. Nothing here opens a transaction: the callers in `SkuLedger` run
 * each whole operation inside one `transactionSync`.
 *
 * - `stock(location PK, on_hand, allocated, set_sequence, updated_at)`: counted on-hand per location
 *   and how much of it reservations hold (kept equal to the sum of `allocations` there). No row =
 *   stock unknown. `set_sequence`: the newest count applied, so a late count cannot win.
 * - `adjustments(id PK, location, kind, quantity, sequence, applied, changed, reason, created_at)`:
 *   every adjustment once, keyed by the caller's idempotency id; a retry answers what it did first.
 * - `reservations(line_key PK, order_ref, store_id, channel, quantity, shipped, status, reason, hold,
 *   hold_expires_at, version, queued_at, revision, correlation_id, updated_at)`: one row per order
 *   line (channel:store:order:line), so a line never reserves twice. `version` is the order's source
 *   time (older requests are ignored); `queued_at` orders backorders first come, first served;
 *   `revision` is the ledger-wide change counter when the row last changed.
 * - `allocations(line_key, location, quantity)`: where a line's open units are held.
 * - `commits(shipment_key, line_key, quantity)`: units of a line each shipment took, once.
 * - `commit_moves(shipment_key, line_key, location, quantity)`: where those units left from.
 * - `movements(id, location, delta, kind, ref, erp_doc_key, confirmed, at)`: every on-hand change;
 *   those an ERP document carries stay unconfirmed until reconciliation sees the ERP has them.
 * - `pushes(store_id PK, quantity, sequence, issued_at)`: the last command sent to each listing.
 * - `line_changes(line_key PK, revision)`: lines whose new state core's D1 has not been told yet.
 * - `meta(key PK, value)`: the change counter, when the first unpushed change happened and its
 *   correlation id.
 */
export const LEDGER_DDL = `
CREATE TABLE IF NOT EXISTS stock (location TEXT PRIMARY KEY, on_hand INTEGER NOT NULL, set_sequence INTEGER,
  updated_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS adjustments (id TEXT PRIMARY KEY, location TEXT NOT NULL, kind TEXT NOT NULL,
  quantity INTEGER NOT NULL, sequence INTEGER, applied INTEGER NOT NULL, reason TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS reservations (line_key TEXT PRIMARY KEY, order_ref TEXT NOT NULL, quantity INTEGER NOT NULL,
  status TEXT NOT NULL, version INTEGER NOT NULL, correlation_id TEXT NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS allocations (line_key TEXT NOT NULL, location TEXT NOT NULL, quantity INTEGER NOT NULL,
  PRIMARY KEY (line_key, location));
CREATE TABLE IF NOT EXISTS commits (shipment_key TEXT NOT NULL, line_key TEXT NOT NULL, quantity INTEGER NOT NULL,
  PRIMARY KEY (shipment_key, line_key));
CREATE TABLE IF NOT EXISTS commit_moves (shipment_key TEXT NOT NULL, line_key TEXT NOT NULL, location TEXT NOT NULL,
  quantity INTEGER NOT NULL, PRIMARY KEY (shipment_key, line_key, location));
CREATE TABLE IF NOT EXISTS movements (id INTEGER PRIMARY KEY AUTOINCREMENT, location TEXT NOT NULL, delta INTEGER NOT NULL,
  kind TEXT NOT NULL, ref TEXT NOT NULL, erp_doc_key TEXT, confirmed INTEGER NOT NULL DEFAULT 0, at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS movements_unconfirmed ON movements (confirmed, erp_doc_key);
CREATE TABLE IF NOT EXISTS pushes (store_id TEXT PRIMARY KEY, quantity INTEGER NOT NULL, sequence INTEGER NOT NULL,
  issued_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS line_changes (line_key TEXT PRIMARY KEY, revision INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/** Columns added after a ledger was first created: a ledger object lives on, so it is upgraded in place. */
const ADDED_COLUMNS: [table: string, column: string, type: string][] = [
  ["stock", "set_sequence", "INTEGER"],
  ["stock", "allocated", "INTEGER NOT NULL DEFAULT 0"],
  ["adjustments", "changed", "INTEGER NOT NULL DEFAULT 0"],
  ["reservations", "store_id", "TEXT NOT NULL DEFAULT ''"],
  ["reservations", "channel", "TEXT NOT NULL DEFAULT ''"],
  ["reservations", "shipped", "INTEGER NOT NULL DEFAULT 0"],
  ["reservations", "reason", "TEXT"],
  ["reservations", "hold", "INTEGER NOT NULL DEFAULT 0"],
  ["reservations", "hold_expires_at", "INTEGER"],
  ["reservations", "queued_at", "INTEGER NOT NULL DEFAULT 0"],
  ["reservations", "revision", "INTEGER NOT NULL DEFAULT 0"],
];

/** A reservation row's fields as the ledger writes them (the revision is assigned on write). */
export interface LineFields {
  line_key: string;
  order_ref: string;
  store_id: string;
  channel: string;
  quantity: number;
  shipped: number;
  status: LineReservationStatus;
  reason: string | null;
  hold: number;
  hold_expires_at: number | null;
  version: number;
  queued_at: number;
  correlation_id: string;
}

export type ReservationRow = LineFields & { revision: number } & Record<string, SqlStorageValue>;

export class LedgerTables {
  constructor(private readonly sql: SqlStorage) {}

  migrate(): void {
    this.sql.exec(LEDGER_DDL);
    let upgraded = false;
    for (const [table, column, type] of ADDED_COLUMNS) {
      const columns = this.sql.exec<{ name: string }>(`PRAGMA table_info(${table})`).toArray();
      if (!columns.some((c) => c.name === column)) {
        this.sql.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
        upgraded = upgraded || column === "allocated";
      }
    }
    // A ledger from before per-location holds: its reserved lines are placed at its largest location.
    if (upgraded) {
      const first = this.sql
        .exec<{ location: string }>("SELECT location FROM stock ORDER BY on_hand DESC LIMIT 1")
        .toArray()[0];
      if (first) {
        for (const r of this.sql
          .exec<{ line_key: string; quantity: number }>(
            "SELECT line_key, quantity FROM reservations WHERE status = 'reserved'",
          )
          .toArray()) {
          this.setAllocations(r.line_key, [{ location: first.location, quantity: r.quantity }]);
        }
      }
    }
  }

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

  confirmMovements(docKeys: string[]): void {
    for (const key of docKeys) this.sql.exec("UPDATE movements SET confirmed = 1 WHERE erp_doc_key = ?", key);
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

  /** The next ledger-wide revision; the changed line is queued for core's D1. */
  nextRevision(lineKey: string): number {
    const revision = Number(this.meta("revision") ?? "0") + 1;
    this.setMeta("revision", String(revision));
    this.sql.exec(
      "INSERT INTO line_changes (line_key, revision) VALUES (?, ?) ON CONFLICT(line_key) DO UPDATE SET revision = excluded.revision",
      lineKey,
      revision,
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
}
