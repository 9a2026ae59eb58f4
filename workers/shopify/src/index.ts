import { createConnectorApp } from "../../../shared/connector/connector-app";
import type { ConnectorIntake } from "../../../shared/connector/connector-intake";
import { createInboxConsumer } from "../../../shared/connector/inbox-consumer";
import { isFromStoreShop, keepShopifyHeader, readShopifyDelivery } from "./headers";
import { shopifyManifest } from "./manifest";
import { mapShopifyDelivery } from "./map";
import { verifyShopifyWebhook } from "./verify";

export { DeliveryLedger } from "./dedupe";

/** Shopify knowledge handed to the shared intake pipeline: signature, shop identity, ids, kept headers. */
export const shopifyIntake: ConnectorIntake = {
  manifest: shopifyManifest,
  verify: verifyShopifyWebhook,
  matchesStore: isFromStoreShop,
  readDelivery: readShopifyDelivery,
  keepHeader: keepShopifyHeader,
};

export const app = createConnectorApp<ShopifyEnv>(shopifyIntake);

export const consumeInbox = createInboxConsumer<ShopifyEnv>({
  manifest: shopifyManifest,
  toEvent: mapShopifyDelivery,
});

export default {
  fetch: app.fetch,
  queue: consumeInbox,
} satisfies ExportedHandler<ShopifyEnv>;
