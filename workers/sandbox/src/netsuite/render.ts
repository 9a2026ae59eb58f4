import { isObject, isReference, type JsonObject } from "./sales-order";

/** A record as the sandbox stores it: the last full body written, plus bookkeeping for inspection. */
export interface StoredRecord {
  recordType: string;
  internalId: number;
  externalId: string | null;
  body: JsonObject;
  createdAt: number;
  updatedAt: number;
  writeCount: number;
}

export interface RenderedRef {
  id: string;
  refName: string;
}

/** Turns a reference as written (`{externalId}` or `{id}`) into NetSuite's read form `{id, refName}`. */
export type ResolveRef = (kind: string, ref: JsonObject) => RenderedRef;

export const RECORD_PATH = "/services/rest/record/v1";

export function recordUrl(origin: string, recordType: string, internalId: number): string {
  return `${origin}${RECORD_PATH}/${recordType}/${internalId}`;
}

const REF_KIND: Record<string, string> = { entity: "customer", discountItem: "item", item: "item" };

function renderFields(source: JsonObject, resolve: ResolveRef): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(source)) {
    out[key] = isReference(value) && isObject(value) ? resolve(REF_KIND[key] ?? key, value) : value;
  }
  return out;
}

function lines(body: JsonObject): JsonObject[] {
  const items = isObject(body.item) ? body.item.items : undefined;
  return Array.isArray(items) ? items.filter(isObject) : [];
}

function orderStatus(body: JsonObject): RenderedRef {
  const all = lines(body);
  const closed = all.length > 0 && all.every((line) => line.isClosed === true);
  return closed ? { id: "H", refName: "Closed" } : { id: "B", refName: "Pending Fulfillment" };
}

/**
 * GET representation: references come back as `{id, refName}`, and the `item` sublist is collapsed
 * to a link unless the client asks for `expandSubResources=true`, as NetSuite does.
 */
export function renderRecord(
  record: StoredRecord,
  origin: string,
  resolve: ResolveRef,
  expand: boolean,
): JsonObject {
  const self = recordUrl(origin, record.recordType, record.internalId);
  const rendered = renderFields(record.body, resolve);
  const items = lines(record.body).map((line, index) => ({
    links: [],
    line: index + 1,
    ...renderFields(line, resolve),
  }));
  const itemLinks = [{ rel: "self", href: `${self}/item` }];
  return {
    links: [{ rel: "self", href: self }],
    ...rendered,
    id: String(record.internalId),
    externalId: record.externalId ?? undefined,
    tranId: `SO${record.internalId}`,
    orderStatus: orderStatus(record.body),
    createdDate: new Date(record.createdAt).toISOString(),
    lastModifiedDate: new Date(record.updatedAt).toISOString(),
    item: expand
      ? {
          links: itemLinks,
          count: items.length,
          hasMore: false,
          offset: 0,
          totalResults: items.length,
          items,
        }
      : { links: itemLinks },
  };
}
