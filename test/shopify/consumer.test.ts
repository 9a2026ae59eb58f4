import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MeshEvent } from "../../shared/canonical";
import { ArchivedDelivery, writeArchive } from "../../shared/connector/archive";
import type { IntakeMessage } from "../../shared/connector/intake-message";
import { ledgerEntry } from "../../shared/connector/ledger-client";
import orderCreate from "../fixtures/shopify/orders-create.json?raw";
import { intakeMessage } from "./map-support";
import { archived, consume, fakeCore, logged, newStore, watchEvents } from "./support";

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

/** The ledger entry a message's delivery is claimed under. */
const entryOf = (m: IntakeMessage) => ledgerEntry(env.DELIVERY_LEDGER, m.storeId, m.dedupeKey);

async function parkedFor(storeId: string) {
  return (await fakeCore.parkedExceptions()).filter((p) => p.storeId === storeId);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("inbox consumer: ack", () => {
  it("archives an inline orders/create, sends one valid order.created to mesh-events, commits and acks", async () => {
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
    // The edge left the archive to the consumer: the raw body is kept under the message's key.
    expect(await archived(body.storeId)).toEqual([body.archiveKey]);
    const record = ArchivedDelivery.parse(await (await env.ARCHIVE.get(body.archiveKey))?.json());
    expect(record).toEqual(body);
    // Committed: the delivery is done for any later copy.
    expect(await entryOf(body).claim()).toEqual({ status: "duplicate" });
  });

  it("reads the body from the R2 archive when it did not ride inline, and writes no archive itself", async () => {
    const events = vi.spyOn(env.EVENTS, "send");
    const body = await message({ body: null });
    await writeArchive(env.ARCHIVE, { ...body, body: orderCreate });
    const put = vi.spyOn(env.ARCHIVE, "put");
    const { ids, result } = await consume({ body });
    expect(result.explicitAcks).toEqual(ids);
    expect(MeshEvent.parse(events.mock.calls[0]?.[0]).type).toBe("order.created");
    expect(put).not.toHaveBeenCalled();
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

  it("core unable to record a parked message: claim released and retried, not acked; the retry parks it", async () => {
    const body = await message({ body: '{"id": 450789469}' });
    await fakeCore.setFaults(body.storeId, { park: true });
    const { ids, result, delays } = await consume({ body });
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toEqual([{ msgId: ids[0] }]);
    expect(delays).toEqual([[10]]);
    expect(await parkedFor(body.storeId)).toEqual([]);

    await fakeCore.setFaults(body.storeId, {});
    const retry = await consume({ body, attempts: 2 });
    expect(retry.result.explicitAcks).toEqual(retry.ids);
    expect(await parkedFor(body.storeId)).toEqual([expect.objectContaining({ kind: "validation" })]);
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
      source: "shopify-inbox",
      storeId: body.storeId,
      correlationId: body.correlationId,
      payloadRef: body.archiveKey,
    });
    expect(parked?.detail).toContain("line_items");
  });

  it("an order whose canonical event would not fit a queue message is parked, with a replayable payload", async () => {
    const events = vi.spyOn(env.EVENTS, "send");
    const huge = JSON.stringify({ ...JSON.parse(orderCreate), note: "n".repeat(130_000) });
    const body = await message({ body: huge });
    const { ids, result } = await consume({ body });
    expect(result.explicitAcks).toEqual(ids);
    expect(events).not.toHaveBeenCalled();
    const [parked] = await parkedFor(body.storeId);
    expect(parked).toMatchObject({
      kind: "processing",
      reason: "canonical event too large for a queue message",
    });
    expect(JSON.parse(parked?.payload ?? "null")).toEqual({ ...body, body: null });
  });

  it("a replay of a parked delivery is processed, although the delivery itself was committed as done", async () => {
    const events = vi.spyOn(env.EVENTS, "send");
    const body = await message({ body: '{"id": 450789469}' });
    await consume({ body });
    const [parked] = await parkedFor(body.storeId);
    if (!parked?.payload) throw new Error("nothing parked");
    // Someone fixes the cause (here: the archived payload) and replays from core, which marks it.
    await writeArchive(env.ARCHIVE, { ...body, body: orderCreate });
    const replay = { ...JSON.parse(parked.payload), replayOf: "exc_1" };
    const copy = await consume({ body });
    const replayed = await consume({ body: replay });
    expect(copy.result.explicitAcks).toEqual(copy.ids);
    expect(replayed.result.explicitAcks).toEqual(replayed.ids);
    expect(events).toHaveBeenCalledTimes(1);
    expect(events.mock.calls[0]?.[0]).toMatchObject({
      type: "order.created",
      correlationId: body.correlationId,
    });
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

  it("a message that is not an IntakeMessage is parked as validation with the message itself, without a claim", async () => {
    const store = await newStore();
    const ledger = vi.spyOn(env.DELIVERY_LEDGER, "getByName");
    const { ids, result } = await consume({ body: { storeId: store.storeId, hello: "world" } });
    expect(ledger).not.toHaveBeenCalled();
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

// Dedupe lives here, not at the edge: every copy of a delivery reaches the inbox, and each message
// claims its store and dedupe key in the DeliveryLedger before anything is archived or sent.
describe("inbox consumer: dedupe in the delivery ledger", () => {
  it("a copy of a delivery already processed is acked as a duplicate: no event, no archive write", async () => {
    const events = watchEvents();
    const info = vi.spyOn(console, "log");
    const body = await message();
    await consume({ body });
    const put = vi.spyOn(env.ARCHIVE, "put");

    const copy = await consume({ body: { ...body, deliveryId: "another-webhook-id" } });

    expect(copy.result.explicitAcks).toEqual(copy.ids);
    expect(events.of(body.storeId)).toHaveLength(1);
    expect(put).not.toHaveBeenCalled();
    expect(logged(info, "duplicate delivery acknowledged")).toEqual([
      expect.objectContaining({ storeId: body.storeId, dedupeKey: body.dedupeKey }),
    ]);
  });

  it("a delivery another message holds right now is retried after that claim's lease, untouched", async () => {
    const events = watchEvents();
    const put = vi.spyOn(env.ARCHIVE, "put");
    const body = await message();
    const held = await entryOf(body).claim();
    if (held.status !== "claimed") throw new Error("expected a claim");

    const { ids, result, delays } = await consume({ body });

    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toEqual([{ msgId: ids[0] }]);
    const [delay] = delays[0] ?? [];
    expect(delay).toBeGreaterThanOrEqual(25);
    expect(delay).toBeLessThanOrEqual(30);
    expect(events.of(body.storeId)).toEqual([]);
    expect(put).not.toHaveBeenCalled();

    // The holder gave it back (its processing failed): the retried copy takes it over.
    await entryOf(body).release(held.token);
    const retry = await consume({ body, attempts: 2 });
    expect(retry.result.explicitAcks).toEqual(retry.ids);
    expect(events.of(body.storeId)).toHaveLength(1);
  });

  it("an in_flight answer with no time left still waits at least a second", async () => {
    const body = await message();
    const stub = { claim: async () => ({ status: "in_flight", retryAfterSeconds: 0 }) };
    vi.spyOn(env.DELIVERY_LEDGER, "getByName").mockReturnValue(stub as never);
    const { result, delays } = await consume({ body });
    expect(result.retryMessages).toHaveLength(1);
    expect(delays).toEqual([[1]]);
  });

  it("the ledger unavailable: retried with the usual backoff, nothing archived or sent", async () => {
    const events = watchEvents();
    const put = vi.spyOn(env.ARCHIVE, "put");
    const body = await message();
    const stub = { claim: () => Promise.reject(new Error("Durable Object unavailable")) };
    vi.spyOn(env.DELIVERY_LEDGER, "getByName").mockReturnValue(stub as never);
    const { ids, result, delays } = await consume({ body, attempts: 2 });
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toEqual([{ msgId: ids[0] }]);
    expect(delays).toEqual([[20]]);
    expect(events.of(body.storeId)).toEqual([]);
    expect(put).not.toHaveBeenCalled();
  });

  it("commits only after a successful send: the claim is still live while the event is being sent", async () => {
    const body = await message();
    const during: string[] = [];
    const send = env.EVENTS.send.bind(env.EVENTS);
    vi.spyOn(env.EVENTS, "send").mockImplementation(async (event, options) => {
      during.push((await entryOf(body).claim()).status);
      return send(event, options);
    });
    const { ids, result } = await consume({ body });
    expect(result.explicitAcks).toEqual(ids);
    expect(during).toEqual(["in_flight"]);
    expect(await entryOf(body).claim()).toEqual({ status: "duplicate" });
  });

  it("a failed send is not committed: the claim is released, so the redelivery sends the event", async () => {
    const events = watchEvents();
    events.spy.mockRejectedValueOnce(new Error("queue unavailable"));
    const body = await message();
    const failed = await consume({ body });
    expect(failed.result.retryMessages).toEqual([{ msgId: failed.ids[0] }]);
    expect(failed.delays).toEqual([[10]]);

    const retry = await consume({ body, attempts: 2 });
    expect(retry.result.explicitAcks).toEqual(retry.ids);
    expect(events.of(body.storeId)).toHaveLength(1);
  });

  it("a commit that fails after the send still acks (the event is out) and logs a warning", async () => {
    const events = watchEvents();
    const warn = vi.spyOn(console, "warn");
    const body = await message();
    const real = env.DELIVERY_LEDGER.getByName.bind(env.DELIVERY_LEDGER);
    vi.spyOn(env.DELIVERY_LEDGER, "getByName").mockImplementation((name) => {
      const stub = real(name);
      const wrapped = {
        claim: (key: string) => stub.claim(key),
        release: (key: string, token: string) => stub.release(key, token),
        commit: () => Promise.reject(new Error("Durable Object unavailable")),
      };
      return wrapped as never;
    });
    const { ids, result } = await consume({ body });
    expect(result.explicitAcks).toEqual(ids);
    expect(events.of(body.storeId)).toHaveLength(1);
    expect(logged(warn, "claim commit failed; a redelivered copy may be processed again")).toHaveLength(1);
  });
});

describe("inbox consumer: archiving an inline body", () => {
  it("an R2 write failure releases the claim and retries; the redelivery archives and sends", async () => {
    const events = watchEvents();
    const body = await message();
    vi.spyOn(env.ARCHIVE, "put").mockRejectedValueOnce(new Error("R2 unavailable"));

    const failed = await consume({ body });

    expect(failed.result.explicitAcks).toEqual([]);
    expect(failed.result.retryMessages).toEqual([{ msgId: failed.ids[0] }]);
    expect(failed.delays).toEqual([[10]]);
    expect(events.of(body.storeId)).toEqual([]);
    expect(await archived(body.storeId)).toEqual([]);
    // Released, not left to lapse: the delivery can be claimed again at once.
    const probe = await entryOf(body).claim();
    expect(probe.status).toBe("claimed");
    if (probe.status === "claimed") await entryOf(body).release(probe.token);

    const retry = await consume({ body, attempts: 2 });
    expect(retry.result.explicitAcks).toEqual(retry.ids);
    expect(events.of(body.storeId)).toHaveLength(1);
    expect(await archived(body.storeId)).toEqual([body.archiveKey]);
  });

  it("a parked delivery is archived too, so its payloadRef can be read back", async () => {
    const body = await message({ body: '{"id": 450789469}' });
    await consume({ body });
    const [parked] = await parkedFor(body.storeId);
    expect(parked?.payloadRef).toBe(body.archiveKey);
    expect(await archived(body.storeId)).toEqual([body.archiveKey]);
  });

  it("a parked message is committed: its redelivered copy is acked without a second park", async () => {
    const events = watchEvents();
    const body = await message({ body: '{"id": 450789469}' });
    const first = await consume({ body });
    expect(first.result.explicitAcks).toEqual(first.ids);
    expect(await parkedFor(body.storeId)).toHaveLength(1);

    const copy = await consume({ body, attempts: 2 });
    expect(copy.result.explicitAcks).toEqual(copy.ids);
    expect(await parkedFor(body.storeId)).toHaveLength(1);
    expect(events.of(body.storeId)).toEqual([]);
  });
});
