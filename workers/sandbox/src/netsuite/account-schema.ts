/**
 * Tables of the sandbox NetSuite account (one SQLite-backed Durable Object per account id). Created
 * idempotently on every start; `reset` drops all storage and runs this again.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS records (
  internal_id INTEGER PRIMARY KEY AUTOINCREMENT,
  record_type TEXT NOT NULL,
  external_id TEXT,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  write_count INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS records_external_id ON records (record_type, external_id)
  WHERE external_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS refs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  external_id TEXT NOT NULL,
  UNIQUE (kind, external_id)
);
CREATE TABLE IF NOT EXISTS nonces (
  token TEXT NOT NULL,
  nonce TEXT NOT NULL,
  seen_at INTEGER NOT NULL,
  PRIMARY KEY (token, nonce)
);
CREATE TABLE IF NOT EXISTS slots (
  id TEXT PRIMARY KEY,
  started_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS fault_plan (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  plan TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS stats (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS access_tokens (
  token_hash TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  scopes TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS assertions (
  hash TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  idempotency_key TEXT UNIQUE,
  created_at INTEGER NOT NULL,
  status INTEGER NOT NULL,
  location TEXT,
  body TEXT
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
