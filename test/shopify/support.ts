import { env } from "cloudflare:workers";
import { hmacSha256Base64 } from "../../shared/crypto/hmac";
import type { MeshInternalApi, ParkRequest, StoreCredentials } from "../../shared/internal-api";

/** The fake core (fake-core.js) behind the CORE binding, with its test controls. */
export interface FakeCore extends MeshInternalApi {
  putStore(store: StoreCredentials): Promise<void>;
  setFaults(storeId: string, faults: { lookup?: boolean; park?: boolean }): Promise<void>;
  parkedExceptions(): Promise<ParkRequest[]>;
}

// The binding is typed as a plain service by `wrangler types`; this is the fake's real surface.
export const fakeCore = env.CORE as unknown as FakeCore;

export const TEST_SECRET = "shpss_test_connector_secret";

/** A fresh active Shopify store known to the fake core (unique per call, so tests never share state). */
export async function newStore(overrides: Partial<StoreCredentials> = {}): Promise<StoreCredentials> {
  const storeId = `sto_${crypto.randomUUID().slice(0, 12)}`;
  const store: StoreCredentials = {
    storeId,
    channel: "shopify",
    shopDomain: `${storeId.replace("_", "-")}.myshopify.com`,
    webhookSecret: TEST_SECRET,
    status: "active",
    ...overrides,
  };
  await fakeCore.putStore(store);
  return store;
}

export interface DeliveryOptions {
  body: string;
  topic?: string;
  webhookId?: string;
  eventId?: string | null;
  secret?: string;
  shopDomain?: string;
  /** Extra headers, or `null` to remove one of the defaults. */
  headers?: Record<string, string | null>;
}

/** A webhook request as Shopify sends it, signed over the exact body bytes with the given secret. */
export async function shopifyWebhook(store: StoreCredentials, o: DeliveryOptions): Promise<Request> {
  const webhookId = o.webhookId ?? crypto.randomUUID();
  const headers: Record<string, string | null> = {
    "content-type": "application/json",
    "x-shopify-topic": o.topic ?? "orders/create",
    "x-shopify-hmac-sha256": await hmacSha256Base64(o.secret ?? store.webhookSecret, o.body),
    "x-shopify-shop-domain": o.shopDomain ?? store.shopDomain,
    "x-shopify-api-version": "2026-07",
    "x-shopify-webhook-id": webhookId,
    "x-shopify-triggered-at": "2026-03-14T14:15:01.123456789Z",
    ...(o.eventId === null ? {} : { "x-shopify-event-id": o.eventId ?? `evt-${webhookId}` }),
    ...o.headers,
  };
  const init = new Headers();
  for (const [name, value] of Object.entries(headers)) if (value !== null) init.set(name, value);
  return new Request(`https://shopify.mesh.test/shopify/${store.storeId}/webhooks`, {
    method: "POST",
    headers: init,
    body: o.body,
  });
}
