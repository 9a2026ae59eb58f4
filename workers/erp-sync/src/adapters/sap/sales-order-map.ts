import { formatDecimal, type Order, type OrderLine } from "../../../../../shared/canonical";
import type { ErpMappings } from "../../../../../shared/erp";
import type { SapConfig } from "./config";
import { materialOf } from "./mapping";
import { edmDate } from "./odata";

/**
 * Canonical order to an A_SalesOrder deep insert. Pure: it never refuses an order, SAP does, and its
 * message is what a person sees on the parked row.
 *
 * - Items are numbered 10, 20, ... in the order's line order, so later changes find them again.
 * - The channel's price is the item's PPR0 condition, given as the line's net value per the line's
 *   quantity (ConditionRateValue per ConditionQuantity units): exact in minor units, discounts
 *   included, and it keeps the unit price when SAP reduces the quantity.
 * - Tax is left to SAP's tax determination; tax-inclusive lines go net of their tax lines.
 * - Shipping becomes an item of the material mapped for the SKU `SHIPPING` (a service material),
 *   when the connection maps one; otherwise it is not sent.
 * - Units already cancelled are left out of RequestedQuantity; a fully cancelled line is created
 *   rejected (SalesDocumentRjcnReason).
 */
export const REJECTION_REASON = "10";
export const SHIPPING_SKU = "SHIPPING";

const sum = (items: readonly { amount: { amount: number } }[]) =>
  items.reduce((t, i) => t + i.amount.amount, 0);

export function lineNet(line: OrderLine, taxesIncluded: boolean): number {
  return (
    line.unitPrice.amount * line.quantity -
    sum(line.discountAllocations) -
    (taxesIncluded ? sum(line.taxLines) : 0)
  );
}

export function itemNumber(index: number): string {
  return String((index + 1) * 10);
}

export function openQuantity(line: OrderLine, orderCancelled: boolean): number {
  return orderCancelled ? 0 : Math.max(0, line.quantity - line.cancelledQuantity);
}

function price(net: number, per: number, currency: string) {
  return [
    {
      ConditionType: "PPR0",
      ConditionRateValue: formatDecimal(net, currency),
      ConditionCurrency: currency,
      ConditionQuantity: String(per),
    },
  ];
}

export function mapSalesOrder(
  order: Order,
  config: SapConfig,
  mappings: ErpMappings,
  soldTo: string,
  reference: string,
) {
  const cancelled = order.status === "cancelled";
  const items: Record<string, unknown>[] = order.lines.map((line, index) => {
    const open = openQuantity(line, cancelled);
    return {
      SalesOrderItem: itemNumber(index),
      Material: line.sku ? materialOf(mappings, line.sku) : "",
      SalesOrderItemText: (line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title).slice(
        0,
        40,
      ),
      RequestedQuantity: String(open > 0 ? open : line.quantity),
      RequestedQuantityUnit: "EA",
      ...(open === 0 ? { SalesDocumentRjcnReason: REJECTION_REASON } : {}),
      to_PricingElement: price(lineNet(line, order.taxesIncluded), line.quantity, order.currency),
    };
  });
  const shipping = order.shippingLines.reduce(
    (t, s) => t + s.price.amount - sum(s.discountAllocations) - (order.taxesIncluded ? sum(s.taxLines) : 0),
    0,
  );
  const shippingMaterial = mappings.item[SHIPPING_SKU];
  if (shipping > 0 && shippingMaterial) {
    items.push({
      SalesOrderItem: itemNumber(order.lines.length),
      Material: shippingMaterial.toUpperCase(),
      SalesOrderItemText: "Shipping",
      RequestedQuantity: "1",
      RequestedQuantityUnit: "EA",
      ...(cancelled ? { SalesDocumentRjcnReason: REJECTION_REASON } : {}),
      to_PricingElement: price(shipping, 1, order.currency),
    });
  }
  return {
    SalesOrderType: config.settings.salesOrderType,
    SalesOrganization: config.settings.salesOrganization,
    DistributionChannel: config.settings.distributionChannel,
    OrganizationDivision: config.settings.organizationDivision,
    SoldToParty: soldTo,
    PurchaseOrderByCustomer: reference,
    CustomerPurchaseOrderDate: edmDate(order.placedAt),
    SalesOrderDate: edmDate(order.placedAt),
    TransactionCurrency: order.currency,
    to_Item: items,
  };
}
