import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ArchivedDelivery } from "../../shared/connector/archive";
import orderCreate from "../fixtures/shopify/orders-create.json?raw";
import {
  archived,
  captureInbox,
  consume,
  logged,
  newStore,
  send,
  shopifyWebhook,
  watchEvents,
} from "./support";

afterEach(() => {
  vi.restoreAllMocks();
});

// The ack path is verify + enqueue: a delivery whose body rides inline is one INBOX.send and nothing
// else, no ledger claim and no R2 write. Dedupe and archiving happen in the inbox consumer, which
// these tests drive on the captured messages (captureInbox keeps them off the real queue).
describe("POST /shopify/:storeId/webhooks: accepted", () => {
  it("a signed orders/create answers 200 and enqueues exactly one IntakeMessage, touching neither R2 nor the ledger", async () => {
    const store = await newStore();
    const inbox = captureInbox();
    const put = vi.spyOn(env.ARCHIVE, "put");
    const ledger = vi.spyOn(env.DELIVERY_LEDGER, "getByName");
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

    expect(inbox.spy).toHaveBeenCalledTimes(1);
    expect(inbox.spy.mock.calls[0]?.[1]).toEqual({ contentType: "v8" });
    const [message] = inbox.sent;
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
    if (!message) throw new Error("nothing enqueued");
    expect(message.headers["x-shopify-api-version"]).toBe("2026-07");
    expect(message.headers["x-shopify-hmac-sha256"]).toBeUndefined();
    expect(message.archiveKey).toMatch(
      new RegExp(`^shopify/${store.storeId}/\\d{4}/\\d{2}/\\d{2}/wh-1\\.json$`),
    );
    expect(put).not.toHaveBeenCalled();
    expect(await archived(store.storeId)).toEqual([]);
    expect(ledger).not.toHaveBeenCalled();

    // The consumer archives the raw bytes under the message's key once it has claimed the delivery.
    const { ids, result } = await consume({ body: message });
    expect(result.explicitAcks).toEqual(ids);
    expect(await archived(store.storeId)).toEqual([message.archiveKey]);
    const record = ArchivedDelivery.parse(await (await env.ARCHIVE.get(message.archiveKey))?.json());
    expect(record).toEqual(message);
    expect(record.body).toBe(orderCreate);
    expect(record.headers["x-shopify-hmac-sha256"]).toBeUndefined();
    expect(record.headers["x-shopify-shop-domain"]).toBe(store.shopDomain);
  });

  it("takes the correlation id from an incoming traceparent", async () => {
    const store = await newStore();
    captureInbox();
    const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const response = await send(await shopifyWebhook(store, { body: '{"id":1}', headers: { traceparent } }));
    expect(response.status).toBe(200);
    expect(response.headers.get("x-correlation-id")).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
  });

  it("an unsupported topic is verified, answered 200 and enqueued for the consumer to record", async () => {
    const store = await newStore();
    const inbox = captureInbox();
    const response = await send(
      await shopifyWebhook(store, { body: '{"id":632910392}', topic: "products/update" }),
    );
    expect(response.status).toBe(200);
    expect(inbox.sent.map((m) => m.topic)).toEqual(["products/update"]);
  });

  it("a body too large for a queue message is archived at the edge first and rides only as its key", async () => {
    const store = await newStore();
    const inbox = captureInbox();
    const events = watchEvents();
    // Large in a field the mapping does not carry (apps can attach big metafields and properties).
    const big = JSON.stringify({ ...JSON.parse(orderCreate), app_metadata: "x".repeat(150_000) });

    expect((await send(await shopifyWebhook(store, { body: big }))).status).toBe(200);

    expect(inbox.sent).toHaveLength(1);
    const [message] = inbox.sent;
    if (!message) throw new Error("nothing enqueued");
    expect(message.body).toBeNull();
    expect(await archived(store.storeId)).toEqual([message.archiveKey]);
    const record = ArchivedDelivery.parse(await (await env.ARCHIVE.get(message.archiveKey))?.json());
    expect(record).toEqual({ ...message, body: big });

    // The consumer reads the body back from the archive; it writes no second object.
    const { ids, result } = await consume({ body: message });
    expect(result.explicitAcks).toEqual(ids);
    expect(events.of(store.storeId).map((e) => e.type)).toEqual(["order.created"]);
    expect(await archived(store.storeId)).toEqual([message.archiveKey]);
  });
});

