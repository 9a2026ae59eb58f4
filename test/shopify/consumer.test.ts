import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MeshEvent } from "../../shared/canonical";
import { writeArchive } from "../../shared/connector/archive";
import type { IntakeMessage } from "../../shared/connector/intake-message";
import worker from "../../workers/shopify/src/index";
import orderCreate from "../fixtures/shopify/orders-create.json?raw";
import { intakeMessage } from "./map-support";
import { fakeCore, newStore } from "./support";

let seq = 0;

/**
 * Runs the worker's queue handler on the given bodies. `result` is the plugin's ack/retry record;
 * it does not keep retry delays, so `delays` reads them off a spy on each message's `retry`.
 */
async function consume(...bodies: { body: unknown; attempts?: number }[]) {
  const messages = bodies.map((b) => ({
    id: `msg-${++seq}`,
    timestamp: new Date(0),
    attempts: b.attempts ?? 1,
    body: b.body,
  }));
  const batch = createMessageBatch("shopify-inbox", messages);
  const retries = batch.messages.map((m) => vi.spyOn(m, "retry"));
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  const result = await getQueueResult(batch, ctx);
  const delays = retries.map((spy) => spy.mock.calls.map(([options]) => options?.delaySeconds));
  return { ids: messages.map((m) => m.id), result, delays };
}

async function message(overrides: Partial<IntakeMessage> = {}): Promise<IntakeMessage> {
  const store = await newStore();
  const archiveKey = `shopify/${store.storeId}/2026/03/14/${crypto.randomUUID()}.json`;
  return intakeMessage("orders/create", {
    storeId: store.storeId,
    archiveKey,
    body: orderCreate,
    ...overrides,
  });
}

