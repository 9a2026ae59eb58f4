import { duplicateExternalId, type NetSuiteErrorDetail, NONEXISTENT_ID, userError } from "./errors";
import { type JsonObject, numberField, sublistLines } from "./json";
import { remainingFor } from "./ledger";
import { checkAgainstRemaining, lineQuantities, type WriteContext } from "./record-checks";
import type { RecordStore, StoredRecord } from "./record-store";
import { recordType } from "./record-types";
import type { RecordWrites, WriteResult } from "./record-writes";
import { type TransformRule, transformRule } from "./transform-rules";
import { noLines } from "./validate";

/**
 * `POST <source>/<id>/!transform/<target>` (Oracle, "Transforming Records"). The new record starts as
 * NetSuite pre-fills it: the source's header and every source line with something left, at the
 * quantity left (a fulfilment without lines ships everything [3p]). Body lines keyed by `orderLine`
 * update those lines; `itemReceive: false` leaves one out; with `?replace=item` only the lines the
 * body names are kept. Quantities above what remains are refused, and a fulfilment with Advanced
 * Shipping off also bills what it ships.
 */
const refuse = (status: number, error: NetSuiteErrorDetail): WriteResult => ({ ok: false, status, error });

/** NetSuite field ids are case-insensitive in practice; Oracle's own example writes `itemreceive`. */
function normalized(line: JsonObject): JsonObject {
  const { itemreceive, orderline, ...rest } = line;
  return {
    ...rest,
    ...(itemreceive === undefined || rest.itemReceive !== undefined ? {} : { itemReceive: itemreceive }),
    ...(orderline === undefined || rest.orderLine !== undefined ? {} : { orderLine: orderline }),
  };
}

/** A line's amount: as the request gave it, else rate times quantity (to the cent, like NetSuite's UI). */
function withAmount(line: JsonObject, requested: JsonObject | null): JsonObject {
  if (requested && requested.amount !== undefined) return line;
  const rate = numberField(line, "rate");
  const quantity = numberField(line, "quantity");
  return rate === null || quantity === null
    ? line
    : { ...line, amount: Math.round(rate * quantity * 100) / 100 };
}

function prefilled(source: StoredRecord, rule: TransformRule, remaining: Map<number, number>): JsonObject[] {
  const out: JsonObject[] = [];
  for (const line of sublistLines(source.body, "item")) {
    const key = numberField(line, "line");
    const left = key === null ? 0 : (remaining.get(key) ?? 0);
    if (key === null || left <= 0) continue;
    const { line: _key, isClosed: _closed, ...fields } = line;
    out.push({
      ...fields,
      orderLine: key,
      quantity: left,
      ...(rule.receiveFlag ? { itemReceive: true } : {}),
    });
  }
  return out;
}

function buildLines(
  source: StoredRecord,
  rule: TransformRule,
  remaining: Map<number, number>,
  requested: JsonObject[],
  replace: boolean,
): JsonObject[] | NetSuiteErrorDetail {
  const defaults = prefilled(source, rule, remaining);
  const sourceLines = new Map(
    sublistLines(source.body, "item").map((line) => [numberField(line, "line"), line]),
  );
  const lines: JsonObject[] = replace ? [] : defaults.map((line) => withAmount(line, null));
  for (const raw of requested.map(normalized)) {
    const orderLine = numberField(raw, "orderLine");
    if (orderLine === null) {
      if (!rule.newLines) return userError("Adding new line to sublist item is not allowed.", "item");
      lines.push(withAmount(raw, raw));
      continue;
    }
    const sourceLine = sourceLines.get(orderLine);
    if (!sourceLine)
      return userError(`Line ${orderLine} does not exist on the ${source.recordType}.`, "item");
    // A line with nothing left is not pre-filled; asking for it anyway meets the quantity check.
    const { line: _key, isClosed: _closed, ...fields } = sourceLine;
    const base = defaults.find((l) => l.orderLine === orderLine) ?? {
      ...fields,
      orderLine,
      quantity: 0,
      ...(rule.receiveFlag ? { itemReceive: true } : {}),
    };
    const merged = withAmount({ ...base, ...raw }, raw);
    const at = lines.findIndex((l) => l.orderLine === orderLine);
    if (at >= 0) lines[at] = merged;
    else lines.push(merged);
  }
  return lines.filter((line) => line.itemReceive !== false);
}

export function transform(
  store: RecordStore,
  writes: RecordWrites,
  request: {
    source: string;
    sourceId: number;
    target: string;
    body: JsonObject;
    replace: ReadonlySet<string>;
  },
  ctx: WriteContext,
): WriteResult {
  const rule = transformRule(request.source, request.target);
  if (!rule)
    return refuse(400, userError(`You cannot transform a ${request.source} into a ${request.target}.`));
  const source = store.find(rule.source, { internalId: request.sourceId });
  if (!source) return refuse(404, NONEXISTENT_ID);
  const externalId = typeof request.body.externalId === "string" ? request.body.externalId : null;
  if (externalId && store.find(rule.target, { externalId }))
    return refuse(400, duplicateExternalId(externalId));

  const remaining = remainingFor(store, source, rule);
  const lines = buildLines(
    source,
    rule,
    remaining,
    sublistLines(request.body, "item"),
    request.replace.has("item"),
  );
  if (!Array.isArray(lines)) return refuse(400, lines);
  const body: JsonObject = { item: { items: lines } };
  if (lines.length === 0) return refuse(400, noLines("item"));
  const over = checkAgainstRemaining(lineQuantities(body), remaining, rule.verb);
  if (over) return refuse(400, over);

  const header: JsonObject = {};
  for (const field of rule.copy) if (source.body[field] !== undefined) header[field] = source.body[field];
  const { item: _lines, ...overrides } = request.body;
  const target = {
    ...header,
    ...overrides,
    createdFrom: { id: String(source.internalId) },
    item: { items: lines },
  };
  const created = writes.insert(recordType(rule.target), target, ctx);
  if (created.ok && rule.target === "itemFulfillment" && !ctx.settings.advancedShipping) {
    return billFulfilment(writes, source, target, created, ctx);
  }
  return created;
}

/** Advanced Shipping off: NetSuite bills at fulfilment, so the shipped lines become an invoice too. */
function billFulfilment(
  writes: RecordWrites,
  source: StoredRecord,
  shipped: JsonObject,
  created: WriteResult,
  ctx: WriteContext,
): WriteResult {
  const lines = sublistLines(shipped, "item").map(({ itemReceive: _flag, ...line }) => line);
  const invoice: JsonObject = { createdFrom: { id: String(source.internalId) }, item: { items: lines } };
  for (const field of ["entity", "currency", "subsidiary", "tranDate"]) {
    if (shipped[field] !== undefined) invoice[field] = shipped[field];
  }
  const billed = writes.insert(recordType("invoice"), invoice, ctx);
  return billed.ok ? created : billed;
}
