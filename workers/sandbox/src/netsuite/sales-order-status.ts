import { type JsonObject, numberField, sublistLines } from "./json";
import { consumedBy } from "./ledger";
import type { RecordStore, StoredRecord } from "./record-store";

/**
 * A sales order's `orderStatus` from its lines and linked fulfilments and invoices. The letters are
 * NetSuite's status ids (SuiteQL shows `SalesOrd:B`); reference/erp.md marks them [unverified].
 * A: Pending Approval (not produced here), B: Pending Fulfillment, C: Cancelled (only from pending
 * approval, not produced here), D: Partially Fulfilled, E: Pending Billing/Partially Fulfilled,
 * F: Pending Billing, G: Billed, H: Closed.
 */
export interface OrderStatusRef {
  id: string;
  refName: string;
}

const STATUS: Record<string, string> = {
  B: "Pending Fulfillment",
  D: "Partially Fulfilled",
  E: "Pending Billing/Partially Fulfilled",
  F: "Pending Billing",
  G: "Billed",
  H: "Closed",
};

const ref = (id: string): OrderStatusRef => ({ id, refName: STATUS[id] ?? id });

export function orderStatus(store: RecordStore, order: StoredRecord): OrderStatusRef {
  const lines: JsonObject[] = sublistLines(order.body, "item");
  const shipped = consumedBy(store, order.internalId, "itemFulfillment");
  const billed = consumedBy(store, order.internalId, "invoice");
  let open = 0;
  let fulfilled = 0;
  let unbilled = 0;
  let allClosed = lines.length > 0;
  for (const line of lines) {
    const key = numberField(line, "line") ?? 0;
    const quantity = numberField(line, "quantity") ?? 0;
    const done = shipped.get(key) ?? 0;
    fulfilled += done;
    unbilled += Math.max(0, done - (billed.get(key) ?? 0));
    if (line.isClosed !== true) {
      allClosed = false;
      open += Math.max(0, quantity - done);
    }
  }
  if (allClosed && unbilled === 0) return ref("H");
  if (fulfilled === 0) return ref(open > 0 ? "B" : "H");
  if (open > 0) return ref(unbilled > 0 ? "E" : "D");
  return ref(unbilled > 0 ? "F" : "G");
}
