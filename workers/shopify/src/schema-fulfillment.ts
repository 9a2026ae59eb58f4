import { z } from "zod";
import { Id, list, Timestamp, text } from "./schema-primitives";

/**
 * The parts of Shopify's REST Fulfillment resource (the body of `fulfillments/create` and
 * `fulfillments/update`) that the mapping reads. `status` is closed: a value Shopify adds later is
 * parked for a person to look at instead of being guessed into shipped or not.
 */
export const ShopifyFulfillmentStatus = z.enum([
  "pending",
  "open",
  "success",
  "cancelled",
  "error",
  "failure",
]);
export type ShopifyFulfillmentStatus = z.infer<typeof ShopifyFulfillmentStatus>;

export const ShopifyFulfillmentLine = z.object({
  id: Id,
  sku: text,
  /** Units of the order line in this fulfilment, not the line's ordered quantity. */
  quantity: z.number().int().nonnegative(),
});
export type ShopifyFulfillmentLine = z.infer<typeof ShopifyFulfillmentLine>;

export const ShopifyFulfillment = z.object({
  id: Id,
  order_id: Id,
  status: ShopifyFulfillmentStatus,
  /** The carrier's last tracking event (`delivered`, `in_transit`, ...), null until it reports one. */
  shipment_status: text,
  created_at: Timestamp,
  updated_at: Timestamp,
  location_id: Id.nullish(),
  line_items: z.array(ShopifyFulfillmentLine),
  tracking_company: text,
  /** One per package; `tracking_urls` runs parallel to it. The singular twins predate multi-package. */
  tracking_numbers: list(z.string()),
  tracking_urls: list(z.string()),
  tracking_number: text,
  tracking_url: text,
  name: text,
});
export type ShopifyFulfillment = z.infer<typeof ShopifyFulfillment>;
