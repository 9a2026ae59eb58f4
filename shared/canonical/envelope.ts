import { z } from "zod";
import { Order } from "./order";

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
  DeliveryUnsupported,
]);
export type MeshEvent = z.infer<typeof MeshEvent>;
export type MeshEventType = MeshEvent["type"];
export type OrderEvent = Extract<MeshEvent, { type: `order.${string}` }>;

export function isOrderEvent(event: MeshEvent): event is OrderEvent {
  return event.type.startsWith("order.");
}
