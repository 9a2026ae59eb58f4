/**
 * Tables of one sandbox Shopify shop (one SQLite-backed Durable Object per `<name>.myshopify.com`),
 * created idempotently on every start; `reset` drops all storage and runs this again.
 *
 * - locations, items, levels: the catalogue and per-location quantities (available, committed and
 *   on_hand; the unavailable states are the difference, on_hand - available - committed).
 * - adjustment_groups: one row per applied `inventorySetQuantities`, its changes as JSON, with the
 *   server's receive and apply times (the benchmark's propagation latency is read from these).
 * - idempotency: the `@idempotent` keys seen, the input each came with and how it ended.
 * - external_changes: changes made on Shopify's side (simulated sales, the concurrent-change fault).
 * - state: the shop's access token, the rate-limit bucket, settings and fault plan, as JSON.
 * - counters and request_log: what `stats` and `requests` report.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS locations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  position INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS items (
  id TEXT PRIMARY KEY,
  sku TEXT,
  tracked INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS levels (
  item_id TEXT NOT NULL,
  location_id TEXT NOT NULL,
  available INTEGER NOT NULL,
  committed INTEGER NOT NULL,
  on_hand INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (item_id, location_id)
);
CREATE TABLE IF NOT EXISTS adjustment_groups (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  reason TEXT NOT NULL,
  reference_document_uri TEXT,
  idempotency_key TEXT,
  changes TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  applied_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency (
  key TEXT PRIMARY KEY,
  input_hash TEXT NOT NULL,
  group_seq INTEGER,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS external_changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  item_id TEXT NOT NULL,
  location_id TEXT NOT NULL,
  name TEXT NOT NULL,
  delta INTEGER NOT NULL,
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

const REQUEST_LOG_LIMIT = 1000;
/** Adjustment group ids are numbers of Shopify's magnitude; the sandbox's count up from here. */
const GROUP_ID_BASE = 30_000_000_000;
const GROUP_GID = "gid://shopify/InventoryAdjustmentGroup/";

export function migrate(sql: SqlStorage): void {
  sql.exec(DDL);
}

export interface Level {
  itemId: string;
  locationId: string;
  available: number;
  committed: number;
  onHand: number;
  updatedAt: number;
}

export interface Item {
  id: string;
  sku: string | null;
  tracked: boolean;
}

export interface Location {
  id: string;
  name: string;
}

export interface Change {
  inventoryItemId: string;
  locationId: string;
  name: string;
  delta: number;
  quantityAfterChange: number;
}

export interface AdjustmentGroup {
  seq: number;
  id: string;
  name: string;
  reason: string;
  referenceDocumentUri: string | null;
  idempotencyKey: string | null;
  changes: Change[];
  receivedAt: number;
  appliedAt: number;
}

export interface IdempotencyRecord {
  key: string;
  inputHash: string;
  groupSeq: number | null;
  createdAt: number;
}

export interface ExternalChange {
  seq: number;
  kind: "sale" | "concurrent_change";
  inventoryItemId: string;
  locationId: string;
  name: string;
  delta: number;
  at: number;
}

export interface ShopSetup {
  accessToken: string;
  locations: Location[];
  items: (Item & {
    levels: { locationId: string; available: number; committed: number; onHand: number }[];
  })[];
}

type LevelRow = {
  item_id: string;
  location_id: string;
  available: number;
  committed: number;
  on_hand: number;
  updated_at: number;
};

type GroupRow = {
  seq: number;
  name: string;
  reason: string;
  reference_document_uri: string | null;
  idempotency_key: string | null;
  changes: string;
  received_at: number;
  applied_at: number;
};

const toLevel = (r: LevelRow): Level => ({
  itemId: r.item_id,
  locationId: r.location_id,
  available: r.available,
  committed: r.committed,
  onHand: r.on_hand,
  updatedAt: r.updated_at,
});

const toGroup = (r: GroupRow): AdjustmentGroup => ({
  seq: r.seq,
  id: `${GROUP_GID}${GROUP_ID_BASE + r.seq}`,
  name: r.name,
  reason: r.reason,
  referenceDocumentUri: r.reference_document_uri,
  idempotencyKey: r.idempotency_key,
  changes: JSON.parse(r.changes) as Change[],
  receivedAt: r.received_at,
  appliedAt: r.applied_at,
});

