import type { Entity, EntityStore, Json } from "./entity-store";
import type { BcError } from "./errors";

/**
 * How the sandbox describes one API entity set: where it lives (standard API v2.0 or the custom
 * item-journal API), which methods BC allows on it, its properties with their defaults (also the
 * properties `$filter` may name), and the business rules that run on create, update, delete and
 * bound actions. Rules are synchronous: they run inside the tenant object's SQLite transaction.
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: BcError };

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const fail = (error: BcError): Outcome<never> => ({ ok: false, error });

/** Tenant settings the rules read; changed through `POST /_sandbox/business-central/settings`. */
export interface RuleSettings {
  /** BC's "Allow Posting From/To" (General Ledger Setup); null is open. Plain dates. */
  allowPostingFrom: string | null;
  allowPostingTo: string | null;
  /** Customer No. Series with Manual Nos., so a client may choose the customer number. */
  manualCustomerNumbers: boolean;
}

export interface RuleContext {
  store: EntityStore;
  settings: RuleSettings;
  /** Today as BC's work date, `YYYY-MM-DD`. */
  today: string;
}

export type ApiRoot = "v2.0" | "mesh/inventory/v1.0";

export interface EntitySetDef {
  name: string;
  /** The EDM type name (`salesOrder`) used in `@odata.context` and property errors. */
  typeName: string;
  /** What BC calls the record in "does not exist" messages. */
  label: string;
  api: ApiRoot;
  /** The parent set for lines (`salesOrders` for `salesOrderLines`) and the property that names it. */
  parent: { set: string; field: string } | null;
  methods: ReadonlySet<"GET" | "POST" | "PATCH" | "DELETE">;
  /** Every property with its default; a POST body is laid over it. */
  template: Json;
  /** Child sets that `$expand` and deep insert accept. */
  children?: readonly string[];
  create?(ctx: RuleContext, body: Json, parent: Entity | null): Outcome<Json>;
  update?(ctx: RuleContext, entity: Entity, changes: Json): Outcome<Json>;
  remove?(ctx: RuleContext, entity: Entity): Outcome<null>;
  /** Runs after a child of this set was written or deleted (header totals follow their lines). */
  refresh?(ctx: RuleContext, entity: Entity): void;
  actions?: Readonly<Record<string, (ctx: RuleContext, entity: Entity) => Outcome<null>>>;
  /** The key the ERP knows the record by, for the control API's record listing. */
  key?(body: Json): string | null;
}

export const str = (value: unknown): string => (typeof value === "string" ? value : "");
export const num = (value: unknown): number =>
  typeof value === "number" && Number.isFinite(value) ? value : 0;
export const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Properties the client sent that the type does not have: OData refuses the whole body. */
export function unknownProperty(def: EntitySetDef, body: Json): string | null {
  const allowed = new Set([...Object.keys(def.template), ...(def.children ?? []), "@odata.etag"]);
  return Object.keys(body).find((k) => !allowed.has(k)) ?? null;
}
