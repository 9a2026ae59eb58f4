/**
 * Tables of the sandbox Business Central tenant (one SQLite-backed Durable Object per tenant).
 * Entities of every entity set share one table: BC's API pages are views over many tables, and the
 * sandbox only needs each entity's JSON, its parent (document lines, journal lines) and a version
 * for its etag. Created idempotently on every start; `reset` drops all storage and runs this again.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS entities (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  entity_set TEXT NOT NULL,
  id TEXT NOT NULL UNIQUE,
  parent_id TEXT,
  body TEXT NOT NULL,
  version INTEGER NOT NULL,
  write_count INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS entities_by_set ON entities (entity_set, parent_id);
CREATE TABLE IF NOT EXISTS number_series (code TEXT PRIMARY KEY, last INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
  token TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS slots (id TEXT PRIMARY KEY, started_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS queue (id TEXT PRIMARY KEY, queued_at INTEGER NOT NULL, target TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS window_hits (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  principal TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
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
