import type { PushResult } from "../erp-adapter";
import type { Json } from "./client";
import { createItem, findItems, type Rest, type Step } from "./rest";

/**
 * Exactly-once for documents Fusion keys on a reference the mesh chooses: look the reference up, and
 * create only when nothing holds it. A create Fusion refuses (its duplicate error, or any 4xx) is
 * followed by one more look-up, so an earlier attempt whose answer was lost is read back instead of
 * reported: "already exists" means "done". A create whose answer never came is a transient failure;
 * the retry's look-up finds what it made.
 */
export interface KeyedDocument {
  collection: string;
  /** The row-match expression that finds the document by its reference. */
  q: string;
  body: Json;
  idField: string;
  numberField?: string;
  what: string;
}

export function resultOf(item: Json, idField: string, numberField?: string): PushResult {
  const id = item[idField];
  const number = numberField ? item[numberField] : null;
  return {
    ok: true,
    erpId: String(id),
    erpNumber: typeof number === "string" || typeof number === "number" ? String(number) : null,
  };
}

export async function findOne(
  rest: Rest,
  collection: string,
  q: string,
  what: string,
): Promise<Step<Json | null>> {
  const found = await findItems(rest, collection, q, `${what} look-up`);
  if (!found.ok) return found;
  return { ok: true, value: found.value[0] ?? null };
}

export async function findOrCreate(rest: Rest, doc: KeyedDocument): Promise<PushResult> {
  const existing = await findOne(rest, doc.collection, doc.q, doc.what);
  if (!existing.ok) return existing;
  if (existing.value) return resultOf(existing.value, doc.idField, doc.numberField);
  const created = await createItem(rest, doc.collection, doc.body, doc.what);
  if (created.ok) return resultOf(created.value, doc.idField, doc.numberField);
  if (created.errorClass !== "business") return created;
  const again = await findOne(rest, doc.collection, doc.q, doc.what);
  if (again.ok && again.value) return resultOf(again.value, doc.idField, doc.numberField);
  return created;
}
