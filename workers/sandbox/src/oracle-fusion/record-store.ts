import type { AdfError } from "./errors";
import { isObject, type JsonObject } from "./json";
import { ID_BASE } from "./pod-schema";
import { type Clause, matches } from "./query";

/** One resource item as the pod keeps it: the full body Fusion would return, plus bookkeeping. */
export interface StoredItem {
  resource: string;
  id: string;
  itemKey: string;
  naturalKey: string | null;
  body: JsonObject;
  createdAt: number;
  updatedAt: number;
  writeCount: number;
}

type Row = {
  id: number;
  resource: string;
  item_key: string;
  natural_key: string | null;
  body: string;
  created_at: number;
  updated_at: number;
  write_count: number;
};

function toItem(row: Row): StoredItem {
  const body: unknown = JSON.parse(row.body);
  return {
    resource: row.resource,
    id: String(row.id + ID_BASE),
    itemKey: row.item_key,
    naturalKey: row.natural_key,
    body: isObject(body) ? body : {},
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    writeCount: row.write_count,
  };
}

export type WriteOutcome = { ok: true; item: StoredItem; created: boolean } | { ok: false; error: AdfError };

/** Storage of every resource's items; resources decide what a body means, this only stores it. */
export class RecordStore {
  constructor(private readonly sql: SqlStorage) {}

  /** By the key the URL uses, or by the numeric id (a sales order is reachable both ways). */
  find(resource: string, key: string): StoredItem | null {
    const numeric = /^\d+$/.test(key) ? Number(key) - ID_BASE : -1;
    const row = this.sql
      .exec<Row>(
        "SELECT * FROM resources WHERE resource = ? AND (item_key = ? OR id = ?) ORDER BY id LIMIT 1",
        resource,
        key,
        numeric,
      )
      .toArray()[0];
    return row ? toItem(row) : null;
  }

  findNatural(resource: string, naturalKey: string): StoredItem | null {
    const row = this.sql
      .exec<Row>("SELECT * FROM resources WHERE resource = ? AND natural_key = ?", resource, naturalKey)
      .toArray()[0];
    return row ? toItem(row) : null;
  }

  query(resource: string, clauses: readonly Clause[]): StoredItem[] {
    return this.sql
      .exec<Row>("SELECT * FROM resources WHERE resource = ? ORDER BY id", resource)
      .toArray()
      .map(toItem)
      .filter((item) => matches(item.body, clauses));
  }

  /** The id the next insert will get, so a resource can write it into the body it completes. */
  nextId(): string {
    const row = this.sql
      .exec<{ seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'resources'")
      .toArray()[0];
    return String((row?.seq ?? 0) + 1 + ID_BASE);
  }

  insert(
    resource: string,
    itemKey: string | null,
    naturalKey: string | null,
    body: JsonObject,
    now: number,
  ): StoredItem {
    const id = this.nextId();
    const row = this.sql
      .exec<Row>(
        "INSERT INTO resources (resource, item_key, natural_key, body, created_at, updated_at, write_count) VALUES (?, ?, ?, ?, ?, ?, 1) RETURNING *",
        resource,
        itemKey ?? id,
        naturalKey,
        JSON.stringify(body),
        now,
        now,
      )
      .one();
    return toItem(row);
  }

  replace(item: StoredItem, body: JsonObject, now: number): StoredItem {
    this.sql.exec(
      "UPDATE resources SET body = ?, updated_at = ?, write_count = write_count + 1 WHERE id = ?",
      JSON.stringify(body),
      now,
      Number(item.id) - ID_BASE,
    );
    return { ...item, body, updatedAt: now, writeCount: item.writeCount + 1 };
  }

  list(): StoredItem[] {
    return this.sql.exec<Row>("SELECT * FROM resources ORDER BY id").toArray().map(toItem);
  }

  /** A per-pod document sequence (order numbers, shipment numbers...). */
  nextNumber(sequence: string, start: number): number {
    return this.sql
      .exec<{ value: number }>(
        "INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value",
        `seq:${sequence}`,
        start,
      )
      .one().value;
  }

  adjustOnhand(item: string, organization: string, subinventory: string, delta: number): number {
    return this.sql
      .exec<{ quantity: number }>(
        "INSERT INTO onhand (item, organization, subinventory, quantity) VALUES (?, ?, ?, ?) ON CONFLICT (item, organization, subinventory) DO UPDATE SET quantity = quantity + excluded.quantity RETURNING quantity",
        item,
        organization,
        subinventory,
        delta,
      )
      .one().quantity;
  }

  onhand(): { item: string; organization: string; subinventory: string; quantity: number }[] {
    return this.sql
      .exec<{ item: string; organization: string; subinventory: string; quantity: number }>(
        "SELECT * FROM onhand ORDER BY item, organization, subinventory",
      )
      .toArray();
  }
}
