import type { ConnectorManifest } from "../../../shared/connector/manifest";

/**
 * The Shopify connector's contract. Routing (index.ts), the mapping switch (map.ts) and the
 * README tables all come from here.
 */
export const shopifyManifest = {
  channel: "shopify",
  webhookPath: "/shopify/:storeId/webhooks",
  topics: {
    "orders/create": "order.created",
    "orders/updated": "order.updated",
    "orders/cancelled": "order.cancelled",
    "fulfillments/create": "fulfillment.upserted",
    "fulfillments/update": "fulfillment.upserted",
    "refunds/create": "refund.created",
  },
  secrets: [
    {
      name: "webhookSecret",
      scope: "store",
      purpose:
        "the app's client secret; HMAC-SHA256 key of `X-Shopify-Hmac-Sha256` (held encrypted by core; after a rotation the previous secret verifies for one hour)",
    },
  ],
  limits: [
    {
      name: "body size",
      value: "`MAX_WEBHOOK_BYTES` (1 MiB)",
      why: "larger bodies are refused with 413 before verification",
    },
    {
      name: "response time",
      value: "well under 5 s",
      why: "Shopify gives up after 5 s; the edge only verifies and enqueues, the consumer dedupes and archives",
    },
    { name: "dedupe window", value: "72 h", why: "Shopify retries a failed delivery 8 times over 4 h" },
    {
      name: "inline body",
      value: "up to 100 KB per queue message",
      why: "queue messages are capped at 128 KB; larger bodies are read from R2",
    },
    {
      name: "store cache",
      value: "60 s in isolate memory",
      why: "no call to core on the hot path for a known store",
    },
  ],
} as const satisfies ConnectorManifest;
