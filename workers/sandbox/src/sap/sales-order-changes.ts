import { formatDecimal, parseDecimal } from "../../../../shared/canonical";
import { deliveredKey, deliveredQuantities } from "./delivered";
import { decimal, type JsonObject, quantityText, text } from "./json";
import { MSG } from "./messages";
import { fail, type ODataEntity, type Outcome, type ServiceContext } from "./service-context";

/**
 * Changes to a sales order SAP accepts through API_SALES_ORDER_SRV: a few header fields, and per item
 * the quantity (never below what is delivered; the net value follows at the same unit price) and the
 * rejection reason (not for an item that is fully delivered). Anything else is refused by field name.
 */
const HEADER_UPDATABLE = new Set([
  "PurchaseOrderByCustomer",
  "CustomerPurchaseOrderDate",
  "HeaderBillingBlockReason",
  "DeliveryBlockReason",
  "RequestedDeliveryDate",
]);

export function updateHeader(ctx: ServiceContext, target: ODataEntity, changes: JsonObject): Outcome<null> {
  const doc = ctx.store.get("sales_order", target.source.id);
  if (!doc) return fail(MSG.documentNotFound(target.source.id), 404);
  for (const field of Object.keys(changes)) {
    if (field === "__metadata" || field === "SalesOrder") continue;
    if (!HEADER_UPDATABLE.has(field)) return fail(MSG.notChangeable(field));
    if (field === "PurchaseOrderByCustomer" && text(changes, field).length > 35)
      return fail(MSG.tooLong(field, 35));
    doc.header[field] = changes[field];
  }
  doc.refKey = text(doc.header, "PurchaseOrderByCustomer") || null;
  ctx.store.update(doc, ctx.now);
  return { ok: true, value: null };
}

export function updateItem(ctx: ServiceContext, target: ODataEntity, changes: JsonObject): Outcome<null> {
  const doc = ctx.store.get("sales_order", target.source.id);
  const item = doc?.items.find((i) => text(i, "SalesOrderItem") === target.source.item);
  if (!doc || !item) return fail(MSG.itemNotFound(target.source.id, target.source.item ?? ""), 404);
  const number = text(item, "SalesOrderItem");
  const delivered = deliveredQuantities(ctx.store).get(deliveredKey(doc.id, number)) ?? 0;
  for (const field of Object.keys(changes)) {
    if (field === "__metadata" || field === "SalesOrder" || field === "SalesOrderItem") continue;
    if (field === "RequestedQuantity") {
      const quantity = decimal(changes, field);
      if (quantity === null || quantity <= 0) return fail(MSG.invalidQuantity(number));
      if (quantity < delivered) return fail(MSG.belowDelivered(number, quantityText(delivered)));
      // The price per unit stays; the net value follows the quantity, exact in minor units.
      const currency = text(item, "TransactionCurrency");
      const net = parseDecimal(text(item, "NetAmount") || "0", currency);
      item.NetAmount = formatDecimal(
        Math.round((net * quantity) / (decimal(item, "RequestedQuantity") || 1)),
        currency,
      );
      item.RequestedQuantity = quantityText(quantity);
    } else if (field === "SalesDocumentRjcnReason") {
      if (text(changes, field) && delivered >= (decimal(item, "RequestedQuantity") ?? 0))
        return fail(MSG.fullyDelivered(number));
      item.SalesDocumentRjcnReason = text(changes, field);
    } else if (field === "SalesOrderItemText") {
      item.SalesOrderItemText = text(changes, field);
    } else return fail(MSG.notChangeable(field));
  }
  ctx.store.update(doc, ctx.now);
  return { ok: true, value: null };
}
