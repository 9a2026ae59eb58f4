import {
  createExecutionContext,
  createMessageBatch,
  getQueueResult,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import { MeshEvent } from "../../shared/canonical";
import { IntakeMessage } from "../../shared/connector/intake-message";
import { hmacSha256Base64 } from "../../shared/crypto/hmac";
import type { MeshInternalApi, ParkRequest, StoreCredentials } from "../../shared/internal-api";
import worker from "../../workers/shopify/src/index";

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
    adminAccessToken: null,
    adminApiBaseUrl: null,
    previousWebhookSecret: null,
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

/** One request through the worker's fetch handler, waiting for anything it left running. */
export async function send(request: Request): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

const QUEUED = { metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } } };

/**
 * Stands in for the INBOX producer: what the ack path enqueues is kept here instead of reaching the
 * real `shopify-inbox` (whose consumer, this worker, would pick it up in the background), so a test
 * decides when and how the consumer runs on it. `spy` is the mocked `send`.
 */
export function captureInbox() {
  const sent: IntakeMessage[] = [];
  const spy = vi.spyOn(env.INBOX, "send").mockImplementation(async (body) => {
    sent.push(IntakeMessage.parse(body));
    return QUEUED;
  });
  return { sent, spy };
}

/**
 * Watches what reaches mesh-events (the real producer keeps working): `of` lists the events of one
 * store whose send succeeded, so a send a test made fail does not count.
 */
export function watchEvents() {
  const spy = vi.spyOn(env.EVENTS, "send");
  return {
    spy,
    of: (storeId: string) =>
      spy.mock.calls
        .filter((_call, i) => spy.mock.settledResults[i]?.type === "fulfilled")
        .map(([event]) => MeshEvent.parse(event))
        .filter((e) => e.storeId === storeId),
  };
}

let seq = 0;

export interface Delivered {
  body: unknown;
  attempts?: number;
}

/**
 * Runs the worker's queue handler on one batch of the given bodies, as the queue would deliver them.
 * `result` is the plugin's ack/retry record; it does not keep retry delays, so `delays` reads them
 * off a spy on each message's `retry` (one list per message, empty when it was not retried).
 */
export function consume(...bodies: Delivered[]) {
  return consumeOn("shopify-inbox", "msg", bodies);
}

/** `consume` for any of the worker's queues (index.ts dispatches on `batch.queue`). */
export async function consumeOn(queue: string, idPrefix: string, bodies: Delivered[]) {
  const messages = bodies.map((b) => ({
    id: `${idPrefix}-${++seq}`,
    timestamp: new Date(0),
    attempts: b.attempts ?? 1,
    body: b.body,
  }));
  const batch = createMessageBatch(queue, messages);
  const retries = batch.messages.map((m) => vi.spyOn(m, "retry"));
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  const result = await getQueueResult(batch, ctx);
  const delays = retries.map((spy) => spy.mock.calls.map(([options]) => options?.delaySeconds));
  return { ids: messages.map((m) => m.id), result, delays };
}

/** The keys of a store's R2 archive objects. */
export async function archived(storeId: string): Promise<string[]> {
  const listing = await env.ARCHIVE.list({ prefix: `shopify/${storeId}/` });
  return listing.objects.map((o) => o.key);
}

/** Lines logged with the given message, parsed. */
export function logged(spy: { mock: { calls: unknown[][] } }, msg: string): Record<string, unknown>[] {
  return spy.mock.calls
    .map(([line]) => {
      try {
        return JSON.parse(String(line)) as Record<string, unknown>;
      } catch {
        return null;
      }
    })
    .filter((l): l is Record<string, unknown> => l !== null && l.msg === msg);
}
