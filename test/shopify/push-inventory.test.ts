import { afterEach, describe, expect, it, vi } from "vitest";
import { idempotencyKeyFor } from "../../workers/shopify/src/push-identity";
import { API_VERSION } from "./fake-shopify-admin";
import {
  command,
  consumeCommands,
  core,
  ITEM,
  LOCATION,
  parkedFor,
  pushesFor,
  storeWithShop,
} from "./push-support";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

afterEach(() => {
  vi.restoreAllMocks();
});

describe("inventory push: sets available on Shopify", () => {
  it("reads available, writes the command's quantity with that reading as changeFromQuantity and an idempotency key, reports pushed, acks", async () => {
    const { store, shop, token } = await storeWithShop(7);
    const cmd = command(store.storeId, { quantity: 10, sequence: 5, sku: "SKU 1/blue" });
    const { ids, result } = await consumeCommands({ body: cmd });

    expect(result.explicitAcks).toEqual(ids);
    expect(result.retryMessages).toEqual([]);
    expect(shop.available(ITEM, LOCATION)).toBe(10);
    expect(shop.requests.map((r) => r.operation)).toEqual(["read", "write"]);
    for (const r of shop.requests) {
      expect(r.url).toBe(`https://${store.shopDomain}/admin/api/${API_VERSION}/graphql.json`);
      expect(r.token).toBe(token);
      expect(r.contentType).toBe("application/json");
    }
    const write = shop.requests[1];
    expect(write?.query).toContain("@idempotent(key: $idempotencyKey)");
    expect(write?.variables).toEqual({
      idempotencyKey: await idempotencyKeyFor(cmd, 7),
      input: {
        name: "available",
        reason: "correction",
        referenceDocumentUri: "mesh://inventory/SKU%201%2Fblue/5",
        quantities: [{ inventoryItemId: ITEM, locationId: LOCATION, quantity: 10, changeFromQuantity: 7 }],
      },
    });
    expect(String(write?.variables.idempotencyKey)).toMatch(UUID);
    expect(await pushesFor(store.storeId)).toEqual([
      expect.objectContaining({
        commandId: cmd.id,
        sku: cmd.sku,
        sequence: 5,
        correlationId: cmd.correlationId,
        outcome: "pushed",
        quantity: 10,
        previousQuantity: 7,
      }),
    ]);
    expect(await parkedFor(store.storeId)).toEqual([]);
  });

  it("writes nothing when Shopify already shows the quantity, and reports pushed with it as the previous quantity", async () => {
    const { store, shop } = await storeWithShop(10);
    const { ids, result } = await consumeCommands({ body: command(store.storeId, { quantity: 10 }) });
    expect(result.explicitAcks).toEqual(ids);
    expect(shop.requests.map((r) => r.operation)).toEqual(["read"]);
    expect(await pushesFor(store.storeId)).toEqual([
      expect.objectContaining({ outcome: "pushed", quantity: 10, previousQuantity: 10 }),
    ]);
  });

  it("sets zero (a sold-out listing)", async () => {
    const { store, shop } = await storeWithShop(3);
    await consumeCommands({ body: command(store.storeId, { quantity: 0 }) });
    expect(shop.available(ITEM, LOCATION)).toBe(0);
  });
});

