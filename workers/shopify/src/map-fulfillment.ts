import type { Fulfillment, FulfillmentLine, Package } from "../../../shared/canonical";
import type { ShopifyFulfillment } from "./schema-fulfillment";

/**
 * A Shopify fulfilment as the canonical Fulfillment, or null when none of its lines carries a unit
 * (a fulfilment ships at least one). Lines name the order line by Shopify's line item id, so the ERP
 * finds the sales order line the order event created. The location is Shopify's location id as
 * text: the connection's location mappings turn it into a warehouse.
 */
export function mapShopifyFulfillment(f: ShopifyFulfillment, storeId: string): Fulfillment | null {
  const lines: FulfillmentLine[] = f.line_items
    .filter((li) => li.quantity > 0)
    .map((li) => ({ externalLineId: li.id, sku: li.sku || null, quantity: li.quantity }));
  if (lines.length === 0) return null;
  return {
    channel: "shopify",
    storeId,
    orderExternalId: f.order_id,
    externalId: f.id,
    status: fulfillmentStatus(f),
    locationId: f.location_id ?? null,
    lines,
    packages: packagesOf(f),
    shippedAt: f.created_at,
    sourceUpdatedAt: f.updated_at,
  };
}

/**
 * Shopify's status says whether the fulfilment happened; `shipment_status` is the carrier's last
 * word on it. `pending` and `open` (deprecated in the GraphQL enum, still sent over REST) have not
 * shipped yet. `error` and `failure` are fulfilment requests that failed: nothing left the
 * building, so for the ERP they are as void as a cancelled one.
 */
function fulfillmentStatus(f: ShopifyFulfillment): Fulfillment["status"] {
  switch (f.status) {
    case "pending":
    case "open":
      return "pending";
    case "success":
      return f.shipment_status === "delivered" ? "delivered" : "shipped";
    case "cancelled":
    case "error":
    case "failure":
      return "cancelled";
  }
}

/**
 * One package per tracking number. Shopify keeps `tracking_urls` parallel to `tracking_numbers`
 * (one URL per number) and applies `tracking_company` to all of them. Should the two lists differ
 * in length, they are still paired by position and nothing is dropped: the extra entries become
 * packages with only a number or only a URL. Payloads with just the singular fields are one
 * package; a carrier with no number at all still names the carrier.
 */
function packagesOf(f: ShopifyFulfillment): Package[] {
  const numbers =
    f.tracking_numbers.length > 0 ? f.tracking_numbers : f.tracking_number ? [f.tracking_number] : [];
  const urls = f.tracking_urls.length > 0 ? f.tracking_urls : f.tracking_url ? [f.tracking_url] : [];
  const carrier = f.tracking_company || null;
  const count = Math.max(numbers.length, urls.length);
  if (count === 0)
    return carrier ? [{ carrier, service: null, trackingNumber: null, trackingUrl: null }] : [];
  return Array.from({ length: count }, (_, i) => ({
    carrier,
    // Shopify has no carrier service level on a fulfilment (`service` is the fulfilment service).
    service: null,
    trackingNumber: numbers[i] || null,
    trackingUrl: urls[i] || null,
  }));
}
