import { z } from "zod";
import { Channel } from "./order";

/** What happens to a returned unit once inspected. */
export const Disposition = z.enum(["restock", "damaged", "dispose"]);
export type Disposition = z.infer<typeof Disposition>;

export const ReturnLine = z.object({
  /** The order line being returned, by the channel's line id. */
  externalLineId: z.string().min(1),
  sku: z.string().nullable(),
  quantity: z.number().int().positive(),
  reason: z.string().nullable(),
  /** Units that have arrived back; 0 until the item receipt. */
  receivedQuantity: z.number().int().nonnegative(),
  disposition: Disposition.nullable(),
});
export type ReturnLine = z.infer<typeof ReturnLine>;

/**
 * Canonical return v1: authorization first (lines and reasons), then receipt (received quantities and
 * disposition). Natural key: channel + storeId + orderExternalId + externalId. The ERP gets a return
 * authorization when it is authorized and an item receipt once something has been received.
 */
export const Return = z
  .object({
    channel: Channel,
    storeId: z.string().min(1),
    orderExternalId: z.string().min(1),
    externalId: z.string().min(1),
    /** The returns platform's number a customer sees (RMA). */
    rmaNumber: z.string().nullable(),
    status: z.enum(["requested", "authorized", "received", "closed", "cancelled"]),
    /** The mesh location goods come back to. */
    locationId: z.string().nullable(),
    lines: z.array(ReturnLine).min(1),
    authorizedAt: z.iso.datetime({ offset: true }),
    receivedAt: z.iso.datetime({ offset: true }).nullable(),
    sourceUpdatedAt: z.iso.datetime({ offset: true }),
  })
  .refine((r) => r.lines.every((l) => l.receivedQuantity <= l.quantity), {
    message: "a line cannot receive more units than were authorized",
    path: ["lines"],
  });
export type Return = z.infer<typeof Return>;
