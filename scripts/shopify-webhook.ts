// Builds Shopify webhook deliveries the way Shopify sends them (headers and a base64 HMAC-SHA256 of
// the exact body bytes), for the demo, the benchmark and the end-to-end tests.
import { createHmac, randomUUID } from "node:crypto";

export function signShopifyBody(secret: string, body: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

export interface ShopifyDeliveryHeaders {
  hmac: string;
  shopDomain: string;
  topic?: string;
  eventId?: string;
  apiVersion?: string;
}

/** Fresh webhook and event ids per call unless an event id is given (then it is a duplicate delivery). */
export function shopifyWebhookHeaders(h: ShopifyDeliveryHeaders): Record<string, string> {
  return {
    "content-type": "application/json",
    "x-shopify-topic": h.topic ?? "orders/create",
    "x-shopify-hmac-sha256": h.hmac,
    "x-shopify-shop-domain": h.shopDomain,
    "x-shopify-api-version": h.apiVersion ?? "2026-07",
    "x-shopify-webhook-id": randomUUID(),
    "x-shopify-event-id": h.eventId ?? randomUUID(),
    "x-shopify-triggered-at": new Date().toISOString(),
  };
}
