import { createConnectorApp } from "../../../shared/connector/connector-app";
import { createInboxConsumer } from "../../../shared/connector/inbox-consumer";
import { isFromStoreShop, keepShopifyHeader, readShopifyDelivery } from "./headers";
import { shopifyManifest } from "./manifest";
import { mapShopifyDelivery } from "./map";
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

export default {
  fetch: app.fetch,
  queue: consumeInbox,
} satisfies ExportedHandler<ShopifyEnv>;
