import { z } from "@hono/zod-openapi";

export const SkuParams = z.object({
  sku: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: "sku", in: "path" }, example: "IPOD2008GREEN" }),
});

export const AdjustmentBody = z
  .object({
    sku: z.string().min(1).max(200).openapi({ example: "IPOD2008GREEN" }),
    location: z.string().min(1).max(100).default("default").openapi({ example: "default" }),
    set: z.number().int().min(0).optional().openapi({ description: "The counted on-hand (absolute)." }),
    delta: z
      .number()
      .int()
      .optional()
      .openapi({ description: "A change to on-hand: receipt (+) or loss (-)." }),
    sequence: z
      .number()
      .int()
      .min(0)
      .optional()
      .openapi({ description: "For counts: the sender's version; an older count is recorded, not applied." }),
    reason: z.string().min(1).max(500).openapi({ example: "cycle count" }),
    source: z
      .enum(["manual", "warehouse", "erp"])
      .default("manual")
      .openapi({
        description:
          "Where the change comes from. Changes from the warehouse or made by hand are posted to the ERP as an " +
          "inventory adjustment (the ERP values stock); changes that come from the ERP itself are not sent back.",
      }),
  })
  .refine((b) => (b.set === undefined) !== (b.delta === undefined), {
    message: "give exactly one of set or delta",
    path: ["set"],
  })
  .openapi("InventoryAdjustment");

const Reservation = z.object({
  lineKey: z.string().openapi({ description: "channel:store:order:line" }),
  orderRef: z.string(),
  quantity: z.number().int(),
  status: z.enum(["reserved", "short", "untracked", "released"]),
});

export const InventoryView = z
  .object({
    sku: z.string(),
    onHand: z.number().int().nullable().openapi({ description: "Null while no count is known." }),
    reserved: z.number().int(),
    available: z.number().int().nullable().openapi({ description: "On hand minus reserved." }),
    locations: z.array(z.object({ location: z.string(), onHand: z.number().int() })),
    reservations: z.array(Reservation),
  })
  .openapi("Inventory");

export const AdjustmentAnswer = z
  .object({
    applied: z.boolean().openapi({ description: "False for a count older than the last one applied." }),
    inventory: InventoryView,
  })
  .openapi("AdjustmentResult");
