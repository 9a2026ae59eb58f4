import type { ShopifyLineItem, ShopifyOrder } from "./schema";

/** Fulfilments in these states never shipped anything; their units are still open. */
const NOT_SHIPPED = new Set(["cancelled", "error", "failure"]);

/**
 * Units of each line removed after the order was placed (a partial cancellation), by line id.
 *
 * Shopify's REST line item carries `current_quantity` from API version 2024-01 on: `quantity` minus
 * the units removed by order edits and refunds (changelog "Addition of LineItem current_quantity on
 * Admin REST API"). A refund also removes units that had already shipped and came back; those are
 * returns, not cancellations, and reach the ERP as refund and return records. So the removed units
 * count as cancelled only up to the units that never left: `quantity` minus what the order's own
 * fulfilments (`fulfillments[].line_items`) shipped or are shipping. Payloads of older API
 * versions have no `current_quantity`: nothing is known to be cancelled, and the line says 0.
 */
export function cancelledQuantities(order: ShopifyOrder): Map<string, number> {
  const shipped = shippedUnits(order);
  const cancelled = new Map<string, number>();
  for (const line of order.line_items)
    cancelled.set(line.id, cancelledUnits(line, shipped.get(line.id) ?? 0));
  return cancelled;
}

function cancelledUnits(line: ShopifyLineItem, shipped: number): number {
  if (line.current_quantity === null || line.current_quantity === undefined) return 0;
  const removed = Math.max(0, line.quantity - line.current_quantity);
  const neverShipped = Math.max(0, line.quantity - shipped);
  return Math.min(removed, neverShipped);
}

function shippedUnits(order: ShopifyOrder): Map<string, number> {
  const units = new Map<string, number>();
  for (const fulfillment of order.fulfillments) {
    if (NOT_SHIPPED.has(fulfillment.status ?? "")) continue;
    for (const item of fulfillment.line_items) units.set(item.id, (units.get(item.id) ?? 0) + item.quantity);
  }
  return units;
}
