import { WorkerEntrypoint } from "cloudflare:workers";
import { openSecret } from "../../../../shared/crypto/secret-box";
import type { ErpConnection } from "../../../../shared/erp";
import type {
  ChannelPushReport,
  ErpOrderRef,
  ListingState,
  MeshInternalApi,
  OutboxClaim,
  OutboxFailure,
  OutboxSuccess,
  ParkRequest,
  StoreCredentials,
} from "../../../../shared/internal-api";
import { loadConnection } from "../erp/connections";
import { recordException } from "../exceptions";
import { ledgerFor } from "../ingest/reserve-lines";
import { recordChannelPush } from "../inventory/channel-pushes";
import { claimOutbox, completeOutbox, failOutbox } from "./outbox";

/**
 * The internal RPC surface (service binding entrypoint `MeshInternal`). Only other mesh workers can
 * reach it: it is not routed on the public hostname.
 */
export class MeshInternal extends WorkerEntrypoint<CoreEnv> implements MeshInternalApi {
  async getStoreCredentials(storeId: string): Promise<StoreCredentials | null> {
    const row = await this.env.DB.prepare(
      `SELECT id, channel, shop_domain, webhook_secret_sealed, previous_webhook_secret_sealed,
         previous_secret_expires_at, status, admin_access_token_sealed, admin_api_base_url FROM stores WHERE id = ?`,
    )
      .bind(storeId)
      .first<{
        id: string;
        channel: string;
        shop_domain: string;
        webhook_secret_sealed: string;
        previous_webhook_secret_sealed: string | null;
        previous_secret_expires_at: number | null;
        status: "active" | "disabled";
        admin_access_token_sealed: string | null;
        admin_api_base_url: string | null;
      }>();
    if (!row) return null;
    const previousLive =
      row.previous_webhook_secret_sealed !== null && (row.previous_secret_expires_at ?? 0) > Date.now();
    return {
      storeId: row.id,
      channel: row.channel,
      shopDomain: row.shop_domain,
      webhookSecret: await openSecret(this.env.SECRETS_KEY, row.webhook_secret_sealed, row.id),
      previousWebhookSecret:
        previousLive && row.previous_webhook_secret_sealed
          ? await openSecret(this.env.SECRETS_KEY, row.previous_webhook_secret_sealed, row.id)
          : null,
      adminAccessToken:
        row.admin_access_token_sealed === null
          ? null
          : await openSecret(this.env.SECRETS_KEY, row.admin_access_token_sealed, `${row.id}:admin`),
      adminApiBaseUrl: row.admin_api_base_url,
      status: row.status,
    };
  }

  getListingState(input: { storeId: string; sku: string }): Promise<ListingState | null> {
    return ledgerFor(this.env, input.sku).listingState(input.storeId);
  }

  recordChannelPush(input: ChannelPushReport): Promise<void> {
    return recordChannelPush(this.env.DB, input);
  }

  parkException(input: ParkRequest): Promise<{ id: string }> {
    return recordException(this.env.DB, input);
  }

  claimOutbox(input: { limit: number; leaseMs: number; connectionId: string }): Promise<OutboxClaim[]> {
    return claimOutbox(this.env.DB, input.connectionId, input.limit, input.leaseMs);
  }

  async listErpConnections(): Promise<{ id: string; kind: string; revision: number }[]> {
    const rows = await this.env.DB.prepare(
      "SELECT id, kind, revision FROM erp_connections WHERE status = 'active' ORDER BY id",
    ).all<{ id: string; kind: string; revision: number }>();
    return rows.results;
  }

  completeOutbox(input: OutboxSuccess): Promise<void> {
    return completeOutbox(this.env.DB, input);
  }

  failOutbox(input: OutboxFailure): Promise<void> {
    return failOutbox(this.env.DB, input);
  }

  async listErpOrdersForReadBack(input: { connectionId: string; limit: number }): Promise<ErpOrderRef[]> {
    // Orders the ERP holds whose fulfilment is not final yet, least recently observed first.
    const rows = await this.env.DB.prepare(
      `SELECT x.doc_key, x.erp_id FROM erp_outbox x JOIN orders o ON o.id = x.order_id
       WHERE x.connection_id = ? AND x.kind = 'sales_order' AND x.erp_id IS NOT NULL
         AND COALESCE(o.erp_fulfillment_status, 'open') NOT IN ('fulfilled', 'cancelled', 'closed')
       ORDER BY COALESCE(o.erp_observed_at, 0), o.id LIMIT ?`,
    )
      .bind(input.connectionId, Math.min(Math.max(input.limit, 1), 500))
      .all<{ doc_key: string; erp_id: string }>();
    return rows.results.map((r) => ({ docKey: r.doc_key, erpId: r.erp_id }));
  }

  getErpConnection(id: string): Promise<ErpConnection | null> {
    return loadConnection(this.env.DB, this.env.SECRETS_KEY, id);
  }
}
