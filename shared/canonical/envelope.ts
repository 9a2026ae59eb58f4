import { z } from "zod";
import { Fulfillment } from "./fulfillment";
import { Order } from "./order";
import { Refund } from "./refund";
import { Return } from "./return";

export const SCHEMA_VERSION = 1 as const;

/** Where a canonical event came from at the edge: enough to find the raw delivery again. */
export const Intake = z.object({
  deliveryId: z.string(),
  topic: z.string(),
  receivedAt: z.iso.datetime({ offset: true }),
  archiveKey: z.string().nullable(),
});
export type Intake = z.infer<typeof Intake>;

const envelopeFields = {
  /** Unique per event; consumers dedupe on it. Derived deterministically from the delivery. */
  id: z.string().min(1),
  source: z.string().min(1),
  storeId: z.string().min(1),
  correlationId: z.string().min(1),
  occurredAt: z.iso.datetime({ offset: true }),
  receivedAt: z.iso.datetime({ offset: true }),
  schemaVersion: z.literal(SCHEMA_VERSION),
  intake: Intake.nullable(),
};

export const OrderCreated = z.object({ ...envelopeFields, type: z.literal("order.created"), data: Order });
export const OrderUpdated = z.object({ ...envelopeFields, type: z.literal("order.updated"), data: Order });
export const OrderCancelled = z.object({
  ...envelopeFields,
  type: z.literal("order.cancelled"),
  data: Order,
});

/** A shipment created or changed (tracking added, delivered, cancelled): upserted on its natural key. */
export const FulfillmentUpserted = z.object({
  ...envelopeFields,
  type: z.literal("fulfillment.upserted"),
  data: Fulfillment,
});
/** A return authorized, received or closed: upserted on its natural key. */
export const ReturnUpserted = z.object({
  ...envelopeFields,
  type: z.literal("return.upserted"),
  data: Return,
});
/** Money credited back to the buyer. Refunds are immutable once made; a repeat is a duplicate. */
export const RefundCreated = z.object({ ...envelopeFields, type: z.literal("refund.created"), data: Refund });

/** One ERP's on-hand as read back on a schedule: a page of levels per item and ERP warehouse. */
export const ErpOnHandLevel = z.object({
  sku: z.string().min(1),
  /** The mesh location the ERP warehouse maps to, when the connection maps it. */
  locationId: z.string().nullable(),
  erpLocation: z.string(),
  onHand: z.number(),
});
export type ErpOnHandLevel = z.infer<typeof ErpOnHandLevel>;

/** ERP read-back is about an ERP account, not a store: these events carry the connection instead. */
const erpEnvelopeFields = { ...envelopeFields, storeId: z.null(), connectionId: z.string().min(1) };

export const ErpInventoryObserved = z.object({
  ...erpEnvelopeFields,
  type: z.literal("erp.inventory.observed"),
  data: z.object({
    system: z.string(),
    observedAt: z.iso.datetime({ offset: true }),
    levels: z.array(ErpOnHandLevel),
  }),
});

export const ErpOrderStatusObserved = z.object({
  ...erpEnvelopeFields,
  type: z.literal("erp.order_status.observed"),
  data: z.object({
    system: z.string(),
    observedAt: z.iso.datetime({ offset: true }),
    orders: z.array(
      z.object({
        docKey: z.string(),
        erpId: z.string(),
        status: z.enum(["open", "partially_fulfilled", "fulfilled", "cancelled", "closed"]),
        shipped: z.array(z.object({ sku: z.string(), quantity: z.number() })),
      }),
    ),
  }),
});

/**
 * Asks the named SKUs' ledgers to re-read their policy and push any listing whose quantity moved: sent
 * by core itself after a change to listings, allocation rules, safety stock or store settings.
 */
export const InventoryResyncRequested = z.object({
  ...envelopeFields,
  storeId: z.null(),
  type: z.literal("inventory.resync_requested"),
  data: z.object({
    reason: z.string(),
    skus: z.array(z.string().min(1)).min(1).max(100),
    /** Push this store's listings of these SKUs even where the quantity did not move (its pushes failed). */
    forceStoreId: z.string().min(1).optional(),
  }),
});

/** A verified delivery whose topic the connector does not handle: recorded, never retried. */
export const DeliveryUnsupported = z.object({
  ...envelopeFields,
  type: z.literal("delivery.unsupported"),
  data: z.object({ channel: z.string(), topic: z.string() }),
});

/** The canonical event envelope: a discriminated union on the dotted `type`. */
export const MeshEvent = z.discriminatedUnion("type", [
  OrderCreated,
  OrderUpdated,
  OrderCancelled,
  FulfillmentUpserted,
  ReturnUpserted,
  RefundCreated,
  ErpInventoryObserved,
  ErpOrderStatusObserved,
  InventoryResyncRequested,
  DeliveryUnsupported,
]);
export type MeshEvent = z.infer<typeof MeshEvent>;
export type MeshEventType = MeshEvent["type"];
export type OrderEvent = Extract<MeshEvent, { type: `order.${string}` }>;

export function isOrderEvent(event: MeshEvent): event is OrderEvent {
  return event.type.startsWith("order.");
}
