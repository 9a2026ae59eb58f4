import { isObject, isReference, type JsonObject, numberField, referencedId, sublistLines } from "./json";
import { consumedBy } from "./ledger";
import type { RecordStore, StoredRecord } from "./record-store";
import { recordType } from "./record-types";
import { refKind, TRANSACTION_REFS } from "./ref-kinds";
import { orderStatus } from "./sales-order-status";

/**
 * GET representations. References come back as `{id, refName}` (transactions named like NetSuite's
 * "Sales Order #SO12"), sublists collapse to a link unless the client asks for
 * `expandSubResources=true`, and NetSuite's derived fields are filled in: `tranId`, a sales order's
 * `orderStatus` and its lines' `quantityFulfilled` / `quantityBilled`.
 */
export const RECORD_PATH = "/services/rest/record/v1";

export function recordUrl(origin: string, type: string, internalId: number): string {
  return `${origin}${RECORD_PATH}/${type}/${internalId}`;
}

export function tranIdOf(record: StoredRecord): string | null {
  const prefix = recordType(record.recordType).tranIdPrefix;
  return prefix ? `${prefix}${record.internalId}` : null;
}

function label(type: string): string {
  return type.replace(/([A-Z])/g, " $1").replace(/^./, (c) => c.toUpperCase());
}

function renderFields(store: RecordStore, source: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(source)) {
    if (!isReference(value)) {
      out[key] = value;
      continue;
    }
    const linked = TRANSACTION_REFS.has(key) ? store.findById(referencedId(value) ?? -1) : null;
    out[key] = linked
      ? { id: String(linked.internalId), refName: `${label(linked.recordType)} #${tranIdOf(linked)}` }
      : store.resolveRef(refKind(key), value);
  }
  return out;
}

function renderLines(store: RecordStore, record: StoredRecord, sublist: string, self: string): JsonObject[] {
  const lines = sublistLines(record.body, sublist);
  const shipped =
    record.recordType === "salesOrder" ? consumedBy(store, record.internalId, "itemFulfillment") : null;
  const billed = record.recordType === "salesOrder" ? consumedBy(store, record.internalId, "invoice") : null;
  return lines.map((line, index) => {
    const key = numberField(line, "line") ?? index + 1;
    return {
      links: [{ rel: "self", href: `${self}/${sublist}/${key}` }],
      ...renderFields(store, line),
      ...(shipped && billed
        ? {
            isClosed: line.isClosed === true,
            quantityFulfilled: shipped.get(key) ?? 0,
            quantityBilled: billed.get(key) ?? 0,
          }
        : {}),
    };
  });
}

/** A sublist as its own resource: `GET <type>/<id>/<sublist>`, lines collapsed to links unless expanded. */
export function renderSublist(
  store: RecordStore,
  record: StoredRecord,
  sublist: string,
  origin: string,
  expand: boolean,
): JsonObject {
  const self = recordUrl(origin, record.recordType, record.internalId);
  const lines = renderLines(store, record, sublist, self);
  return {
    links: [{ rel: "self", href: `${self}/${sublist}` }],
    count: lines.length,
    hasMore: false,
    offset: 0,
    totalResults: lines.length,
    items: expand ? lines : lines.map((line) => ({ links: line.links })),
  };
}

export function renderRecord(
  store: RecordStore,
  record: StoredRecord,
  origin: string,
  options: { expand: boolean; fields: readonly string[] | null },
): JsonObject {
  const type = recordType(record.recordType);
  const self = recordUrl(origin, record.recordType, record.internalId);
  const out: JsonObject = {
    links: [{ rel: "self", href: self }],
    ...renderFields(store, record.body),
    id: String(record.internalId),
    externalId: record.externalId ?? undefined,
    createdDate: new Date(record.createdAt).toISOString(),
    lastModifiedDate: new Date(record.updatedAt).toISOString(),
  };
  const tranId = tranIdOf(record);
  if (tranId) out.tranId = tranId;
  if (record.recordType === "salesOrder") out.orderStatus = orderStatus(store, record);
  if (record.recordType === "itemFulfillment" && !isObject(record.body.shipStatus)) {
    out.shipStatus = { id: "C", refName: "Shipped" };
  }
  for (const sublist of Object.keys(type.sublists)) {
    if (record.body[sublist] === undefined) continue;
    out[sublist] = options.expand
      ? renderSublist(store, record, sublist, origin, true)
      : { links: [{ rel: "self", href: `${self}/${sublist}` }] };
  }
  if (!options.fields) return out;
  const wanted = new Set(options.fields.map((f) => f.toLowerCase()));
  return Object.fromEntries(
    Object.entries(out).filter(([k]) => k === "links" || k === "id" || wanted.has(k.toLowerCase())),
  );
}
