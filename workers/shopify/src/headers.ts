import type { DeliveryHeaders } from "../../../shared/connector/connector-intake";
import type { StoreCredentials } from "../../../shared/internal-api";
import { HMAC_HEADER } from "./verify";

const TOPIC = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
const ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Shopify's classic `X-Shopify-*` header, or its unprefixed twin on "events" deliveries. */
function shopifyHeader(headers: Headers, name: string): string | null {
  const value = headers.get(`x-shopify-${name}`) ?? headers.get(`shopify-${name}`);
  return value?.trim() || null;
}

/**
 * Topic and ids of a delivery. `X-Shopify-Event-Id` is shared by every webhook of one event (retries
 * and repeat subscriptions) so it is the dedupe id when present; the webhook id is the fallback. The
 * topic is part of the key so that one event fanning out to two topics is not mistaken for a repeat.
 */
export function readShopifyDelivery(headers: Headers): DeliveryHeaders | null {
  const topic = shopifyHeader(headers, "topic");
  const webhookId = shopifyHeader(headers, "webhook-id");
  const eventId = shopifyHeader(headers, "event-id");
  if (!topic || topic.length > 100 || !TOPIC.test(topic)) return null;
  if (!webhookId || !ID.test(webhookId)) return null;
  if (eventId !== null && !ID.test(eventId)) return null;
  return {
    topic,
    deliveryId: webhookId,
    dedupeKey: `${topic}:${eventId ?? webhookId}`,
    triggeredAt: shopifyHeader(headers, "triggered-at"),
  };
}

/** The shop that signed the delivery must be the shop the URL's store is bound to. */
export function isFromStoreShop(headers: Headers, store: StoreCredentials): boolean {
  const domain = shopifyHeader(headers, "shop-domain");
  return domain !== null && domain.toLowerCase() === store.shopDomain.trim().toLowerCase();
}

const KEPT = new Set(["content-type", "user-agent", "traceparent"]);

/** Shopify's own headers (API version, ids, topic, shop) travel with the payload; the signature never does. */
export function keepShopifyHeader(name: string): boolean {
  if (name === HMAC_HEADER || name === "shopify-hmac-sha256") return false;
  return name.startsWith("x-shopify-") || name.startsWith("shopify-") || KEPT.has(name);
}
