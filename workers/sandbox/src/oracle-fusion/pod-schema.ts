/**
 * Tables of the sandbox Oracle Fusion pod (one SQLite-backed Durable Object). Created idempotently on
 * every start; `reset` drops all storage and runs this again.
 *
 * - resources: every REST resource item the pod holds, whatever its resource; `natural_key` is the key
 *   Oracle itself refuses to repeat (SourceTransactionSystem:SourceTransactionId, ReceiptNumber...).
 * - onhand: quantities per item, inventory organization and subinventory, moved by the transactions.
 * - slots: requests in flight, for the concurrency limit; window_hits: admissions, for a request window.
 * - state: the fault plan and the settings (latency, limits, password expiry), as JSON.
 * - counters: the stats the control API reports.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS resources (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  resource TEXT NOT NULL,
  item_key TEXT NOT NULL,
  natural_key TEXT,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  write_count INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS resources_item_key ON resources (resource, item_key);
CREATE UNIQUE INDEX IF NOT EXISTS resources_natural_key ON resources (resource, natural_key)
  WHERE natural_key IS NOT NULL;
CREATE TABLE IF NOT EXISTS onhand (
  item TEXT NOT NULL,
  organization TEXT NOT NULL,
  subinventory TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  PRIMARY KEY (item, organization, subinventory)
);
CREATE TABLE IF NOT EXISTS slots (
  id TEXT PRIMARY KEY,
  started_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS window_hits (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS request_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  status INTEGER NOT NULL,
  outcome TEXT NOT NULL
);
`;

export function migrate(sql: SqlStorage): void {
  sql.exec(DDL);
}

/** Fusion ids are 15-digit numbers (300000012345678); the sandbox's start at the same magnitude. */
export const ID_BASE = 300_000_000_000_000;
