import type { NetSuiteErrorDetail } from "./errors";
import { NONEXISTENT_ID } from "./errors";
import type { RenderedRef, StoredRecord } from "./render";
import { isObject, type JsonObject, validateSalesOrder } from "./sales-order";

/** Record storage of the sandbox account; every write validates first and runs in one transaction. */
export type WriteResult =
  | { ok: true; internalId: number; created: boolean }
  | { ok: false; status: number; error: NetSuiteErrorDetail };

export type RecordKey = { internalId: number } | { externalId: string };

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

  /** `PUT <type>/eid:<id>`: creates or fully replaces the record holding that external id. */
  upsert(recordType: string, externalId: string, body: JsonObject, now: number): WriteResult {
    const full = { ...body, externalId };
    const problem = validateSalesOrder(full);
    if (problem) return { ok: false, status: 400, error: problem };
    const existing = this.find(recordType, { externalId });
    if (existing) return this.replace(existing, full, now);
    return { ok: true, internalId: this.insert(recordType, externalId, full, now), created: true };
  }

  /** `POST <type>`: always creates; an external id that is already taken is a 400, as in NetSuite. */
  create(recordType: string, body: JsonObject, now: number): WriteResult {
    const problem = validateSalesOrder(body);
    if (problem) return { ok: false, status: 400, error: problem };
    const externalId = typeof body.externalId === "string" && body.externalId !== "" ? body.externalId : null;
    if (externalId && this.find(recordType, { externalId }))
      return { ok: false, status: 400, error: duplicate(externalId) };
    return { ok: true, internalId: this.insert(recordType, externalId, body, now), created: true };
  }

  /** `PATCH <type>/<id>`: top-level fields replace the stored ones (a sent sublist replaces the sublist). */
  patch(recordType: string, key: RecordKey, changes: JsonObject, now: number): WriteResult {
    const existing = this.find(recordType, key);
    if (!existing) return { ok: false, status: 404, error: NONEXISTENT_ID };
    const merged = { ...existing.body, ...changes };
    const problem = validateSalesOrder(merged);
    if (problem) return { ok: false, status: 400, error: problem };
    const externalId =
      typeof merged.externalId === "string" && merged.externalId !== "" ? merged.externalId : null;
    if (externalId && externalId !== existing.externalId && this.find(recordType, { externalId })) {
      return { ok: false, status: 400, error: duplicate(externalId) };
    }
    return this.replace({ ...existing, externalId }, merged, now);
  }

  list(): StoredRecord[] {
    return this.sql.exec<RecordRow>("SELECT * FROM records ORDER BY internal_id").toArray().map(toRecord);
  }

  /** The sandbox has no item or currency catalogue: each external id gets a stable synthetic internal id. */
  resolveRef(kind: string, ref: JsonObject): RenderedRef {
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

  private insert(recordType: string, externalId: string | null, body: JsonObject, now: number): number {
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

  private replace(existing: StoredRecord, body: JsonObject, now: number): WriteResult {
    this.sql.exec(
      "UPDATE records SET external_id = ?, body = ?, updated_at = ?, write_count = write_count + 1 WHERE internal_id = ?",
      existing.externalId,
      JSON.stringify(body),
      now,
      existing.internalId,
    );
    return { ok: true, internalId: existing.internalId, created: false };
  }
}

function duplicate(externalId: string): NetSuiteErrorDetail {
  return {
    detail: `Error while accessing a resource. A record with the external ID '${externalId}' already exists.`,
    "o:errorCode": "DUP_RCRD",
    "o:errorPath": "externalId",
  };
}
