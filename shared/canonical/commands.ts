import { z } from "zod";
import { Channel } from "./order";

/**
 * Where a channel shows a SKU's stock: the channel's own ids for the item and the location the
 * quantity is set at. Shopify: `gid://shopify/InventoryItem/…` and `gid://shopify/Location/…`.
 */
export const ChannelListingRef = z.object({
  externalItemId: z.string().min(1),
  externalLocationId: z.string().min(1),
});
export type ChannelListingRef = z.infer<typeof ChannelListingRef>;

/**
 * Command from core to a channel connector: make the channel show `quantity` available for one
 * listing. Sent by the SKU's ledger after a coalesced change (one command per listing per burst).
 * `sequence` grows per listing; a connector asks core for the listing's current sequence before
 * pushing and drops a command that a newer one has superseded, so a late command never overwrites a
 * newer quantity. `id` (listing key + sequence) is the idempotency key the channel receives.
 */
export const InventorySetCommand = z.object({
  type: z.literal("inventory.set"),
  id: z.string().min(1).max(255),
  channel: Channel,
  storeId: z.string().min(1),
  sku: z.string().min(1),
  listing: ChannelListingRef,
  quantity: z.number().int().min(0),
  sequence: z.number().int().min(1),
  correlationId: z.string().min(1),
  /** When the first change coalesced into this command happened (for propagation latency). */
  changedAt: z.iso.datetime({ offset: true }),
  issuedAt: z.iso.datetime({ offset: true }),
});
export type InventorySetCommand = z.infer<typeof InventorySetCommand>;

export const ChannelCommand = z.discriminatedUnion("type", [InventorySetCommand]);
export type ChannelCommand = z.infer<typeof ChannelCommand>;

/** The natural key of a listing: one store, one SKU. */
export function listingKeyOf(storeId: string, sku: string): string {
  return `${storeId}:${sku}`;
}
