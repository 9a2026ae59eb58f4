import type { AdfError } from "./errors";
import type { JsonObject } from "./json";
import type { RecordStore, StoredItem } from "./record-store";

/**
 * How one Fusion REST resource behaves in the sandbox: where it lives, what identifies an item, which
 * key Fusion refuses to repeat, and the business rules and server-filled fields of a create or update.
 * Everything runs inside the pod's synchronous transaction, so side effects on other resources (a
 * shipment moving its order lines, a receipt moving on-hand) commit or roll back with the write.
 */
export type Outcome = { ok: true; body: JsonObject } | { ok: false; error: AdfError };

export interface PodContext {
  store: RecordStore;
  now: number;
  /** The business units the pod knows (`US1 Business Unit`, Oracle's demo data). */
  businessUnits: readonly string[];
}

export interface ResourceSpec {
  name: string;
  api: "fscmRestApi" | "crmRestApi";
  idField: string;
  children: readonly string[];
  /** The key a URL names an item by, when it is not the id (sales orders: the OrderKey). */
  itemKey?: (body: JsonObject) => string | null;
  /** The key Fusion refuses to store twice, with the error it answers then. */
  naturalKey?: (body: JsonObject) => string | null;
  duplicate?: (body: JsonObject) => AdfError;
  /** The integration's own reference on resources Fusion keeps no key for (shown by `GET records`). */
  reference?: (body: JsonObject) => string | null;
  create: (body: JsonObject, id: string, ctx: PodContext) => Outcome;
  patch?: (existing: StoredItem, changes: JsonObject, ctx: PodContext) => Outcome;
}

export const BUSINESS_UNITS = ["US1 Business Unit", "Vision Operations"] as const;