/** Synchronous access to one shop's tables; callers own the transactions. */
export class ShopStore {
  constructor(private readonly sql: SqlStorage) {}

  /** The shop's access token, or null when the shop has not been set up (Shopify: no such shop). */
  accessToken(): string | null {
    return this.read<{ accessToken: string }>("shop")?.accessToken ?? null;
  }

  /** Replaces the shop: token, locations, items, levels; clears its history (groups, keys, changes). */
  setup(input: ShopSetup, now: number): void {
    for (const table of [
      "locations",
      "items",
      "levels",
      "adjustment_groups",
      "idempotency",
      "external_changes",
    ]) {
      this.sql.exec(`DELETE FROM ${table}`);
    }
    this.sql.exec("DELETE FROM state WHERE key = 'bucket'");
    this.write("shop", { accessToken: input.accessToken });
    input.locations.forEach((location, position) => {
      this.sql.exec(
        "INSERT INTO locations (id, name, position) VALUES (?, ?, ?)",
        location.id,
        location.name,
        position,
      );
    });
    for (const item of input.items) {
      this.sql.exec(
        "INSERT INTO items (id, sku, tracked) VALUES (?, ?, ?)",
        item.id,
        item.sku,
        item.tracked ? 1 : 0,
      );
      for (const level of item.levels) {
        this.sql.exec(
          "INSERT INTO levels (item_id, location_id, available, committed, on_hand, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
          item.id,
          level.locationId,
          level.available,
          level.committed,
          level.onHand,
          now,
        );
      }
    }
  }

  locations(): Location[] {
    return this.sql
      .exec<{ id: string; name: string }>("SELECT id, name FROM locations ORDER BY position")
      .toArray()
      .map((r) => ({ id: r.id, name: r.name }));
  }

  location(id: string): Location | null {
    const row = this.sql
      .exec<{ id: string; name: string }>("SELECT id, name FROM locations WHERE id = ?", id)
      .toArray()[0];
    return row ? { id: row.id, name: row.name } : null;
  }

  items(): Item[] {
    return this.sql
      .exec<{ id: string; sku: string | null; tracked: number }>("SELECT * FROM items ORDER BY rowid")
      .toArray()
      .map((r) => ({ id: r.id, sku: r.sku, tracked: r.tracked === 1 }));
  }

  item(id: string): Item | null {
    const row = this.sql
      .exec<{ id: string; sku: string | null; tracked: number }>("SELECT * FROM items WHERE id = ?", id)
      .toArray()[0];
    return row ? { id: row.id, sku: row.sku, tracked: row.tracked === 1 } : null;
  }

  level(itemId: string, locationId: string): Level | null {
    const row = this.sql
      .exec<LevelRow>("SELECT * FROM levels WHERE item_id = ? AND location_id = ?", itemId, locationId)
      .toArray()[0];
    return row ? toLevel(row) : null;
  }

  levels(): Level[] {
    return this.sql
      .exec<LevelRow>(
        `SELECT levels.* FROM levels
         JOIN items ON items.id = levels.item_id
         JOIN locations ON locations.id = levels.location_id
         ORDER BY items.rowid, locations.position`,
      )
      .toArray()
      .map(toLevel);
  }

  saveLevel(level: Level): void {
    this.sql.exec(
      "UPDATE levels SET available = ?, committed = ?, on_hand = ?, updated_at = ? WHERE item_id = ? AND location_id = ?",
      level.available,
      level.committed,
      level.onHand,
      level.updatedAt,
      level.itemId,
      level.locationId,
    );
  }

