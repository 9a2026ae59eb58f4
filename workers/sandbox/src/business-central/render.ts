import type { EntitySetDef } from "./entity-set";
import { type Entity, type EntityStore, etagOf, type Json } from "./entity-store";
import { type BcError, bcError } from "./errors";
import { checkFilterFields, matches, parseFilter } from "./odata";
import { entitySetByName } from "./registry";

/**
 * GET representations: each entity with its `@odata.etag`, children inlined by `$expand`, and
 * collections filtered by `$filter` and paged server-side with `@odata.nextLink` (BC pages at 20,000
 * entities; the page size is a sandbox setting so tests can see the link).
 */
export function renderEntity(store: EntityStore, def: EntitySetDef, entity: Entity, expand: string[]): Json {
  const out: Json = { "@odata.etag": etagOf(entity), ...entity.body };
  for (const child of expand) {
    const childDef = entitySetByName(child);
    if (!childDef) continue;
    out[child] = store.list(child, entity.id).map((c) => ({ "@odata.etag": etagOf(c), ...c.body }));
  }
  void def;
  return out;
}

export function parseExpand(def: EntitySetDef, raw: string | null): string[] | BcError {
  if (!raw) return [];
  const names = raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  const unknown = names.find((n) => !(def.children ?? []).includes(n));
  return unknown
    ? bcError(
        400,
        "BadRequest_NotFound",
        `Could not find a property named '${unknown}' on type 'Microsoft.NAV.${def.typeName}'.`,
      )
    : names;
}

export interface CollectionQuery {
  filter: string | null;
  expand: string | null;
  top: string | null;
  skiptoken: string | null;
}

export function renderCollection(
  store: EntityStore,
  def: EntitySetDef,
  entities: Entity[],
  query: CollectionQuery,
  pageSize: number,
  selfUrl: string,
): Json | BcError {
  let rows = entities;
  if (query.filter) {
    const filter = parseFilter(query.filter);
    if ("status" in filter) return filter;
    const bad = checkFilterFields(filter, def.template, def.typeName);
    if (bad) return bad;
    rows = rows.filter((e) => matches(filter, e.body));
  }
  const expand = parseExpand(def, query.expand);
  if ("status" in expand) return expand;
  const offset = Number(query.skiptoken ?? "0") || 0;
  const top = query.top === null ? Number.POSITIVE_INFINITY : Number(query.top);
  const limit = Math.min(pageSize, top);
  const page = rows.slice(offset, offset + limit);
  const out: Json = { value: page.map((e) => renderEntity(store, def, e, expand)) };
  if (offset + limit < rows.length && limit < top) {
    const next = new URL(selfUrl);
    next.searchParams.set("$skiptoken", String(offset + limit));
    out["@odata.nextLink"] = next.toString();
  }
  return out;
}
