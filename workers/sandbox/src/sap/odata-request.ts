/**
 * Parsing of an OData v2 resource path below `/sap/opu/odata/sap/`: the service (with SAP's matrix
 * parameters such as `;v=0002` stripped), the entity set or function import, an optional key
 * predicate and an optional navigation property.
 */
export interface ResourcePath {
  service: string;
  /** Entity set or function import; "" for the service document, `$metadata` for metadata. */
  resource: string;
  key: Record<string, string> | null;
  navigation: string | null;
}

export function parseResourcePath(path: string): ResourcePath | null {
  const [serviceSegment = "", ...rest] = path.split("/").filter((s, i) => i === 0 || s !== "");
  const service = serviceSegment.split(";")[0] ?? "";
  if (!/^[A-Z0-9_]+$/i.test(service)) return null;
  const [first = "", navigation = null, ...more] = rest;
  if (more.length > 0) return null;
  const match = /^([A-Za-z_$][\w$]*)(?:\((.*)\))?$/.exec(first);
  if (first !== "" && !match) return null;
  const resource = match?.[1] ?? "";
  const rawKey = match?.[2];
  const key = rawKey === undefined ? null : parseKey(rawKey);
  if (rawKey !== undefined && key === null) return null;
  return { service, resource, key, navigation };
}

/** `'1'` (the single key) or `SalesOrder='1',SalesOrderItem='10'`; null when malformed. */
export function parseKey(raw: string): Record<string, string> | null {
  const single = /^'((?:[^']|'')*)'$/.exec(raw);
  if (single) return { "": (single[1] ?? "").replaceAll("''", "'") };
  const out: Record<string, string> = {};
  for (const part of raw.split(",")) {
    const m = /^\s*(\w+)\s*=\s*'((?:[^']|'')*)'\s*$/.exec(part);
    if (!m?.[1]) return null;
    out[m[1]] = (m[2] ?? "").replaceAll("''", "'");
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** Whether a parsed key names an entity whose key predicate is `entityKey`. */
export function keyMatches(key: Record<string, string>, entityKey: string): boolean {
  const stored = parseKey(entityKey);
  if (!stored) return false;
  if ("" in key) return Object.keys(stored).length === 1 && Object.values(stored)[0] === key[""];
  const storedEntries = Object.entries(stored);
  return storedEntries.length === Object.keys(key).length && storedEntries.every(([k, v]) => key[k] === v);
}

/** A function import parameter: `DeliveryDocument='80000000'` arrives as `'80000000'`. */
export function functionParameter(value: string | undefined): string | null {
  if (value === undefined) return null;
  const m = /^'((?:[^']|'')*)'$/.exec(value.trim());
  return m ? (m[1] ?? "").replaceAll("''", "'") : null;
}
