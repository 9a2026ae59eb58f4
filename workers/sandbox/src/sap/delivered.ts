import type { DocumentStore } from "./document-store";
import { decimal, text } from "./json";

/**
 * Quantities delivered per sales order item, from the outbound deliveries that reference it. SAP's
 * delivery status counts delivered quantities whether or not goods issue is posted yet; `issuedOnly`
 * counts only deliveries whose goods issue is posted (what has actually left the warehouse).
 */
export function deliveredQuantities(store: DocumentStore, issuedOnly = false): Map<string, number> {
  const totals = new Map<string, number>();
  for (const delivery of store.list("outbound_delivery")) {
    if (issuedOnly && text(delivery.header, "OverallGoodsMovementStatus") !== "C") continue;
    for (const item of delivery.items) {
      const key = `${text(item, "ReferenceSDDocument")}/${text(item, "ReferenceSDDocumentItem")}`;
      totals.set(key, (totals.get(key) ?? 0) + (decimal(item, "ActualDeliveryQuantity") ?? 0));
    }
  }
  return totals;
}

export function deliveredKey(salesOrder: string, item: string): string {
  return `${salesOrder}/${item}`;
}
