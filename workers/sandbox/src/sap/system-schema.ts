/**
 * Tables of the sandbox SAP system (one SQLite-backed Durable Object per SAP client). Created
 * idempotently on every start; `reset` drops all storage and runs this again.
 *
 * - documents: every business document (sales order, return, delivery, material document, business
 *   partner, journal entry) as its header plus items in JSON, with the external reference the
 *   integration keys it by (`ref_key`) so the control API can show it.
 * - stock: quantities per material, plant, storage location and stock type, moved by goods movements.
 * - sessions: the security sessions a CSRF fetch opens; the token is bound to the session cookie.
 * - slots / starts: requests in flight and recent request starts, for the concurrency and window limits.
 * - kv: settings, the fault plan and the counters behind `GET stats`.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS documents (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  ref_key TEXT,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  write_count INTEGER NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE INDEX IF NOT EXISTS documents_ref ON documents (kind, ref_key);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, next INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS stock (
  material TEXT NOT NULL,
  plant TEXT NOT NULL,
  storage_location TEXT NOT NULL,
  stock_type TEXT NOT NULL,
  quantity REAL NOT NULL,
  PRIMARY KEY (material, plant, storage_location, stock_type)
);
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  token TEXT NOT NULL,
  user TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  used_at INTEGER NOT NULL,
  expired INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS slots (id TEXT PRIMARY KEY, started_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS starts (at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
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

/** A small JSON value store over the kv table. */
export function readKv<T>(sql: SqlStorage, key: string): T | null {
  const row = sql.exec<{ value: string }>("SELECT value FROM kv WHERE key = ?", key).toArray()[0];
  return row ? (JSON.parse(row.value) as T) : null;
}

export function writeKv(sql: SqlStorage, key: string, value: unknown): void {
  if (value === null) sql.exec("DELETE FROM kv WHERE key = ?", key);
  else sql.exec("INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?)", key, JSON.stringify(value));
}
