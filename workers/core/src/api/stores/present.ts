import type { stores } from "../../../../../shared/db/schema";
import { iso } from "../common-schemas";
import type { Store } from "./schemas";

type StoreRow = typeof stores.$inferSelect;

/** The webhook address a store's channel must call; the connector routes on the store id. */
export function webhookUrlFor(env: CoreEnv, channel: string, storeId: string): string | null {
  if (channel !== "shopify") return null;
  return `${env.SHOPIFY_WEBHOOK_BASE_URL.replace(/\/+$/, "")}/shopify/${storeId}/webhooks`;
}

/** A store as the API shows it: everything but the sealed secret. */
export function presentStore(env: CoreEnv, row: StoreRow): Store {
  return {
    id: row.id,
    channel: row.channel,
    name: row.name,
    shopDomain: row.shopDomain,
    status: row.status,
    erpConnectionId: row.erpConnectionId,
    adminApiBaseUrl: row.adminApiBaseUrl,
    adminApiConnected: row.adminAccessTokenSealed !== null,
    webhookUrl: webhookUrlFor(env, row.channel, row.id),
    createdAt: iso(row.createdAt),
  };
}