async function parkedFor(storeId: string) {
  return (await fakeCore.parkedExceptions()).filter((p) => p.storeId === storeId);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("inbox consumer: ack", () => {
  it("maps an inline orders/create, sends one valid order.created to mesh-events and acks", async () => {
    const events = vi.spyOn(env.EVENTS, "send");
    const body = await message();
    const { ids, result } = await consume({ body });

    expect(result.explicitAcks).toEqual(ids);
    expect(result.retryMessages).toEqual([]);
    expect(events).toHaveBeenCalledTimes(1);
    const [sent, options] = events.mock.calls[0] ?? [];
    expect(options).toEqual({ contentType: "json" });
    const event = MeshEvent.parse(sent);
    expect(event).toMatchObject({
      type: "order.created",
      id: `shopify:${body.storeId}:${body.dedupeKey}`,
      storeId: body.storeId,
      correlationId: body.correlationId,
      data: { externalId: "450789469", totals: { total: { amount: 59894, currency: "USD" } } },
    });
  });

  it("reads the body from the R2 archive when it did not ride inline", async () => {
    const events = vi.spyOn(env.EVENTS, "send");
    const body = await message({ body: null });
    await writeArchive(env.ARCHIVE, { ...body, body: orderCreate });
    const { ids, result } = await consume({ body });
    expect(result.explicitAcks).toEqual(ids);
    expect(MeshEvent.parse(events.mock.calls[0]?.[0]).type).toBe("order.created");
  });

  it("records an unsupported topic as delivery.unsupported and acks", async () => {
    const events = vi.spyOn(env.EVENTS, "send");
    const body = await message({
      topic: "products/update",
      dedupeKey: "products/update:evt-9",
      body: '{"id":632910392}',
    });
    const { ids, result } = await consume({ body });
    expect(result.explicitAcks).toEqual(ids);
    expect(MeshEvent.parse(events.mock.calls[0]?.[0])).toMatchObject({
      type: "delivery.unsupported",
      data: { channel: "shopify", topic: "products/update" },
    });
  });
});

describe("inbox consumer: retry with exponential delay on transient failures", () => {
  it("mesh-events refusing the send: retried, 10 s on the first attempt and 40 s on the third", async () => {
    vi.spyOn(env.EVENTS, "send").mockRejectedValue(new Error("queue unavailable"));
    const first = await consume({ body: await message(), attempts: 1 });
    const third = await consume({ body: await message(), attempts: 3 });
    expect(first.result.explicitAcks).toEqual([]);
    expect(first.result.retryMessages).toEqual([{ msgId: first.ids[0] }]);
    expect(first.delays).toEqual([[10]]);
    expect(third.result.retryMessages).toEqual([{ msgId: third.ids[0] }]);
    expect(third.delays).toEqual([[40]]);
  });

  it("R2 failing to read the archived body: retried", async () => {
    vi.spyOn(env.ARCHIVE, "get").mockRejectedValue(new Error("R2 unavailable"));
    const { ids, result, delays } = await consume({ body: await message({ body: null }) });
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toEqual([{ msgId: ids[0] }]);
    expect(delays).toEqual([[10]]);
  });

  it("core unable to record a parked message: retried, not acked", async () => {
    const body = await message({ body: '{"id": 450789469}' });
    await fakeCore.setFaults(body.storeId, { park: true });
    const { ids, result, delays } = await consume({ body });
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toEqual([{ msgId: ids[0] }]);
    expect(delays).toEqual([[10]]);
    expect(await parkedFor(body.storeId)).toEqual([]);
  });
});

describe("inbox consumer: park permanent failures in core, then ack", () => {
  it("a payload that fails the order schema is parked as validation with its archive key", async () => {
    const events = vi.spyOn(env.EVENTS, "send");
    const body = await message({ body: '{"id": 450789469}' });
    const { ids, result } = await consume({ body });
    expect(result.explicitAcks).toEqual(ids);
    expect(events).not.toHaveBeenCalled();
    const [parked] = await parkedFor(body.storeId);
    expect(parked).toMatchObject({
      kind: "validation",
      source: "shopify",
      storeId: body.storeId,
      correlationId: body.correlationId,
      payloadRef: body.archiveKey,
    });
    expect(parked?.detail).toContain("line_items");
  });

  it("a payload the mapping cannot represent is parked as mapping", async () => {
    const bad = JSON.stringify({ ...JSON.parse(orderCreate), total_price: "598.945", total_price_set: null });
    const body = await message({ body: bad });
    const { ids, result } = await consume({ body });
    expect(result.explicitAcks).toEqual(ids);
    expect(await parkedFor(body.storeId)).toEqual([
      expect.objectContaining({
        kind: "mapping",
        reason: "mapping failed",
        detail: expect.stringContaining("598.945"),
      }),
    ]);
  });

  it("a missing archive object is parked as processing", async () => {
    const body = await message({ body: null });
    const { ids, result } = await consume({ body });
    expect(result.explicitAcks).toEqual(ids);
    expect(await parkedFor(body.storeId)).toEqual([
      expect.objectContaining({ kind: "processing", payloadRef: body.archiveKey }),
    ]);
  });

  it("a message that is not an IntakeMessage is parked as validation with the message itself", async () => {
    const store = await newStore();
    const { ids, result } = await consume({ body: { storeId: store.storeId, hello: "world" } });
    expect(result.explicitAcks).toEqual(ids);
    const [parked] = await parkedFor(store.storeId);
    expect(parked).toMatchObject({ kind: "validation", reason: "inbox message is not an IntakeMessage" });
    expect(JSON.parse(parked?.payload ?? "null")).toEqual({ storeId: store.storeId, hello: "world" });
  });

  it("decides each message of a batch on its own", async () => {
    const good = await message();
    const broken = await message({ body: '{"id": 1}' });
    const failing = await message();
    const send = vi.spyOn(env.EVENTS, "send");
    send.mockImplementation(async (event) => {
      if (MeshEvent.parse(event).storeId === failing.storeId) throw new Error("queue unavailable");
      return { metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } } };
    });
    const { ids, result, delays } = await consume(
      { body: good },
      { body: broken },
      { body: failing, attempts: 2 },
    );
    expect(result.explicitAcks).toEqual([ids[0], ids[1]]);
    expect(result.retryMessages).toEqual([{ msgId: ids[2] }]);
    expect(delays).toEqual([[], [], [20]]);
    expect(await parkedFor(broken.storeId)).toEqual([expect.objectContaining({ kind: "validation" })]);
  });
});
