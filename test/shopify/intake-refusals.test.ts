import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import orderCreate from "../fixtures/shopify/orders-create.json?raw";
import { captureInbox, fakeCore, newStore, send, shopifyWebhook, TEST_SECRET } from "./support";

/** Asserts that a refused delivery left no trace but a log line: nothing archived, nothing enqueued. */
async function expectNothingStored(storeId: string, inbox: { mock: { calls: unknown[] } }) {
  expect(inbox.mock.calls).toHaveLength(0);
  expect((await env.ARCHIVE.list({ prefix: `shopify/${storeId}/` })).objects).toHaveLength(0);
}

const MAX = Number(env.MAX_WEBHOOK_BYTES);

afterEach(() => {
  vi.restoreAllMocks();
});

describe("authentication: 401 and nothing stored", () => {
  it("a forged signature is refused and logged with its reason, never with the secret", async () => {
    const store = await newStore();
    const inbox = vi.spyOn(env.INBOX, "send");
    const warn = vi.spyOn(console, "warn");
    const response = await send(
      await shopifyWebhook(store, { body: orderCreate, secret: "not-the-store-secret" }),
    );

    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    await expectNothingStored(store.storeId, inbox);
    const lines = warn.mock.calls.map((c) => String(c[0]));
    expect(lines.some((l) => l.includes('"reason":"bad_signature"'))).toBe(true);
    expect(lines.some((l) => l.includes(TEST_SECRET))).toBe(false);
  });

  it("during a secret rotation the previous secret still verifies; any other secret does not", async () => {
    const store = await newStore({
      webhookSecret: "shpss_new_secret_after_rotation",
      previousWebhookSecret: TEST_SECRET,
    });
    const inbox = captureInbox();
    const oldSigned = await shopifyWebhook(store, { body: orderCreate, secret: TEST_SECRET });
    expect((await send(oldSigned)).status).toBe(200);
    const newSigned = await shopifyWebhook(store, { body: orderCreate });
    expect((await send(newSigned)).status).toBe(200);
    const forged = await shopifyWebhook(store, { body: orderCreate, secret: "shpss_someone_else" });
    expect((await send(forged)).status).toBe(401);
    expect(inbox.sent).toHaveLength(2);
  });

  it("a missing signature header is refused", async () => {
    const store = await newStore();
    const inbox = vi.spyOn(env.INBOX, "send");
    const response = await send(
      await shopifyWebhook(store, { body: orderCreate, headers: { "x-shopify-hmac-sha256": null } }),
    );
    expect(response.status).toBe(401);
    await expectNothingStored(store.storeId, inbox);
  });

  it("a valid signature from another shop domain is refused", async () => {
    const store = await newStore();
    const inbox = vi.spyOn(env.INBOX, "send");
    const response = await send(
      await shopifyWebhook(store, { body: orderCreate, shopDomain: "someone-else.myshopify.com" }),
    );
    expect(response.status).toBe(401);
    await expectNothingStored(store.storeId, inbox);
  });
});

describe("malformed deliveries: 400", () => {
  it.each([
    ["truncated JSON", '{"id": 450789469,'],
    ["not JSON at all", "id=450789469"],
  ])("%s", async (_name, body) => {
    const store = await newStore();
    const inbox = vi.spyOn(env.INBOX, "send");
    const response = await send(await shopifyWebhook(store, { body }));
    expect(response.status).toBe(400);
    await expectNothingStored(store.storeId, inbox);
  });

  it.each(["x-shopify-topic", "x-shopify-webhook-id"])("without %s", async (header) => {
    const store = await newStore();
    const inbox = vi.spyOn(env.INBOX, "send");
    const response = await send(
      await shopifyWebhook(store, { body: orderCreate, headers: { [header]: null } }),
    );
    expect(response.status).toBe(400);
    await expectNothingStored(store.storeId, inbox);
  });
});

describe("size limit: 413 before anything else", () => {
  it("refuses a declared Content-Length over MAX_WEBHOOK_BYTES", async () => {
    const store = await newStore();
    const inbox = vi.spyOn(env.INBOX, "send");
    const body = `{"note":"${"x".repeat(MAX)}"}`;
    const response = await send(
      await shopifyWebhook(store, { body, headers: { "content-length": String(body.length) } }),
    );
    expect(response.status).toBe(413);
    await expectNothingStored(store.storeId, inbox);
  });

  it("refuses an oversize streamed body that declares no length", async () => {
    const store = await newStore();
    const inbox = vi.spyOn(env.INBOX, "send");
    const signed = await shopifyWebhook(store, { body: "{}" });
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX) controller.close();
        else controller.enqueue(chunk);
        sent += chunk.byteLength;
      },
    });
    const request = new Request(signed.url, { method: "POST", headers: signed.headers, body: stream });
    expect(request.headers.get("content-length")).toBeNull();
    const response = await send(request);
    expect(response.status).toBe(413);
    await expectNothingStored(store.storeId, inbox);
  });
});

