import { DeliveryLedgerBase } from "../../../shared/connector/delivery-ledger";

/**
 * Shopify's delivery ledger (binding DELIVERY_LEDGER), claimed by the `shopify-inbox` consumer for
 * every message before it archives and maps it; the webhook's ack path never touches it. Shopify
 * retries a failed delivery 8 times over 4 hours with the same ids; ids are remembered for 72 h, well
 * past that and past a weekend replay of the archive. The claim/commit/release protocol lives in the
 * shared base class.
 */
export class DeliveryLedger extends DeliveryLedgerBase<ShopifyEnv> {
  protected override retentionMs = 72 * 3_600_000;
}
