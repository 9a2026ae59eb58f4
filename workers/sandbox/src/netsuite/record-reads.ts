import type { RecordKey, RecordStore } from "./record-store";
import { recordTypeOf } from "./record-types";
import { renderRecord, renderSublist } from "./render";

/**
 * GET answers as JSON text (RPC cannot type an open JSON object), or null when NetSuite would answer
 * 404: no such record, no such sublist on its type, or no line with that key.
 */
export function readRecordJson(
  store: RecordStore,
  type: string,
  key: RecordKey,
  origin: string,
  options: { expand: boolean; fields: string[] | null },
): string | null {
  const record = store.find(type, key);
  return record ? JSON.stringify(renderRecord(store, record, origin, options)) : null;
}

export function readSublistJson(
  store: RecordStore,
  request: { type: string; key: RecordKey; sublist: string; line: number | null },
  origin: string,
  expand: boolean,
): string | null {
  const record = store.find(request.type, request.key);
  const info = recordTypeOf(request.type);
  if (!record || !info || !(request.sublist in info.sublists)) return null;
  if (request.line === null)
    return JSON.stringify(renderSublist(store, record, request.sublist, origin, expand));
  const lines = renderSublist(store, record, request.sublist, origin, true).items;
  const found = Array.isArray(lines)
    ? lines.find((l) => typeof l === "object" && l !== null && "line" in l && l.line === request.line)
    : undefined;
  return found ? JSON.stringify(found) : null;
}
