import { afterEach, describe, expect, it, vi } from "vitest";
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
import { fakeCore, newStore } from "./support";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("inventory push: throttling and outages are retried with a delay", () => {
  it("THROTTLED (HTTP 200): retried after the points it lacks at the restore rate, nothing written", async () => {
    const { store, shop } = await storeWithShop(7);
    shop.faults.push({
      on: "write",
      respond: "throttled",
      cost: { requested: 10, available: 2, restoreRate: 4 },
    });
    const { ids, result, delays } = await consumeCommands({ body: command(store.storeId) });
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toEqual([{ msgId: ids[0] }]);
    expect(delays).toEqual([[2]]);
    expect(shop.available(ITEM, LOCATION)).toBe(7);
    expect(await pushesFor(store.storeId)).toEqual([]);
    expect(await parkedFor(store.storeId)).toEqual([]);
  });

  it("HTTP 429 with Retry-After: retried after that many seconds", async () => {
    const { store, shop } = await storeWithShop(7);
    shop.faults.push({ on: "read", respond: "status", status: 429, headers: { "retry-after": "7" } });
    const { result, delays } = await consumeCommands({ body: command(store.storeId) });
    expect(result.retryMessages).toHaveLength(1);
    expect(delays).toEqual([[7]]);
  });

  it("HTTP 5xx and network failures: retried with a delay that doubles per attempt", async () => {
    const { store, shop, fetch } = await storeWithShop(7);
    shop.faults.push({ on: "read", respond: "status", status: 500, body: "Internal Server Error" });
    const third = await consumeCommands({ body: command(store.storeId), attempts: 3 });
    expect(third.delays).toEqual([[20]]);

    fetch.mockRejectedValueOnce(new TypeError("Network connection lost."));
    const first = await consumeCommands({ body: command(store.storeId) });
    expect(first.result.retryMessages).toHaveLength(1);
    expect(first.delays).toEqual([[5]]);
    expect(await parkedFor(store.storeId)).toEqual([]);
  });

  it("core unable to say whether the command is current: retried, no Shopify call", async () => {
    const { store, fetch } = await storeWithShop(7);
    await core.setFaults(store.storeId, { listing: true });
    const { result, delays } = await consumeCommands({ body: command(store.storeId) });
    expect(result.retryMessages).toHaveLength(1);
    expect(delays).toEqual([[5]]);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("core unable to record the push: retried; the redelivery writes nothing more and reports it", async () => {
    const { store, shop } = await storeWithShop(7);
    await core.setFaults(store.storeId, { report: true });
    const cmd = command(store.storeId);
    const first = await consumeCommands({ body: cmd });
    expect(first.result.explicitAcks).toEqual([]);
    expect(first.result.retryMessages).toHaveLength(1);
    expect(shop.available(ITEM, LOCATION)).toBe(10);

    await core.setFaults(store.storeId, {});
    const second = await consumeCommands({ body: cmd, attempts: 2 });
    expect(second.result.explicitAcks).toEqual(second.ids);
    expect(shop.writes.map((w) => w.result)).toEqual(["applied"]);
    expect(await pushesFor(store.storeId)).toEqual([expect.objectContaining({ outcome: "pushed" })]);
  });
});

describe("inventory push: what can never succeed as it is is parked, reported failed and acked", () => {
  it("an inventory item Shopify does not know (read): parked as inventory, no write", async () => {
    const { store, shop } = await storeWithShop(7);
    shop.items.clear();
    const cmd = command(store.storeId);
    const { ids, result } = await consumeCommands({ body: cmd });
    expect(result.explicitAcks).toEqual(ids);
    expect(shop.writes).toEqual([]);
    expect(await parkedFor(store.storeId)).toEqual([
      expect.objectContaining({
        kind: "inventory",
        source: "shopify-commands",
        reason: "Shopify has no such inventory item",
        correlationId: cmd.correlationId,
        payload: JSON.stringify(cmd),
      }),
    ]);
    expect(await pushesFor(store.storeId)).toEqual([
      expect.objectContaining({ outcome: "failed", previousQuantity: null }),
    ]);
  });

  it("a userError on the write (INVALID_INVENTORY_ITEM): parked with Shopify's code, not retried", async () => {
    const { store, shop } = await storeWithShop(7);
    shop.faults.push({ on: "write", respond: "delete-item" });
    const { ids, result } = await consumeCommands({ body: command(store.storeId) });
    expect(result.explicitAcks).toEqual(ids);
    expect(result.retryMessages).toEqual([]);
    const [parked] = await parkedFor(store.storeId);
    expect(parked).toMatchObject({ kind: "inventory", reason: "Shopify refused the inventory write" });
    expect(parked?.detail).toContain("INVALID_INVENTORY_ITEM");
    expect(await pushesFor(store.storeId)).toEqual([
      expect.objectContaining({ outcome: "failed", previousQuantity: 7 }),
    ]);
  });

  it("an item not stocked at the location: parked as inventory", async () => {
    const { store, shop } = await storeWithShop(7);
    shop.levels.clear();
    await consumeCommands({ body: command(store.storeId) });
    expect(await parkedFor(store.storeId)).toEqual([
      expect.objectContaining({
        kind: "inventory",
        reason: "the inventory item is not stocked at the location",
      }),
    ]);
  });

  it("a message that is not a ChannelCommand: parked as validation with the message, no Shopify call", async () => {
    const { store, fetch } = await storeWithShop(7);
    const body = { ...command(store.storeId), quantity: -1 };
    const { ids, result } = await consumeCommands({ body });
    expect(result.explicitAcks).toEqual(ids);
    expect(fetch).not.toHaveBeenCalled();
    const [parked] = await parkedFor(store.storeId);
    expect(parked).toMatchObject({
      kind: "validation",
      source: "shopify-commands",
      reason: "message is not a ChannelCommand",
      payload: JSON.stringify(body),
    });
    expect(parked?.detail).toContain("quantity");
    expect(await pushesFor(store.storeId)).toEqual([]);
  });

  it("core unable to take the exception: retried, not acked", async () => {
    const { store } = await storeWithShop(7);
    await core.setFaults(store.storeId, { park: true });
    const { result } = await consumeCommands({
      body: { ...command(store.storeId), type: "inventory.adjust" },
    });
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toHaveLength(1);
  });

  it("a store without an Admin token, a disabled store, an unknown store: parked as processing, no Shopify call", async () => {
    const withoutToken = await newStore({ adminAccessToken: null });
    const disabled = await newStore({ adminAccessToken: "shpat_disabled", status: "disabled" });
    const fetch = vi.spyOn(globalThis, "fetch");
    const { ids, result } = await consumeCommands(
      { body: command(withoutToken.storeId) },
      { body: command(disabled.storeId) },
      { body: command("sto_unknown") },
    );
    expect(result.explicitAcks.sort()).toEqual([...ids].sort());
    expect(fetch).not.toHaveBeenCalled();
    const reasons = async (storeId: string) => (await parkedFor(storeId)).map((p) => [p.kind, p.reason]);
    expect(await reasons(withoutToken.storeId)).toEqual([
      ["processing", "the store has no Admin API access token"],
    ]);
    expect(await reasons(disabled.storeId)).toEqual([["processing", "the store is disabled"]]);
    expect(await reasons("sto_unknown")).toEqual([["processing", "no Shopify store with this id"]]);
    expect(await pushesFor(withoutToken.storeId)).toEqual([expect.objectContaining({ outcome: "failed" })]);
  });

  it("asks core again for a store it knew without a token, so a token set a moment ago is used at once", async () => {
    const { store, shop } = await storeWithShop(7, { adminAccessToken: null });
    const parked = await consumeCommands({ body: command(store.storeId, { sequence: 1 }) });
    expect(parked.result.explicitAcks).toEqual(parked.ids);
    // The token is set now (core re-pushes the store's listings); the connector cached the store without one.
    await fakeCore.putStore({ ...store, adminAccessToken: shop.token });
    const pushed = await consumeCommands({ body: command(store.storeId, { sequence: 2 }) });
    expect(pushed.result.explicitAcks).toEqual(pushed.ids);
    expect(shop.available(ITEM, LOCATION)).toBe(10);
    expect((await pushesFor(store.storeId)).map((p) => p.outcome)).toEqual(["failed", "pushed"]);
  });

  it("Shopify refusing the token (401, 403): parked as processing", async () => {
    const { store, shop } = await storeWithShop(7);
    shop.faults.push({ on: "read", respond: "status", status: 403, body: '{"errors":"Forbidden"}' });
    const forbidden = await consumeCommands({ body: command(store.storeId) });
    expect(forbidden.result.explicitAcks).toEqual(forbidden.ids);

    const wrong = await storeWithShop(7);
    wrong.shop.token = "shpat_rotated";
    const unauthorized = await consumeCommands({ body: command(wrong.store.storeId) });
    expect(unauthorized.result.explicitAcks).toEqual(unauthorized.ids);
    for (const storeId of [store.storeId, wrong.store.storeId])
      expect(await parkedFor(storeId)).toEqual([
        expect.objectContaining({
          kind: "processing",
          reason: "Shopify refused the store's Admin API token",
        }),
      ]);
  });
});

describe("inventory push: the Admin token stays secret", () => {
  it("is sent only in X-Shopify-Access-Token and appears in no log line and no report, whatever happens", async () => {
    const lines: string[] = [];
    for (const level of ["log", "info", "warn", "error", "debug"] as const)
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(" "));
      });
    const { store, shop, token } = await storeWithShop(7);
    shop.faults.push(
      { on: "read", respond: "status", status: 503 },
      { on: "read", respond: "throttled" },
      {
        on: "write",
        respond: "status",
        status: 401,
        body: '{"errors":"[API] Invalid API key or access token"}',
      },
    );
    for (let attempts = 1; attempts <= 3; attempts++)
      await consumeCommands({ body: command(store.storeId), attempts });
    await consumeCommands({ body: { ...command(store.storeId), sku: 42 } });

    expect(lines.length).toBeGreaterThan(3);
    expect(lines.filter((l) => l.includes(token))).toEqual([]);
    const recorded = JSON.stringify([await parkedFor(store.storeId), await pushesFor(store.storeId)]);
    expect(recorded).toContain("Shopify refused");
    expect(recorded).not.toContain(token);
    for (const r of shop.requests) {
      expect(r.url).not.toContain(token);
      expect(JSON.stringify(r.variables)).not.toContain(token);
    }
  });
});