describe("inventory push: one logical write per command", () => {
  it("the same command delivered twice writes once: the second delivery finds the quantity set", async () => {
    const { store, shop } = await storeWithShop(7);
    const cmd = command(store.storeId);
    const first = await consumeCommands({ body: cmd });
    const second = await consumeCommands({ body: cmd });
    expect(first.result.explicitAcks).toEqual(first.ids);
    expect(second.result.explicitAcks).toEqual(second.ids);
    expect(shop.writes.map((w) => w.result)).toEqual(["applied"]);
    expect(shop.available(ITEM, LOCATION)).toBe(10);
  });

  it("a write lost before Shopify applied it is retried with the same key, and applied once", async () => {
    const { store, shop } = await storeWithShop(7);
    shop.faults.push({ on: "write", respond: "status", status: 503, body: "Service Unavailable" });
    const cmd = command(store.storeId);
    const first = await consumeCommands({ body: cmd });
    expect(first.result.retryMessages).toEqual([{ msgId: first.ids[0] }]);
    expect(first.delays).toEqual([[5]]);
    expect(await pushesFor(store.storeId)).toEqual([]);

    const second = await consumeCommands({ body: cmd, attempts: 2 });
    expect(second.result.explicitAcks).toEqual(second.ids);
    const keys = shop.requests.filter((r) => r.operation === "write").map((r) => r.variables.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(shop.writes.map((w) => w.result)).toEqual(["applied"]);
    expect(shop.available(ITEM, LOCATION)).toBe(10);
  });

  it("a write applied whose answer was lost is not written again: the retry reads the quantity and stops", async () => {
    const { store, shop } = await storeWithShop(7);
    shop.faults.push({ on: "write", respond: "apply-then-fail", status: 502 });
    const cmd = command(store.storeId);
    const first = await consumeCommands({ body: cmd });
    expect(first.result.retryMessages).toEqual([{ msgId: first.ids[0] }]);
    const second = await consumeCommands({ body: cmd, attempts: 2 });
    expect(second.result.explicitAcks).toEqual(second.ids);
    expect(shop.writes.map((w) => w.result)).toEqual(["lost"]);
    expect(shop.requests.map((r) => r.operation)).toEqual(["read", "write", "read"]);
    expect(await pushesFor(store.storeId)).toEqual([
      expect.objectContaining({ outcome: "pushed", previousQuantity: 10 }),
    ]);
  });

  it("the key is a UUID derived from the command id and the base it writes from", async () => {
    const cmd = command("sto_x");
    const key = await idempotencyKeyFor(cmd, 7);
    expect(key).toMatch(UUID);
    expect(await idempotencyKeyFor(cmd, 7)).toBe(key);
    expect(await idempotencyKeyFor(cmd, 8)).not.toBe(key);
    expect(await idempotencyKeyFor({ ...cmd, id: `${cmd.id}x` }, 7)).not.toBe(key);
    expect(await idempotencyKeyFor(cmd, 7, 1)).not.toBe(key);
  });
});

describe("inventory push: superseded commands never reach Shopify", () => {
  it("core has issued a newer command for the listing: acked, reported superseded, no Shopify call", async () => {
    const { store, shop, fetch } = await storeWithShop(7);
    await core.setListingState(store.storeId, "SKU-1", { sequence: 6, quantity: 4 });
    const { ids, result } = await consumeCommands({ body: command(store.storeId, { sequence: 5 }) });
    expect(result.explicitAcks).toEqual(ids);
    expect(fetch).not.toHaveBeenCalled();
    expect(shop.available(ITEM, LOCATION)).toBe(7);
    expect(await pushesFor(store.storeId)).toEqual([
      expect.objectContaining({ outcome: "superseded", sequence: 5, previousQuantity: null }),
    ]);
  });

  it("the current command (core's newest is this one) is pushed", async () => {
    const { store, shop } = await storeWithShop(7);
    await core.setListingState(store.storeId, "SKU-1", { sequence: 5, quantity: 10 });
    await consumeCommands({ body: command(store.storeId, { sequence: 5 }) });
    expect(shop.available(ITEM, LOCATION)).toBe(10);
  });

  it("two commands for one listing in a batch: only the newer is pushed, whatever the order", async () => {
    const { store, shop } = await storeWithShop(7);
    const older = command(store.storeId, { sequence: 4, quantity: 3 });
    const newer = command(store.storeId, { sequence: 5, quantity: 9 });
    const { ids, result } = await consumeCommands({ body: newer }, { body: older });
    expect(result.explicitAcks.sort()).toEqual([...ids].sort());
    expect(shop.writes.map((w) => [w.result, w.quantity])).toEqual([["applied", 9]]);
    expect(shop.available(ITEM, LOCATION)).toBe(9);
    const pushes = await pushesFor(store.storeId);
    expect(pushes.map((p) => [p.sequence, p.outcome]).sort()).toEqual([
      [4, "superseded"],
      [5, "pushed"],
    ]);
  });
});

describe("inventory push: compare-and-set", () => {
  it("a quantity moved between read and write (CHANGE_FROM_QUANTITY_STALE) is read again and written from the new base, with a new key", async () => {
    const { store, shop } = await storeWithShop(7);
    shop.faults.push({ on: "write", respond: "move", to: 8 });
    const cmd = command(store.storeId);
    const { ids, result } = await consumeCommands({ body: cmd });
    expect(result.explicitAcks).toEqual(ids);
    expect(shop.requests.map((r) => r.operation)).toEqual(["read", "write", "read", "write"]);
    expect(shop.writes.map((w) => [w.result, w.changeFromQuantity])).toEqual([
      ["stale", 7],
      ["applied", 8],
    ]);
    expect(shop.writes[1]?.key).toBe(await idempotencyKeyFor(cmd, 8));
    expect(shop.writes[1]?.key).not.toBe(shop.writes[0]?.key);
    expect(shop.available(ITEM, LOCATION)).toBe(10);
    expect(await pushesFor(store.storeId)).toEqual([
      expect.objectContaining({ outcome: "pushed", previousQuantity: 8 }),
    ]);
  });

  it("a quantity that moves under every attempt hands the message back to the queue with a delay", async () => {
    const { store, shop } = await storeWithShop(7);
    shop.faults.push(
      { on: "write", respond: "move", to: 8 },
      { on: "write", respond: "move", to: 9 },
      { on: "write", respond: "move", to: 11 },
    );
    const { ids, result, delays } = await consumeCommands({ body: command(store.storeId), attempts: 2 });
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toEqual([{ msgId: ids[0] }]);
    expect(delays).toEqual([[10]]);
    expect(shop.writes.map((w) => w.result)).toEqual(["stale", "stale", "stale"]);
    expect(await pushesFor(store.storeId)).toEqual([]);
  });

  it("Shopify asking for a new key after a failed attempt with the same base gets one", async () => {
    const { store, shop } = await storeWithShop(7);
    // Someone sets 8 just before our first write (stale), then sets 7 again before our re-read: the
    // second write has the first one's variables, and Shopify keeps that key's failure.
    shop.faults.push({ on: "write", respond: "move", to: 8 });
    const original = shop.handle.bind(shop);
    vi.spyOn(shop, "handle").mockImplementation(async (request) => {
      const response = await original(request);
      if (shop.writes.length === 1) shop.levels.set(`${ITEM}|${LOCATION}`, 7);
      return response;
    });
    const cmd = command(store.storeId);
    const { ids, result } = await consumeCommands({ body: cmd });
    expect(result.explicitAcks).toEqual(ids);
    expect(shop.writes.map((w) => w.result)).toEqual(["stale", "previous-failed", "applied"]);
    expect(shop.writes[1]?.key).toBe(shop.writes[0]?.key);
    expect(shop.writes[2]?.key).toBe(await idempotencyKeyFor(cmd, 7, 1));
    expect(shop.available(ITEM, LOCATION)).toBe(10);
  });

  it("a newer command issued while the quantity was moving stops the retries: superseded", async () => {
    const { store, shop } = await storeWithShop(7);
    shop.faults.push({ on: "write", respond: "move", to: 8 });
    const cmd = command(store.storeId, { sequence: 5 });
    const original = shop.handle.bind(shop);
    let writes = 0;
    vi.spyOn(shop, "handle").mockImplementation(async (request) => {
      const response = await original(request);
      if (shop.requests.at(-1)?.operation === "write" && ++writes === 1)
        await core.setListingState(store.storeId, "SKU-1", { sequence: 6, quantity: 2 });
      return response;
    });
    const { ids, result } = await consumeCommands({ body: cmd });
    expect(result.explicitAcks).toEqual(ids);
    expect(shop.writes.map((w) => w.result)).toEqual(["stale"]);
    expect(await pushesFor(store.storeId)).toEqual([expect.objectContaining({ outcome: "superseded" })]);
  });
});
