import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ArchivedDelivery } from "../../shared/connector/archive";
import { IntakeMessage } from "../../shared/connector/intake-message";
import worker from "../../workers/shopify/src/index";
import orderCreate from "../fixtures/shopify/orders-create.json?raw";
import { newStore, shopifyWebhook } from "./support";

async function send(request: Request): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

async function archived(storeId: string): Promise<string[]> {
  const listing = await env.ARCHIVE.list({ prefix: `shopify/${storeId}/` });
  return listing.objects.map((o) => o.key);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("POST /shopify/:storeId/webhooks: accepted", () => {
  it("a signed orders/create answers 200, archives the raw bytes and enqueues one IntakeMessage", async () => {
    const store = await newStore();
    const inbox = vi.spyOn(env.INBOX, "send");
    const request = await shopifyWebhook(store, { body: orderCreate, webhookId: "wh-1", eventId: "evt-1" });

    const response = await send(request);

    expect(response.status).toBe(200);
    const body = await response.json<{ accepted: boolean; deliveryId: string; correlationId: string }>();
    expect(body).toEqual({
      accepted: true,
      deliveryId: "wh-1",
      correlationId: expect.stringMatching(/^[\da-f]{32}$/),
    });
    expect(response.headers.get("x-correlation-id")).toBe(body.correlationId);

    expect(inbox).toHaveBeenCalledTimes(1);
    const [sent, options] = inbox.mock.calls[0] ?? [];
    expect(options).toEqual({ contentType: "json" });
    const message = IntakeMessage.parse(sent);
    expect(message).toMatchObject({
      channel: "shopify",
      storeId: store.storeId,
      topic: "orders/create",
      deliveryId: "wh-1",
      dedupeKey: "orders/create:evt-1",
      correlationId: body.correlationId,
      triggeredAt: "2026-03-14T14:15:01.123456789Z",
      body: orderCreate,
    });
    expect(message.headers["x-shopify-api-version"]).toBe("2026-07");

    const keys = await archived(store.storeId);
    expect(keys).toEqual([message.archiveKey]);
    expect(message.archiveKey).toMatch(
      new RegExp(`^shopify/${store.storeId}/\\d{4}/\\d{2}/\\d{2}/wh-1\\.json$`),
    );
    const object = await env.ARCHIVE.get(message.archiveKey);
    const record = ArchivedDelivery.parse(await object?.json());
    expect(record.body).toBe(orderCreate);
    expect(record.headers["x-shopify-hmac-sha256"]).toBeUndefined();
    expect(record.headers["x-shopify-shop-domain"]).toBe(store.shopDomain);
  });

  it("takes the correlation id from an incoming traceparent", async () => {
    const store = await newStore();
    const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const response = await send(await shopifyWebhook(store, { body: '{"id":1}', headers: { traceparent } }));
    expect(response.status).toBe(200);
    expect(response.headers.get("x-correlation-id")).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
  });

  it("an unsupported topic is verified, answered 200 and enqueued for the consumer to record", async () => {
    const store = await newStore();
    const inbox = vi.spyOn(env.INBOX, "send");
    const response = await send(
      await shopifyWebhook(store, { body: '{"id":632910392}', topic: "products/update" }),
    );
    expect(response.status).toBe(200);
    expect(inbox).toHaveBeenCalledTimes(1);
    expect(IntakeMessage.parse(inbox.mock.calls[0]?.[0]).topic).toBe("products/update");
  });

  it("a body too large for a queue message rides only as its archive key", async () => {
    const store = await newStore();
    const inbox = vi.spyOn(env.INBOX, "send");
    const big = JSON.stringify({ ...JSON.parse(orderCreate), note: "x".repeat(150_000) });
    expect((await send(await shopifyWebhook(store, { body: big }))).status).toBe(200);
    const message = IntakeMessage.parse(inbox.mock.calls[0]?.[0]);
    expect(message.body).toBeNull();
    const record = ArchivedDelivery.parse(await (await env.ARCHIVE.get(message.archiveKey))?.json());
    expect(record.body).toBe(big);
  });
});

describe("POST /shopify/:storeId/webhooks: duplicates", () => {
  it("the same delivery three times at once is enqueued exactly once", async () => {
    const store = await newStore();
    const inbox = vi.spyOn(env.INBOX, "send");
    const requests = await Promise.all(
      [1, 2, 3].map(() =>
        shopifyWebhook(store, { body: orderCreate, webhookId: "wh-same", eventId: "evt-same" }),
      ),
    );

    const responses = await Promise.all(requests.map((r) => send(r)));

    expect(inbox).toHaveBeenCalledTimes(1);
    expect(await archived(store.storeId)).toHaveLength(1);
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    // The others either saw the finished claim (200, duplicate) or the live one (409: retry later).
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
  });

  it("a retry after acceptance answers 200 duplicate without enqueueing again", async () => {
    const store = await newStore();
    const inbox = vi.spyOn(env.INBOX, "send");
    const first = await send(
      await shopifyWebhook(store, { body: orderCreate, webhookId: "wh-r", eventId: "evt-r" }),
    );
    const retry = await send(
      await shopifyWebhook(store, { body: orderCreate, webhookId: "wh-r", eventId: "evt-r" }),
    );
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ accepted: true, duplicate: true, deliveryId: "wh-r" });
    expect(inbox).toHaveBeenCalledTimes(1);
  });

  it("dedupes on the event id across webhook ids, falls back to the webhook id, and is scoped per store", async () => {
    const store = await newStore();
    const other = await newStore();
    const inbox = vi.spyOn(env.INBOX, "send");
    await send(await shopifyWebhook(store, { body: orderCreate, webhookId: "wh-a", eventId: "evt-x" }));
    const sameEvent = await send(
      await shopifyWebhook(store, { body: orderCreate, webhookId: "wh-b", eventId: "evt-x" }),
    );
    expect(await sameEvent.json()).toMatchObject({ duplicate: true });
    expect(inbox).toHaveBeenCalledTimes(1);

    await send(await shopifyWebhook(store, { body: orderCreate, webhookId: "wh-c", eventId: null }));
    const again = await send(
      await shopifyWebhook(store, { body: orderCreate, webhookId: "wh-c", eventId: null }),
    );
    expect(await again.json()).toMatchObject({ duplicate: true });
    expect(inbox).toHaveBeenCalledTimes(2);

    const otherStore = await send(
      await shopifyWebhook(other, { body: orderCreate, webhookId: "wh-a", eventId: "evt-x" }),
    );
    expect(await otherStore.json()).not.toHaveProperty("duplicate");
    expect(inbox).toHaveBeenCalledTimes(3);
  });
});
