import { z } from "zod";
import { Channel } from "./order";

/** A line shipped in a fulfilment: the order line it comes from (by the channel's line id) and how many. */
export const FulfillmentLine = z.object({
  externalLineId: z.string().min(1),
  sku: z.string().nullable(),
  quantity: z.number().int().positive(),
});
export type FulfillmentLine = z.infer<typeof FulfillmentLine>;

/** One parcel. A fulfilment may ship in several, each with its own carrier and tracking number. */
export const Package = z.object({
  carrier: z.string().nullable(),
  service: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  trackingUrl: z.string().nullable(),
});
export type Package = z.infer<typeof Package>;

/**
 * Canonical fulfilment (shipment) v1: some or all of an order's lines leaving a location. Natural key:
 * channel + storeId + orderExternalId + externalId. A partial shipment is simply a fulfilment whose
 * quantities are below the order's; the ERP receives one document per fulfilment.
 */
export const Fulfillment = z.object({
  channel: Channel,
  storeId: z.string().min(1),
  orderExternalId: z.string().min(1),
  externalId: z.string().min(1),
  status: z.enum(["pending", "shipped", "delivered", "cancelled"]),
  /** The mesh location the goods left from; mapped to an ERP warehouse per connection. */
  locationId: z.string().nullable(),
  lines: z.array(FulfillmentLine).min(1),
  packages: z.array(Package),
  shippedAt: z.iso.datetime({ offset: true }),
  sourceUpdatedAt: z.iso.datetime({ offset: true }),
});
export type Fulfillment = z.infer<typeof Fulfillment>;
