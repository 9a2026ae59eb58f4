import { z } from "zod";
import type { MeshEvent } from "../../../shared/canonical";
import type { ToEventResult } from "../../../shared/connector/inbox-decision";
import { envelopeFor, type IntakeMessage } from "../../../shared/connector/intake-message";
import { eventTypeFor } from "../../../shared/connector/manifest";
import { shopifyManifest } from "./manifest";
import { mapShopifyOrder } from "./map-order";
import { ShopifyOrder } from "./schema";

/**
 * One Shopify delivery to one canonical event. Pure: the intake message and its parsed body in, the
 * event (or the reason it can never be one) out. The switch runs over the manifest's topics and every
 * other topic takes the explicit unsupported arm, acknowledged and recorded but never retried.
 * A payload whose numbers cannot be represented (more decimals than the currency has) throws; the
 * consumer parks it as a mapping exception.
 */
export function mapShopifyDelivery(message: IntakeMessage, payload: unknown): ToEventResult {
  const type = eventTypeFor(shopifyManifest, message.topic);
  switch (type) {
    case "order.created":
    case "order.updated":
    case "order.cancelled": {
      const parsed = ShopifyOrder.safeParse(payload);
      if (!parsed.success) {
        return {
          ok: false,
          kind: "validation",
          reason: `Shopify ${message.topic} payload does not match the order schema`,
          detail: z.prettifyError(parsed.error),
        };
      }
      const order = parsed.data;
      const data = mapShopifyOrder(order, message.storeId);
      const occurredAt =
        type === "order.created"
          ? order.created_at
          : type === "order.cancelled"
            ? (order.cancelled_at ?? order.updated_at)
            : order.updated_at;
      const event: MeshEvent = { ...envelopeFor(message, occurredAt), type, data };
      return { ok: true, event };
    }
    case null: {
      const event: MeshEvent = {
        ...envelopeFor(message, triggeredAtOr(message)),
        type: "delivery.unsupported",
        data: { channel: "shopify", topic: message.topic },
      };
      return { ok: true, event };
    }
  }
}

/** Shopify's `X-Shopify-Triggered-At` (nanosecond precision) as an ISO instant, else the receipt time. */
function triggeredAtOr(message: IntakeMessage): string {
  const at = message.triggeredAt ? Date.parse(message.triggeredAt) : Number.NaN;
  return Number.isNaN(at) ? message.receivedAt : new Date(at).toISOString();
}
