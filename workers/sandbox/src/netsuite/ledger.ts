import { isObject, type JsonObject, numberField, sublistLines } from "./json";
import type { RecordStore, StoredRecord } from "./record-store";
import type { TransformRule } from "./transform-rules";

/**
 * Quantities NetSuite derives from linked transactions: how much of each sales order line was
 * fulfilled or billed, how much of each return authorization line was received or credited, and
 * on-hand per item and location. Computed from the stored records on every read, so an update or a
 * replaced record can never leave a stale running total behind.
 */
export function consumedBy(
  store: RecordStore,
  sourceId: number,
  targetType: string,
  excludeId: number | null = null,
): Map<number, number> {
  const used = new Map<number, number>();
  for (const record of store.createdFrom(targetType, sourceId)) {
    if (record.internalId === excludeId) continue;
    for (const line of sublistLines(record.body, "item")) {
      const orderLine = numberField(line, "orderLine");
      const quantity = numberField(line, "quantity") ?? 0;
      if (orderLine !== null) used.set(orderLine, (used.get(orderLine) ?? 0) + quantity);
    }
  }
  return used;
}

/** Per source line key: how much the rule's target may still take. */
export function remainingFor(
  store: RecordStore,
  source: StoredRecord,
  rule: TransformRule,
  excludeId: number | null = null,
): Map<number, number> {
  const used = consumedBy(store, source.internalId, rule.target, excludeId);
  const fulfilled =
    source.recordType === "salesOrder"
      ? consumedBy(store, source.internalId, "itemFulfillment")
      : new Map<number, number>();
  const remaining = new Map<number, number>();
  for (const line of sublistLines(source.body, "item")) {
    const key = numberField(line, "line");
    if (key === null) continue;
    const left = rule.base(line, fulfilled.get(key) ?? 0) - (used.get(key) ?? 0);
    remaining.set(key, Math.max(0, left));
  }
  return remaining;
}

type RefResolver = (kind: string, ref: JsonObject) => { id: string };

/** One stock movement: +received/adjusted, -shipped. */
interface Movement {
  item: string;
  location: string;
  quantity: number;
}

function movements(record: StoredRecord, resolve: RefResolver): Movement[] {
  const sign = record.recordType === "itemFulfillment" ? -1 : 1;
  const sublist = record.recordType === "inventoryAdjustment" ? "inventory" : "item";
  const headerLocation = record.body.adjLocation ?? record.body.location;
  const out: Movement[] = [];
  for (const line of sublistLines(record.body, sublist)) {
    const qty = numberField(line, sublist === "inventory" ? "adjustQtyBy" : "quantity");
    const location = line.location ?? headerLocation;
    if (qty === null || !isObject(line.item) || !isObject(location)) continue;
    out.push({
      item: resolve("item", line.item).id,
      location: resolve("location", location).id,
      quantity: sign * qty,
    });
  }
  return out;
}

export interface OnHandRow {
  item: string;
  location: string;
  quantityOnHand: number;
}

/** On hand per item and location: adjustments and receipts add, fulfilments take away. */
export function onHand(store: RecordStore, resolve: RefResolver): OnHandRow[] {
  const totals = new Map<string, OnHandRow>();
  for (const type of ["inventoryAdjustment", "itemReceipt", "itemFulfillment"]) {
    for (const record of store.ofType(type)) {
      for (const m of movements(record, resolve)) {
        const key = `${m.item}|${m.location}`;
        const row = totals.get(key) ?? { item: m.item, location: m.location, quantityOnHand: 0 };
        row.quantityOnHand += m.quantity;
        totals.set(key, row);
      }
    }
  }
  return [...totals.values()].sort(
    (a, b) => Number(a.item) - Number(b.item) || Number(a.location) - Number(b.location),
  );
}
