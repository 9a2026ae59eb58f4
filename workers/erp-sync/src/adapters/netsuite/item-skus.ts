import type { ErpMappings } from "../../../../../shared/erp";
import type { PushFailure } from "../erp-adapter";
import type { NsContext } from "./context";
import { chunks, sqlString, suiteql } from "./suiteql";

/**
 * NetSuite ids back to the mesh's keys, the reverse of the connection's mappings: an item by its item
 * mapping, else by its external id (which is the SKU, the documented fallback of the writes); a
 * location by its location mapping, else by its external id (the mesh location id), else unknown.
 * Ids the mappings do not name are looked up with SuiteQL, in batches.
 */
export type Lookup = { ok: true; names: Map<string, string> } | PushFailure;

function reverse(entries: Iterable<[string, string]>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, target] of entries) if (!out.has(target)) out.set(target, key);
  return out;
}

async function externalIds(
  ctx: NsContext,
  table: "item" | "location",
  ids: readonly string[],
): Promise<Lookup> {
  const names = new Map<string, string>();
  for (const batch of chunks(ids.filter((id) => /^\d+$/.test(id)))) {
    const rows = await suiteql(
      ctx,
      `SELECT id, externalid FROM ${table} WHERE id IN (${batch.join(", ")}) ORDER BY id`,
    );
    if (!rows.ok) return rows;
    for (const row of rows.rows) if (row.id && row.externalid) names.set(row.id, row.externalid);
  }
  return { ok: true, names };
}

async function resolve(
  ctx: NsContext,
  table: "item" | "location",
  ids: readonly string[],
  mapped: Map<string, string>,
): Promise<Lookup> {
  const unknown = [...new Set(ids)].filter((id) => !mapped.has(id));
  const looked =
    unknown.length > 0 ? await externalIds(ctx, table, unknown) : { ok: true as const, names: new Map() };
  if (!looked.ok) return looked;
  return { ok: true, names: new Map([...looked.names, ...mapped]) };
}

/** SKU per NetSuite item id, for the ids given. */
export function skusOf(ctx: NsContext, mappings: ErpMappings, itemIds: readonly string[]): Promise<Lookup> {
  return resolve(ctx, "item", itemIds, reverse(Object.entries(mappings.item)));
}

/** Mesh location id per NetSuite location id, for the ids given. */
export function meshLocationsOf(
  ctx: NsContext,
  mappings: ErpMappings,
  locationIds: readonly string[],
): Promise<Lookup> {
  const mapped = reverse(Object.entries(mappings.location).map(([key, target]) => [key, target.warehouse]));
  return resolve(ctx, "location", locationIds, mapped);
}

/** NetSuite item ids of SKUs: mapped ones directly, the others by external id. */
export async function itemIdsOf(
  ctx: NsContext,
  mappings: ErpMappings,
  skus: readonly string[],
): Promise<Lookup> {
  const ids = new Map<string, string>();
  const unmapped: string[] = [];
  for (const sku of new Set(skus)) {
    const id = mappings.item[sku];
    if (id) ids.set(id, sku);
    else unmapped.push(sku);
  }
  for (const batch of chunks(unmapped)) {
    const list = batch.map(sqlString).join(", ");
    const rows = await suiteql(
      ctx,
      `SELECT id, externalid FROM item WHERE externalid IN (${list}) ORDER BY id`,
    );
    if (!rows.ok) return rows;
    for (const row of rows.rows) if (row.id && row.externalid) ids.set(row.id, row.externalid);
  }
  return { ok: true, names: ids };
}
