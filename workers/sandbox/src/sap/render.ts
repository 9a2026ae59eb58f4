import type { JsonObject } from "./json";

/**
 * OData v2 JSON as SAP Gateway writes it: `{"d": {...}}` for an entity, `{"d": {"results": [...]}}`
 * for a collection, `__metadata` with id, uri, type and etag, Edm.DateTime as `/Date(ms)/` and
 * Edm.DateTimeOffset as `/Date(ms+0000)/` (reference/erp.md §3.4).
 */
export const ODATA_ROOT = "/sap/opu/odata/sap";

export function edmDateTime(ms: number): string {
  return `/Date(${ms})/`;
}

export function edmDateTimeOffset(ms: number): string {
  return `/Date(${ms}+0000)/`;
}

/** Midnight UTC of a plain date, the way Edm.DateTime carries dates (`/Date(1700006400000)/`). */
export function edmDate(isoDate: string): string {
  return edmDateTime(Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`));
}

/**
 * The weak ETag SAP derives from `LastChangeDateTime` (ConcurrencyMode="Fixed"):
 * `W/"datetimeoffset'2016-09-02T06%3A15%3A47.1257050Z'"` (reference/erp.md §3.1, exact encoding unverified).
 */
export function etagOf(changedAt: number): string {
  const iso = new Date(changedAt).toISOString().replace("Z", "0000Z");
  return `W/"datetimeoffset'${iso.replaceAll(":", "%3A")}'"`;
}

export interface EntityAddress {
  origin: string;
  service: string;
  set: string;
  /** The key predicate without parentheses: `'1'` or `SalesOrder='1',SalesOrderItem='10'`. */
  key: string;
  /** The entity type's name, e.g. `A_SalesOrderType`. */
  type: string;
}

export function keyPredicate(fields: Record<string, string>): string {
  const entries = Object.entries(fields);
  if (entries.length === 1) return `'${entries[0]?.[1] ?? ""}'`;
  return entries.map(([k, v]) => `${k}='${v}'`).join(",");
}

export function single(value: JsonObject): JsonObject {
  return { d: value };
}

export function collection(values: readonly JsonObject[], count: number | null): JsonObject {
  return { d: { ...(count === null ? {} : { __count: String(count) }), results: values } };
}
