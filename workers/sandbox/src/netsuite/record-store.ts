import { isObject, type JsonObject } from "./json";

/**
 * Row storage of the sandbox account's records: one table for every type, the external id unique per
 * type, the body as last written. Synchronous SQLite, called inside the account object's transactions.
 * Validation lives in record-writes.ts; this file only stores and finds.
 */
export interface StoredRecord {
  recordType: string;
  internalId: number;
  externalId: string | null;
  body: JsonObject;
  createdAt: number;
  updatedAt: number;
  writeCount: number;
}

export type RecordKey = { internalId: number } | { externalId: string };

export interface RenderedRef {
  id: string;
  refName: string;
}

type RecordRow = {
  internal_id: number;
  record_type: string;
  external_id: string | null;
  body: string;
  created_at: number;
  updated_at: number;
  write_count: number;
};

function toRecord(row: RecordRow): StoredRecord {
  const body: unknown = JSON.parse(row.body);
  return {
    recordType: row.record_type,
    internalId: row.internal_id,
    externalId: row.external_id,
    body: isObject(body) ? body : {},
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    writeCount: row.write_count,
  };
}

export class RecordStore {
  constructor(private readonly sql: SqlStorage) {}

  find(recordType: string, key: RecordKey): StoredRecord | null {
    const rows =
      "internalId" in key
        ? this.sql.exec<RecordRow>(
            "SELECT * FROM records WHERE record_type = ? AND internal_id = ?",
            recordType,
            key.internalId,
          )
        : this.sql.exec<RecordRow>(
            "SELECT * FROM records WHERE record_type = ? AND external_id = ?",
            recordType,
            key.externalId,
          );
    const row = rows.toArray()[0];
    return row ? toRecord(row) : null;
  }

  /** A record of any type by internal id (internal ids are unique across types in the sandbox). */
  findById(internalId: number): StoredRecord | null {
    const row = this.sql
      .exec<RecordRow>("SELECT * FROM records WHERE internal_id = ?", internalId)
      .toArray()[0];
    return row ? toRecord(row) : null;
  }

  /** Records of a type created by transforming record `sourceId` (their `createdFrom`). */
  createdFrom(recordType: string, sourceId: number): StoredRecord[] {
    return this.sql
      .exec<RecordRow>(
        "SELECT * FROM records WHERE record_type = ? AND json_extract(body, '$.createdFrom.id') = ? ORDER BY internal_id",
        recordType,
        String(sourceId),
      )
      .toArray()
      .map(toRecord);
  }

  ofType(recordType: string): StoredRecord[] {
    return this.sql
      .exec<RecordRow>("SELECT * FROM records WHERE record_type = ? ORDER BY internal_id", recordType)
      .toArray()
      .map(toRecord);
  }

  list(): StoredRecord[] {
    return this.sql.exec<RecordRow>("SELECT * FROM records ORDER BY internal_id").toArray().map(toRecord);
  }

  insert(recordType: string, externalId: string | null, body: JsonObject, now: number): number {
    return this.sql
      .exec<{ internal_id: number }>(
        "INSERT INTO records (record_type, external_id, body, created_at, updated_at, write_count) VALUES (?, ?, ?, ?, ?, 1) RETURNING internal_id",
        recordType,
        externalId,
        JSON.stringify(body),
        now,
        now,
      )
      .one().internal_id;
  }

  replace(existing: StoredRecord, externalId: string | null, body: JsonObject, now: number): void {
    this.sql.exec(
      "UPDATE records SET external_id = ?, body = ?, updated_at = ?, write_count = write_count + 1 WHERE internal_id = ?",
      externalId,
      JSON.stringify(body),
      now,
      existing.internalId,
    );
  }

  /**
   * The sandbox has no item, location or account catalogue: each external id gets a stable synthetic
   * internal id per kind, and its refName is the external id. References to stored records (customers,
   * transactions) resolve to the record itself.
   */
  resolveRef(kind: string, ref: JsonObject): RenderedRef {
    const stored = this.storedRef(kind, ref);
    if (stored) return { id: String(stored.internalId), refName: refNameOf(stored) };
    if (typeof ref.externalId === "string") {
      this.sql.exec("INSERT OR IGNORE INTO refs (kind, external_id) VALUES (?, ?)", kind, ref.externalId);
      const row = this.sql
        .exec<{ id: number }>("SELECT id FROM refs WHERE kind = ? AND external_id = ?", kind, ref.externalId)
        .one();
      return { id: String(row.id), refName: ref.externalId };
    }
    const id = String(ref.id);
    const known = this.sql.exec<{ external_id: string }>(
      "SELECT external_id FROM refs WHERE kind = ? AND id = ?",
      kind,
      id,
    );
    return { id, refName: known.toArray()[0]?.external_id ?? `${kind} ${id}` };
  }

  /** Catalogue entries (items, locations, ...) the sandbox has seen, for SuiteQL. */
  catalogue(kind: string): Array<{ id: number; externalId: string }> {
    return this.sql
      .exec<{ id: number; external_id: string }>(
        "SELECT id, external_id FROM refs WHERE kind = ? ORDER BY id",
        kind,
      )
      .toArray()
      .map((r) => ({ id: r.id, externalId: r.external_id }));
  }

  private storedRef(kind: string, ref: JsonObject): StoredRecord | null {
    if (kind !== "customer") return null;
    if (typeof ref.externalId === "string") return this.find(kind, { externalId: ref.externalId });
    const id = Number(ref.id);
    return Number.isInteger(id) ? this.find(kind, { internalId: id }) : null;
  }
}

export function refNameOf(record: StoredRecord): string {
  const b = record.body;
  if (typeof b.companyName === "string" && b.companyName !== "") return b.companyName;
  if (typeof b.firstName === "string" || typeof b.lastName === "string") {
    return [b.firstName, b.lastName].filter((p) => typeof p === "string").join(" ");
  }
  return record.externalId ?? String(record.internalId);
}