  insertGroup(group: Omit<AdjustmentGroup, "seq" | "id">): AdjustmentGroup {
    const row = this.sql
      .exec<GroupRow>(
        `INSERT INTO adjustment_groups
           (name, reason, reference_document_uri, idempotency_key, changes, received_at, applied_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        group.name,
        group.reason,
        group.referenceDocumentUri,
        group.idempotencyKey,
        JSON.stringify(group.changes),
        group.receivedAt,
        group.appliedAt,
      )
      .one();
    return toGroup(row);
  }

  groupBySeq(seq: number): AdjustmentGroup | null {
    const row = this.sql.exec<GroupRow>("SELECT * FROM adjustment_groups WHERE seq = ?", seq).toArray()[0];
    return row ? toGroup(row) : null;
  }

  groups(sinceSeq = 0): AdjustmentGroup[] {
    return this.sql
      .exec<GroupRow>("SELECT * FROM adjustment_groups WHERE seq > ? ORDER BY seq", sinceSeq)
      .toArray()
      .map(toGroup);
  }

  idempotency(key: string): IdempotencyRecord | null {
    const row = this.sql
      .exec<{ key: string; input_hash: string; group_seq: number | null; created_at: number }>(
        "SELECT * FROM idempotency WHERE key = ?",
        key,
      )
      .toArray()[0];
    return row
      ? { key: row.key, inputHash: row.input_hash, groupSeq: row.group_seq, createdAt: row.created_at }
      : null;
  }

  saveIdempotency(record: IdempotencyRecord): void {
    this.sql.exec(
      "INSERT OR REPLACE INTO idempotency (key, input_hash, group_seq, created_at) VALUES (?, ?, ?, ?)",
      record.key,
      record.inputHash,
      record.groupSeq,
      record.createdAt,
    );
  }

  expireIdempotency(before: number): void {
    this.sql.exec("DELETE FROM idempotency WHERE created_at < ?", before);
  }

  recordExternal(change: Omit<ExternalChange, "seq">): void {
    this.sql.exec(
      "INSERT INTO external_changes (kind, item_id, location_id, name, delta, at) VALUES (?, ?, ?, ?, ?, ?)",
      change.kind,
      change.inventoryItemId,
      change.locationId,
      change.name,
      change.delta,
      change.at,
    );
  }

  externalChanges(): ExternalChange[] {
    return this.sql
      .exec<{
        seq: number;
        kind: ExternalChange["kind"];
        item_id: string;
        location_id: string;
        name: string;
        delta: number;
        at: number;
      }>("SELECT * FROM external_changes ORDER BY seq")
      .toArray()
      .map((r) => ({
        seq: r.seq,
        kind: r.kind,
        inventoryItemId: r.item_id,
        locationId: r.location_id,
        name: r.name,
        delta: r.delta,
        at: r.at,
      }));
  }

  bump(name: string, by = 1): void {
    this.sql.exec(
      "INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value",
      name,
      by,
    );
  }

  counter(name: string): number {
    return (
      this.sql.exec<{ value: number }>("SELECT value FROM counters WHERE name = ?", name).toArray()[0]
        ?.value ?? 0
    );
  }

  logRequest(entry: { at: number; method: string; path: string; status: number; outcome: string }): void {
    this.sql.exec(
      "INSERT INTO request_log (at, method, path, status, outcome) VALUES (?, ?, ?, ?, ?)",
      entry.at,
      entry.method,
      entry.path,
      entry.status,
      entry.outcome,
    );
    this.sql.exec(
      "DELETE FROM request_log WHERE seq <= (SELECT MAX(seq) FROM request_log) - ?",
      REQUEST_LOG_LIMIT,
    );
  }

  requests(): { seq: number; at: string; method: string; path: string; status: number; outcome: string }[] {
    return this.sql
      .exec<{ seq: number; at: number; method: string; path: string; status: number; outcome: string }>(
        "SELECT * FROM request_log ORDER BY seq",
      )
      .toArray()
      .map((row) => ({ ...row, at: new Date(row.at).toISOString() }));
  }

  read<T>(key: string): T | null {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM state WHERE key = ?", key).toArray()[0];
    return row ? (JSON.parse(row.value) as T) : null;
  }

  write(key: string, value: unknown): void {
    this.sql.exec("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", key, JSON.stringify(value));
  }

  remove(key: string): void {
    this.sql.exec("DELETE FROM state WHERE key = ?", key);
  }
}