describe("store lookup", () => {
  it("an unknown store is 404 and nothing is enqueued", async () => {
    const store = await newStore();
    const inbox = vi.spyOn(env.INBOX, "send");
    const unknown = { ...store, storeId: "sto_never_onboarded" };
    const response = await send(await shopifyWebhook(unknown, { body: orderCreate }));
    expect(response.status).toBe(404);
    await expectNothingStored(unknown.storeId, inbox);
  });

  it("a disabled store, or one of another channel, is 404 as well", async () => {
    const disabled = await newStore({ status: "disabled" });
    const ebay = await newStore({ channel: "ebay" });
    expect((await send(await shopifyWebhook(disabled, { body: orderCreate }))).status).toBe(404);
    expect((await send(await shopifyWebhook(ebay, { body: orderCreate }))).status).toBe(404);
  });

  it("core being unreachable is a 503 the sender retries", async () => {
    const store = await newStore();
    await fakeCore.setFaults(store.storeId, { lookup: true });
    const response = await send(await shopifyWebhook(store, { body: orderCreate }));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("30");
  });
});

describe("enqueue failures: 500, so Shopify retries", () => {
  it("when the enqueue fails; the retry is enqueued", async () => {
    const store = await newStore();
    const inbox = captureInbox();
    inbox.spy.mockRejectedValueOnce(new Error("queue unavailable"));
    const delivery = { body: orderCreate, webhookId: "wh-fail-2", eventId: "evt-fail-2" };

    const failed = await send(await shopifyWebhook(store, delivery));
    expect(failed.status).toBe(500);
    expect(failed.headers.get("content-type")).toBe("application/problem+json");
    const retry = await send(await shopifyWebhook(store, delivery));
    expect(retry.status).toBe(200);
    expect(inbox.spy).toHaveBeenCalledTimes(2);
    expect(inbox.sent.map((m) => m.deliveryId)).toEqual(["wh-fail-2"]);
  });

  it("when the archive write of a body too large to ride inline fails: nothing is enqueued", async () => {
    const store = await newStore();
    const inbox = captureInbox();
    vi.spyOn(env.ARCHIVE, "put").mockRejectedValueOnce(new Error("R2 unavailable"));
    const big = JSON.stringify({ ...JSON.parse(orderCreate), note: "x".repeat(150_000) });
    const delivery = { body: big, webhookId: "wh-fail-1", eventId: "evt-fail-1" };

    expect((await send(await shopifyWebhook(store, delivery))).status).toBe(500);
    expect(inbox.spy).not.toHaveBeenCalled();
    const retry = await send(await shopifyWebhook(store, delivery));
    expect(retry.status).toBe(200);
    expect(inbox.sent).toEqual([expect.objectContaining({ deliveryId: "wh-fail-1", body: null })]);
  });
});

// The ack path holds no R2 write (inline bodies) and no ledger call, so neither being down can fail a
// delivery: the message waits on the queue and the consumer retries until storage is back.
describe("storage outages do not fail deliveries", () => {
  it("R2 down: an inline delivery is still answered 200 and enqueued", async () => {
    const store = await newStore();
    const inbox = captureInbox();
    vi.spyOn(env.ARCHIVE, "put").mockRejectedValue(new Error("R2 unavailable"));
    const response = await send(await shopifyWebhook(store, { body: orderCreate }));
    expect(response.status).toBe(200);
    expect(inbox.sent).toHaveLength(1);
  });

  it("the delivery ledger down: still answered 200 and enqueued", async () => {
    const store = await newStore();
    const inbox = captureInbox();
    vi.spyOn(env.DELIVERY_LEDGER, "getByName").mockImplementation(() => {
      throw new Error("Durable Objects unavailable");
    });
    const response = await send(await shopifyWebhook(store, { body: orderCreate }));
    expect(response.status).toBe(200);
    expect(inbox.sent).toHaveLength(1);
  });
});
