import { duplicateExternalId, type NetSuiteErrorDetail, NONEXISTENT_ID, userError } from "./errors";
import type { JsonObject } from "./json";
import { checkRecord, type WriteContext } from "./record-checks";
import type { RecordKey, RecordStore, StoredRecord } from "./record-store";
import type { RecordTypeInfo } from "./record-types";
import { catalogueRefs } from "./ref-kinds";
import { applyUpdate, withLineKeys } from "./sublists";

/**
 * The record service's writes: POST (create), PUT `eid:` (upsert) and PATCH (update). Every write is
 * checked in full before anything is stored and runs inside the account object's transaction, so a
 * refused write changes nothing.
 */
export type WriteResult =
  | { ok: true; internalId: number; created: boolean }
  | { ok: false; status: number; error: NetSuiteErrorDetail };

const refuse = (status: number, error: NetSuiteErrorDetail): WriteResult => ({ ok: false, status, error });

function externalIdOf(body: JsonObject): string | null {
  return typeof body.externalId === "string" && body.externalId !== "" ? body.externalId : null;
}

/** Sandbox wording for creating a fulfilment or receipt without its source: NetSuite only transforms them. */
function transformOnly(type: RecordTypeInfo): NetSuiteErrorDetail {
  return userError(
    `A ${type.name} can only be created by transforming its source transaction (!transform/${type.name}).`,
  );
}

export class RecordWrites {
  constructor(private readonly store: RecordStore) {}

  /** `PUT <type>/eid:<id>`: creates the record, or updates the one holding that external id. */
  upsert(
    type: RecordTypeInfo,
    externalId: string,
    body: JsonObject,
    replace: ReadonlySet<string>,
    ctx: WriteContext,
  ): WriteResult {
    const existing = this.store.find(type.name, { externalId });
    if (existing) return this.update(type, existing, { ...body, externalId }, replace, ctx);
    if (type.transformOnly) return refuse(400, transformOnly(type));
    return this.insert(type, { ...body, externalId }, ctx);
  }

  /** `POST <type>`: always creates; an external id that is already taken is a 400, as in NetSuite. */
  create(type: RecordTypeInfo, body: JsonObject, ctx: WriteContext): WriteResult {
    if (type.transformOnly) return refuse(400, transformOnly(type));
    const externalId = externalIdOf(body);
    if (externalId && this.store.find(type.name, { externalId }))
      return refuse(400, duplicateExternalId(externalId));
    return this.insert(type, body, ctx);
  }

  /** `PATCH <type>/<id>`: fields replace the stored ones; sublists merge by line key unless replaced. */
  patch(
    type: RecordTypeInfo,
    key: RecordKey,
    changes: JsonObject,
    replace: ReadonlySet<string>,
    ctx: WriteContext,
  ): WriteResult {
    const existing = this.store.find(type.name, key);
    if (!existing) return refuse(404, NONEXISTENT_ID);
    return this.update(type, existing, changes, replace, ctx);
  }

  /** Stores a complete new record (also the target of a transform) after checking it. */
  insert(type: RecordTypeInfo, body: JsonObject, ctx: WriteContext): WriteResult {
    const full = withLineKeys(type, body);
    const problem = checkRecord(this.store, type, full, ctx, null);
    if (problem) return refuse(400, problem);
    this.register(full);
    return {
      ok: true,
      internalId: this.store.insert(type.name, externalIdOf(full), full, ctx.now),
      created: true,
    };
  }

  /** Items, locations and the like a stored record names become known to SuiteQL's catalogue tables. */
  private register(body: JsonObject): void {
    for (const [kind, ref] of catalogueRefs(body)) this.store.resolveRef(kind, ref);
  }

  private update(
    type: RecordTypeInfo,
    existing: StoredRecord,
    changes: JsonObject,
    replace: ReadonlySet<string>,
    ctx: WriteContext,
  ): WriteResult {
    const merged = applyUpdate(type, existing.body, changes, replace);
    const externalId = externalIdOf(merged);
    if (externalId && externalId !== existing.externalId && this.store.find(type.name, { externalId })) {
      return refuse(400, duplicateExternalId(externalId));
    }
    const problem = checkRecord(this.store, type, merged, ctx, existing);
    if (problem) return refuse(400, problem);
    this.register(merged);
    this.store.replace(existing, externalId, merged, ctx.now);
    return { ok: true, internalId: existing.internalId, created: false };
  }
}