describe("POST /shopify/:storeId/webhooks: duplicates are answered 200 and collapsed by the consumer", () => {
  it("three concurrent copies all answer 200; one event reaches mesh-events, two copies are acked as duplicates, one archive", async () => {
    const store = await newStore();
    const inbox = captureInbox();
    const events = watchEvents();
    const info = vi.spyOn(console, "log");
    const copy = () =>
      shopifyWebhook(store, { body: orderCreate, webhookId: "wh-same", eventId: "evt-same" });
    const requests = await Promise.all([copy(), copy(), copy()]);

    const responses = await Promise.all(requests.map((r) => send(r)));

    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    for (const r of responses) {
      expect(await r.json()).toEqual({
        accepted: true,
        deliveryId: "wh-same",
        correlationId: expect.any(String),
      });
    }
    expect(inbox.sent).toHaveLength(3);
    expect(await archived(store.storeId)).toEqual([]);

    // Delivered in one batch: one message claims the delivery; the two others find its claim live and
    // are retried after the claim's lease.
    const first = await consume(...inbox.sent.map((body) => ({ body })));
    expect(first.result.explicitAcks).toHaveLength(1);
    expect(first.result.retryMessages).toHaveLength(2);
    const retried = first.ids.flatMap((id, i) =>
      first.result.retryMessages.some((r) => r.msgId === id) ? [inbox.sent[i]] : [],
    );
    for (const [i, id] of first.ids.entries()) {
      if (first.result.explicitAcks.includes(id)) continue;
      expect(first.delays[i]).toHaveLength(1);
      expect(first.delays[i]?.[0]).toBeGreaterThanOrEqual(1);
      expect(first.delays[i]?.[0]).toBeLessThanOrEqual(30);
    }
    expect(events.of(store.storeId)).toHaveLength(1);

    // Redelivered, they find the delivery done: acked as duplicates, nothing sent or archived again.
    const again = await consume(...retried.map((body) => ({ body, attempts: 2 })));
    expect(again.result.explicitAcks).toEqual(again.ids);
    expect(again.result.retryMessages).toEqual([]);
    const duplicates = logged(info, "duplicate delivery acknowledged").filter(
      (l) => l.storeId === store.storeId,
    );
    expect(duplicates).toHaveLength(2);
    expect(duplicates.every((l) => l.dedupeKey === "orders/create:evt-same")).toBe(true);

    const sent = events.of(store.storeId);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.id).toBe(`shopify:${store.storeId}:orders/create:evt-same`);
    expect(await archived(store.storeId)).toHaveLength(1);
  });

  it("a retry after processing answers 200 like the first and is acked by the consumer without a second event", async () => {
    const store = await newStore();
    const inbox = captureInbox();
    const events = watchEvents();
    const delivery = { body: orderCreate, webhookId: "wh-r", eventId: "evt-r" };

    const first = await send(await shopifyWebhook(store, delivery));
    expect(first.status).toBe(200);
    expect((await consume({ body: inbox.sent[0] })).result.explicitAcks).toHaveLength(1);
    const retry = await send(await shopifyWebhook(store, delivery));
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({
      accepted: true,
      deliveryId: "wh-r",
      correlationId: expect.any(String),
    });
    expect(inbox.sent).toHaveLength(2);

    const { ids, result } = await consume({ body: inbox.sent[1] });
    expect(result.explicitAcks).toEqual(ids);
    expect(events.of(store.storeId)).toHaveLength(1);
  });

  it("dedupes on the event id across webhook ids, falls back to the webhook id, and is scoped per store", async () => {
    const store = await newStore();
    const other = await newStore();
    const inbox = captureInbox();
    const events = watchEvents();
    const deliveries = [
      [store, { body: orderCreate, webhookId: "wh-a", eventId: "evt-x" }],
      [store, { body: orderCreate, webhookId: "wh-b", eventId: "evt-x" }],
      [store, { body: orderCreate, webhookId: "wh-c", eventId: null }],
      [store, { body: orderCreate, webhookId: "wh-c", eventId: null }],
      [other, { body: orderCreate, webhookId: "wh-a", eventId: "evt-x" }],
    ] as const;
    for (const [s, d] of deliveries) {
      const response = await send(await shopifyWebhook(s, d));
      expect(response.status).toBe(200);
      expect(await response.json()).not.toHaveProperty("duplicate");
    }
    expect(inbox.sent).toHaveLength(5);

    // One message at a time, as separate batches: each later copy finds its delivery done.
    for (const body of inbox.sent) {
      const { ids, result } = await consume({ body });
      expect(result.explicitAcks).toEqual(ids);
    }
    expect(events.of(store.storeId).map((e) => e.id)).toEqual([
      `shopify:${store.storeId}:orders/create:evt-x`,
      `shopify:${store.storeId}:orders/create:wh-c`,
    ]);
    expect(events.of(other.storeId).map((e) => e.id)).toEqual([
      `shopify:${other.storeId}:orders/create:evt-x`,
    ]);
    expect((await archived(store.storeId)).map((k) => k.split("/").pop())).toEqual([
      "wh-a.json",
      "wh-c.json",
    ]);
  });
});
