import { z } from "zod";
import type { MeshEvent } from "../../../shared/canonical";
import type { ToEventResult } from "../../../shared/connector/inbox-decision";
import { envelopeFor, type IntakeMessage } from "../../../shared/connector/intake-message";
import { eventTypeFor } from "../../../shared/connector/manifest";
import { shopifyManifest } from "./manifest";
import { mapShopifyFulfillment } from "./map-fulfillment";
import { mapShopifyOrder } from "./map-order";
import { mapShopifyRefund } from "./map-refund";
import { ShopifyOrder } from "./schema";
import { ShopifyFulfillment } from "./schema-fulfillment";
import { ShopifyRefund } from "./schema-refund";

/**
 * One Shopify delivery to one canonical event. Pure: the intake message and its parsed body in, the
 * event (or the reason it can never be one) out. The switch runs over the manifest's topics and every
 * other topic takes the explicit unsupported arm, acknowledged and recorded but never retried.
 * A payload whose numbers cannot be represented (more decimals than the currency has) throws; the
 * consumer parks it as a mapping exception.
 */
export function mapShopifyDelivery(message: IntakeMessage, payload: unknown): ToEventResult {
  const type = eventTypeFor(shopifyManifest, message.topic);
  const { storeId, topic } = message;
  switch (type) {
    case "order.created":
    case "order.updated":
    case "order.cancelled": {
      const parsed = ShopifyOrder.safeParse(payload);
      if (!parsed.success) return schemaFailure(topic, "order", parsed.error);
      const order = parsed.data;
      const occurredAt =
        type === "order.created"
          ? order.created_at
          : type === "order.cancelled"
            ? (order.cancelled_at ?? order.updated_at)
            : order.updated_at;
      return emit(message, occurredAt, { type, data: mapShopifyOrder(order, storeId) });
    }
    case "fulfillment.upserted": {
      const parsed = ShopifyFulfillment.safeParse(payload);
      if (!parsed.success) return schemaFailure(topic, "fulfillment", parsed.error);
      const f = parsed.data;
      const data = mapShopifyFulfillment(f, storeId);
      if (data === null) {
        const reason = `Shopify fulfillment ${f.id} of order ${f.order_id} ships no units`;
        return { ok: false, kind: "validation", reason, detail: null };
      }
      const occurredAt = topic === "fulfillments/create" ? f.created_at : f.updated_at;
      return emit(message, occurredAt, { type, data });
    }
    case "refund.created": {
      const parsed = ShopifyRefund.safeParse(payload);
      if (!parsed.success) return schemaFailure(topic, "refund", parsed.error);
      const mapped = mapShopifyRefund(parsed.data, storeId);
      if (!mapped.ok) return mapped;
      return emit(message, mapped.refund.createdAt, { type, data: mapped.refund });
    }
    case null:
      return unsupported(message);
    default:
      // Event types the manifest maps no Shopify topic to (returns: see the README; ERP-side
      // observations), should a topic ever be routed to one by mistake.
      return unsupported(message);
  }
}

/** The events Shopify topics map to, per the manifest. */
type ShopifyEvent = Extract<
  MeshEvent,
  { type: (typeof shopifyManifest.topics)[keyof typeof shopifyManifest.topics] }
>;
/** The `type` and `data` of one of those events (distributed over the union, so they stay paired). */
type EventBody = ShopifyEvent extends infer E
  ? E extends ShopifyEvent
    ? Pick<E, "type" | "data">
    : never
  : never;

function emit(message: IntakeMessage, occurredAt: string, body: EventBody): ToEventResult {
  const event: MeshEvent = { ...envelopeFor(message, occurredAt), ...body };
  return { ok: true, event };
}

function unsupported(message: IntakeMessage): ToEventResult {
  const event: MeshEvent = {
    ...envelopeFor(message, triggeredAtOr(message)),
    type: "delivery.unsupported",
    data: { channel: "shopify", topic: message.topic },
  };
  return { ok: true, event };
}

function schemaFailure(topic: string, what: string, error: z.ZodError): ToEventResult {
  const reason = `Shopify ${topic} payload does not match the ${what} schema`;
  return { ok: false, kind: "validation", reason, detail: z.prettifyError(error) };
}

/** Shopify's `X-Shopify-Triggered-At` (nanosecond precision) as an ISO instant, else the receipt time. */
function triggeredAtOr(message: IntakeMessage): string {
  const at = message.triggeredAt ? Date.parse(message.triggeredAt) : Number.NaN;
  return Number.isNaN(at) ? message.receivedAt : new Date(at).toISOString();
}
