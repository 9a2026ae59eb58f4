import { z } from "zod";

/**
 * Canonical inventory adjustment v1: a change of on-hand that did not come from an order (a count, a
 * damaged unit, a found one). Natural key: externalId (the mesh adjustment id).
 */
export const InventoryAdjustment = z.object({
  externalId: z.string().min(1),
  sku: z.string().min(1),
  locationId: z.string().min(1),
  quantityDelta: z
    .number()
    .int()
    .refine((n) => n !== 0, "a zero adjustment changes nothing"),
  reason: z.string(),
  occurredAt: z.iso.datetime({ offset: true }),
});
export type InventoryAdjustment = z.infer<typeof InventoryAdjustment>;
