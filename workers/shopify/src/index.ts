import { createConnectorApp } from "../../../shared/connector/connector-app";
import { createInboxConsumer } from "../../../shared/connector/inbox-consumer";
import { createLogger } from "../../../shared/log";
import { isFromStoreShop, keepShopifyHeader, readShopifyDelivery } from "./headers";
import { shopifyManifest } from "./manifest";
import { mapShopifyDelivery } from "./map";
import { createCommandConsumer } from "./push-inventory";
import { verifyShopifyWebhook } from "./verify";

export { DeliveryLedger } from "./dedupe";

/** The webhook route on the shared intake pipeline; Shopify supplies signature, shop identity, ids. */
const app = createConnectorApp<ShopifyEnv>({
  manifest: shopifyManifest,
  verify: verifyShopifyWebhook,
  matchesStore: isFromStoreShop,
  readDelivery: readShopifyDelivery,
  keepHeader: keepShopifyHeader,
});

/** The `shopify-inbox` consumer on the shared per-message decision loop; Shopify supplies the mapping. */
const consumeInbox = createInboxConsumer<ShopifyEnv>({
  manifest: shopifyManifest,
  toEvent: mapShopifyDelivery,
});

/** The `shopify-commands` consumer: core's inventory commands, pushed to the Admin GraphQL API. */
const consumeCommands = createCommandConsumer();

const log = createLogger(shopifyManifest.channel);
const INBOX_QUEUE = `${shopifyManifest.channel}-inbox`;

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    if (batch.queue === shopifyManifest.commands.queue) return consumeCommands(batch, env);
    if (batch.queue === INBOX_QUEUE) return consumeInbox(batch, env);
    // Not a queue this worker consumes (a misconfigured binding): retried, so nothing is lost.
    log.error("batch from an unknown queue; retried", {
      queue: batch.queue,
      messages: batch.messages.length,
    });
    batch.retryAll();
  },
} satisfies ExportedHandler<ShopifyEnv>;
