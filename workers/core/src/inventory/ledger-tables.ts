import type { LineReservationStatus } from "./ledger-types";

/**
 * The ledger's SQLite tables, private to one SKU's Durable Object (`sku-ledger.ts`); the reads and
 * writes every operation is built from are in `ledger-store.ts`.
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
 * - `pushes(store_id PK, quantity, sequence, issued_at, target, sent_sequence, sent_quantity, sent_at,
 *   sent_target)`: per listing, the newest command issued (its sequence taken before it is sent, so
 *   no sequence is issued twice) and the newest one the queue took, with where it pointed (item and
 *   location; '' once the listing is gone), so a listing pointed elsewhere or listed again is pushed
 *   even if its quantity did not move (`push-log.ts`).
 * - `line_changes(line_key PK, revision, queued_at, retry_at)`: lines whose new state core's D1 has
 *   not been told yet; one D1 does not hold yet (its order still on its way) is tried again at
 *   `retry_at`, for a while.
 * - `meta(key PK, value)`: the change counter; when the first unpushed change happened and its
 *   correlation id (`dirty_since`, `dirty_correlation`, cleared only once its push was sent), whether
 *   a push is on its way and the first change made meanwhile (`push_in_flight`, `dirty_next`), the
 *   stores whose listings the next push sends even if nothing moved (`force_push`); the last policy
 *   read from D1 and when (`policy`).
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
CREATE INDEX IF NOT EXISTS movements_location_at ON movements (location, at);
CREATE TABLE IF NOT EXISTS pushes (store_id TEXT PRIMARY KEY, quantity INTEGER NOT NULL, sequence INTEGER NOT NULL,
  issued_at INTEGER NOT NULL, target TEXT);
CREATE TABLE IF NOT EXISTS line_changes (line_key TEXT PRIMARY KEY, revision INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/**
 * Indexes over columns some ledgers gained after they were created (`ADDED_COLUMNS`): created after
 * those. Waiting lines are read by state in queue order, held lines by expiry; a ledger keeps every
 * line it ever saw, so neither may scan them all.
 */
const LATER_INDEXES = `
CREATE INDEX IF NOT EXISTS reservations_status_queued ON reservations (status, queued_at);
CREATE INDEX IF NOT EXISTS reservations_status_hold ON reservations (status, hold_expires_at);
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
  ["pushes", "target", "TEXT"],
  ["pushes", "sent_sequence", "INTEGER"],
  ["pushes", "sent_quantity", "INTEGER"],
  ["pushes", "sent_at", "INTEGER"],
  ["pushes", "sent_target", "TEXT"],
  ["line_changes", "queued_at", "INTEGER NOT NULL DEFAULT 0"],
  ["line_changes", "retry_at", "INTEGER NOT NULL DEFAULT 0"],
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

/** Creates the tables, or brings an older ledger's tables up to date (a ledger object lives on). */
export function migrateLedger(sql: SqlStorage): void {
  sql.exec(LEDGER_DDL);
  const added = new Set<string>();
  for (const [table, column, type] of ADDED_COLUMNS) {
    const columns = sql.exec<{ name: string }>(`PRAGMA table_info(${table})`).toArray();
    if (!columns.some((c) => c.name === column)) {
      sql.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
      added.add(`${table}.${column}`);
    }
  }
  sql.exec(LATER_INDEXES);
  // A ledger from before issued and sent commands were told apart recorded only commands sent.
  if (added.has("pushes.sent_sequence")) {
    sql.exec(
      "UPDATE pushes SET sent_sequence = sequence, sent_quantity = quantity, sent_at = issued_at, sent_target = target",
    );
  }
  // A ledger from before per-location holds: its reserved lines are placed at its largest location.
  if (!added.has("stock.allocated")) return;
  const first = sql
    .exec<{ location: string }>("SELECT location FROM stock ORDER BY on_hand DESC LIMIT 1")
    .toArray()[0];
  if (!first) return;
  const reserved = sql
    .exec<{ line_key: string; quantity: number }>(
      "SELECT line_key, quantity FROM reservations WHERE status = 'reserved' AND quantity > 0",
    )
    .toArray();
  for (const r of reserved) {
    sql.exec(
      "INSERT INTO allocations (line_key, location, quantity) VALUES (?, ?, ?)",
      r.line_key,
      first.location,
      r.quantity,
    );
    sql.exec("UPDATE stock SET allocated = allocated + ? WHERE location = ?", r.quantity, first.location);
  }
}
