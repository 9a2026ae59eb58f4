import type { ChannelCommand } from "../../../shared/canonical/commands";
import type { ConnectorManifest } from "../../../shared/connector/manifest";

/** The commands a connector takes from core: the queue they arrive on and what each does at the channel. */
export interface CommandManifest {
  queue: string;
  accepts: Readonly<Record<ChannelCommand["type"], string>>;
}

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
  commands: {
    queue: "shopify-commands",
    accepts: {
      "inventory.set":
        "`inventorySetQuantities` of `available` at the listing's location, compare-and-set on the quantity just read, with an `@idempotent` key",
    },
  },
  secrets: [
    {
      name: "webhookSecret",
      scope: "store",
      purpose:
        "the app's client secret; HMAC-SHA256 key of `X-Shopify-Hmac-Sha256` (held encrypted by core; after a rotation the previous secret verifies for one hour)",
    },
    {
      name: "adminAccessToken",
      scope: "store",
      purpose:
        "Admin API access token (`read_inventory`, `write_inventory`) sent as `X-Shopify-Access-Token` on inventory pushes (held encrypted by core; never logged)",
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
    {
      name: "Admin API version",
      value: "`2026-10`",
      why: "from 2026-04 `inventorySetQuantities` requires `changeFromQuantity` and an `@idempotent` key",
    },
    {
      name: "GraphQL rate limit",
      value: "cost points per app and store (100/s Standard to 2000/s Enterprise)",
      why: "`THROTTLED` or HTTP 429: retried after (requested cost - available) / restore rate, or `Retry-After`",
    },
    {
      name: "compare-and-set",
      value: "3 read-and-write rounds per delivery",
      why: "`CHANGE_FROM_QUANTITY_STALE` means someone else moved the quantity; then the queue retries",
    },
    {
      name: "command retries",
      value: "10, from 5 s doubling to 5 min",
      why: "then `shopify-commands-dlq`, which core records as an exception",
    },
    {
      name: "command batches",
      value: "one at a time (`max_concurrency = 1`)",
      why: "two commands for one listing never write at once; a batch runs them in sequence order",
    },
  ],
} as const satisfies ConnectorManifest & { commands: CommandManifest };

/** The README's command table, column-aligned like the manifest tables; a test keeps them equal. */
export function renderCommandTable(commands: CommandManifest): string {
  const rows = Object.entries(commands.accepts).map(([name, does]) => [`\`${name}\``, does]);
  const header = ["Command", "On Shopify"];
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${widths.map((w, i) => (cells[i] ?? "").padEnd(w)).join(" | ")} |`;
  const table = [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
  return [`Command queue: \`${commands.queue}\``, table].join("\n\n");
}
