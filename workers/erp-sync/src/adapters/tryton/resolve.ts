import type { GlPurpose } from "../../../../../shared/canonical";
import type { ErpConnectionOf } from "../../../../../shared/erp";
import { type ModelApi, refuse } from "./model-api";

/**
 * Mesh vocabulary to Tryton records. A mapping target is a Tryton code (product code, account code,
 * location code, party code) or `id:<n>` for a record id; an absent item mapping falls back to the
 * product whose code is the SKU, an absent location mapping to the first warehouse (Tryton's own
 * `WH`). Missing GL accounts and default customers are validation failures naming the mapping.
 */
type Connection = ErpConnectionOf<"tryton">;

export function parseTarget(target: string): { id: number } | { code: string } {
  const match = /^id:(\d+)$/.exec(target);
  return match ? { id: Number(match[1]) } : { code: target };
}

async function byTarget(api: ModelApi, model: string, target: string, extra: readonly unknown[] = []) {
  const t = parseTarget(target);
  const domain = "id" in t ? [["id", "=", t.id], ...extra] : [["code", "=", t.code], ...extra];
  const [id] = await api.search(model, domain, 1);
  return id ?? null;
}

export interface ProductRef {
  id: number;
  uom: number;
}

/** Products for SKUs, by item mapping or by code = SKU. An unknown product is the ERP's refusal. */
export async function resolveProducts(
  api: ModelApi,
  connection: Connection,
  skus: readonly string[],
): Promise<Map<string, ProductRef>> {
  const found = new Map<string, ProductRef>();
  for (const sku of new Set(skus)) {
    const target = connection.mappings.item[sku] ?? sku;
    const id = await byTarget(api, "product.product", target);
    if (id === null) throw refuse("business", `Tryton has no product ${target} for SKU ${sku}`);
    const [row] = await api.read("product.product", [id], ["default_uom"]);
    found.set(sku, { id, uom: Number(row?.default_uom) });
  }
  return found;
}

export interface Warehouse {
  id: number;
  storage: number;
  lostFound: number;
}

export async function resolveWarehouse(
  api: ModelApi,
  connection: Connection,
  locationId: string | null,
): Promise<Warehouse> {
  const mapped = locationId ? connection.mappings.location[locationId]?.warehouse : undefined;
  const id = mapped
    ? await byTarget(api, "stock.location", mapped, [["type", "=", "warehouse"]])
    : ((await api.search("stock.location", [["type", "=", "warehouse"]], 1))[0] ?? null);
  if (id === null)
    throw refuse("validation", `location mapping ${locationId} names no Tryton warehouse ${mapped ?? ""}`);
  const [row] = await api.read("stock.location", [id], ["storage_location", "lost_found_location"]);
  const storage = Number(row?.storage_location);
  const lostFound = Number(row?.lost_found_location);
  if (!storage || !lostFound)
    throw refuse("business", `Tryton warehouse ${id} has no storage or lost-and-found location`);
  return { id, storage, lostFound };
}

export async function resolveAccount(
  api: ModelApi,
  connection: Connection,
  purpose: GlPurpose,
): Promise<number> {
  const target = connection.mappings.glAccount[purpose];
  if (!target) throw refuse("validation", `no gl_account mapping for ${purpose}`);
  const id = await byTarget(api, "account.account", target);
  if (id === null)
    throw refuse("validation", `gl_account mapping ${purpose} names no Tryton account ${target}`);
  return id;
}

/** The account money moves through for a tender: payment_method mapping, else undeposited funds. */
export async function resolveTenderAccount(
  api: ModelApi,
  connection: Connection,
  gateway: string,
): Promise<number> {
  const target = connection.mappings.paymentMethod[gateway];
  if (!target) {
    if (!connection.mappings.glAccount.undeposited_funds) {
      throw refuse(
        "validation",
        `no payment_method mapping for ${gateway} and no gl_account mapping for undeposited_funds`,
      );
    }
    return resolveAccount(api, connection, "undeposited_funds");
  }
  const id = await byTarget(api, "account.account", target);
  if (id === null)
    throw refuse("validation", `payment_method mapping ${gateway} names no Tryton account ${target}`);
  return id;
}

export async function resolveParty(api: ModelApi, target: string): Promise<number | null> {
  return byTarget(api, "party.party", target);
}

export async function findByReference(
  api: ModelApi,
  model: string,
  reference: string,
  extra: readonly unknown[] = [],
) {
  const [id] = await api.search(model, [["reference", "=", reference], ...extra], 1);
  return id ?? null;
}

/** The party's receivable account, else the configured default (what Tryton's `account_receivable_used` does). */
export async function receivableOf(api: ModelApi, party: number): Promise<number> {
  const [row] = await api.read("party.party", [party], ["account_receivable"]);
  const account = Number(row?.account_receivable) || (await configured(api, "default_account_receivable"));
  if (!account) throw refuse("business", `Tryton party ${party} has no receivable account`);
  return account;
}

/** The product's category revenue account, else the configured default (`account_revenue_used`). */
export async function revenueOf(api: ModelApi, product: number | null): Promise<number> {
  if (product !== null) {
    const [p] = await api.read("product.product", [product], ["template"]);
    const [t] = await api.read("product.template", [Number(p?.template)], ["account_category"]);
    const category = Number(t?.account_category);
    if (category) {
      const [c] = await api.read("product.category", [category], ["account_revenue"]);
      if (Number(c?.account_revenue)) return Number(c?.account_revenue);
    }
  }
  const account = await configured(api, "default_category_account_revenue");
  if (!account) throw refuse("business", "Tryton has no revenue account configured");
  return account;
}

async function configured(api: ModelApi, field: string): Promise<number> {
  const [row] = await api.read("account.configuration", [1], [field]);
  return Number(row?.[field]) || 0;
}
