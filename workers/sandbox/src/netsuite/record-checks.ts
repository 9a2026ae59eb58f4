import { closedPeriod, invalidReference, type NetSuiteErrorDetail, userError } from "./errors";
import { isObject, type JsonObject, numberField, referencedId, sublistLines } from "./json";
import { consumedBy, remainingFor } from "./ledger";
import type { RecordStore, StoredRecord } from "./record-store";
import type { RecordTypeInfo } from "./record-types";
import type { AccountSettings } from "./settings";
import { transformRule } from "./transform-rules";
import type { Problem } from "./validate";
import {
  validateCreditMemo,
  validateCustomerRefund,
  validateInventoryAdjustment,
  validateJournalEntry,
} from "./validate-finance";
import {
  checkItemLines,
  validateCustomer,
  validateCustomerDeposit,
  validateSalesOrder,
} from "./validate-sales";

/**
 * Everything a write must pass before it is stored, in NetSuite's order of complaint: the body's own
 * fields, the posting period, references to other transactions, then the quantity rules that tie
 * linked transactions together (no fulfilling more than remains, no cutting an order below what
 * already shipped).
 */
export interface WriteContext {
  now: number;
  settings: AccountSettings;
}

const VALIDATORS: Record<string, (body: JsonObject) => Problem> = {
  customer: validateCustomer,
  salesOrder: validateSalesOrder,
  customerDeposit: validateCustomerDeposit,
  itemFulfillment: (body) => checkItemLines(body, true),
  invoice: (body) => checkItemLines(body, true),
  returnAuthorization: (body) => checkItemLines(body, true),
  itemReceipt: (body) => checkItemLines(body, true),
  creditMemo: validateCreditMemo,
  customerRefund: validateCustomerRefund,
  journalEntry: validateJournalEntry,
  inventoryAdjustment: validateInventoryAdjustment,
};

export function today(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

export function checkRecord(
  store: RecordStore,
  type: RecordTypeInfo,
  body: JsonObject,
  ctx: WriteContext,
  self: StoredRecord | null,
): NetSuiteErrorDetail | null {
  const validate = VALIDATORS[type.name];
  const own = validate ? validate(body) : null;
  if (own) return own;
  const closedBefore = ctx.settings.closedPeriodsBefore;
  if (type.transactionType && closedBefore) {
    const date = typeof body.tranDate === "string" ? body.tranDate : today(ctx.now);
    if (date < closedBefore) return closedPeriod(date);
  }
  return checkLinks(store, type, body) ?? checkQuantities(store, type, body, self);
}

function findLinked(store: RecordStore, types: readonly string[], ref: unknown): StoredRecord | null {
  if (!isObject(ref)) return null;
  for (const type of types) {
    const found =
      typeof ref.externalId === "string"
        ? store.find(type, { externalId: ref.externalId })
        : store.find(type, { internalId: referencedId(ref) ?? -1 });
    if (found) return found;
  }
  return null;
}

function checkLinks(store: RecordStore, type: RecordTypeInfo, body: JsonObject): Problem {
  if (type.name === "customerDeposit" && body.salesOrder !== undefined) {
    if (!findLinked(store, ["salesOrder"], body.salesOrder)) {
      return invalidReference("salesOrder", refValue(body.salesOrder), "salesOrder");
    }
  }
  if (type.name !== "customerRefund") return null;
  const customer = store.resolveRef("customer", isObject(body.customer) ? body.customer : {}).id;
  for (const [index, line] of sublistLines(body, "apply").entries()) {
    if (line.apply === false) continue;
    const doc = findLinked(store, ["creditMemo", "customerDeposit"], line.doc);
    const path = `apply.items[${index}].doc`;
    if (!doc) return invalidReference("doc", refValue(line.doc), path);
    const owner = doc.body.entity ?? doc.body.customer;
    if (!isObject(owner) || store.resolveRef("customer", owner).id !== customer) {
      return userError("You can only apply credits of the refund's own customer.", path);
    }
  }
  return null;
}

function checkQuantities(
  store: RecordStore,
  type: RecordTypeInfo,
  body: JsonObject,
  self: StoredRecord | null,
): Problem {
  if (type.name === "salesOrder" && self) {
    const shipped = consumedBy(store, self.internalId, "itemFulfillment");
    for (const [index, line] of sublistLines(body, "item").entries()) {
      const key = numberField(line, "line");
      const quantity = numberField(line, "quantity") ?? 0;
      const fulfilled = key === null ? 0 : (shipped.get(key) ?? 0);
      if (quantity < fulfilled) {
        return userError(
          `The quantity ${quantity} is less than the quantity already fulfilled (${fulfilled}).`,
          `item.items[${index}].quantity`,
        );
      }
    }
  }
  const sourceId = referencedId(body.createdFrom);
  const source = sourceId === null ? null : store.findById(sourceId);
  const rule = source ? transformRule(source.recordType, type.name) : null;
  if (!source || !rule) return null;
  return checkAgainstRemaining(
    lineQuantities(body),
    remainingFor(store, source, rule, self?.internalId ?? null),
    rule.verb,
  );
}

/** Quantity per source line key, with the index of the last line that names it (for the error path). */
export function lineQuantities(body: JsonObject): Map<number, { quantity: number; index: number }> {
  const out = new Map<number, { quantity: number; index: number }>();
  for (const [index, line] of sublistLines(body, "item").entries()) {
    const orderLine = numberField(line, "orderLine");
    if (orderLine === null) continue;
    const prior = out.get(orderLine)?.quantity ?? 0;
    out.set(orderLine, { quantity: prior + (numberField(line, "quantity") ?? 0), index });
  }
  return out;
}

export function checkAgainstRemaining(
  wanted: Map<number, { quantity: number; index: number }>,
  remaining: Map<number, number>,
  verb: string,
): Problem {
  for (const [orderLine, { quantity, index }] of wanted) {
    const left = remaining.get(orderLine) ?? 0;
    if (quantity > left) {
      return userError(
        `You cannot ${verb} more than the remaining quantity: line ${orderLine} has ${left} left, ${quantity} requested.`,
        `item.items[${index}].quantity`,
      );
    }
  }
  return null;
}

function refValue(ref: unknown): unknown {
  return isObject(ref) ? (ref.id ?? ref.externalId) : ref;
}
