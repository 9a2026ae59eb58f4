import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { InventorySetCommand } from "../../shared/canonical";
import { migrateLedger } from "../../workers/core/src/inventory/ledger-tables";
import { orderEvent } from "../support/canonical-order";
import { ADMIN, api } from "./api-helpers";
import { deliver } from "./erp-helpers";
import {
  captureCommands,
  count,
  d1Line,
  expectConsistent,
  holdPushes,
  ledger,
  ledgerSql,
  listSku,
  reserveRequest,
  runAlarm,
  seedStore,
  shortException,
  skuOrder,
} from "./inventory-helpers";

/**
 * Fan-out: after a burst of changes the SKU's ledger sends one `inventory.set` per listing whose
 * available-to-promise moved, onto the channel's command queue (SHOPIFY_COMMANDS). Core's test
 * project has no consumer for that queue; the commands are observed where the ledger hands them to
 * the producer binding, and `channels[].lastCommand` shows what the ledger recorded as sent.
 */
afterEach(() => {
  vi.restoreAllMocks();
});

const send = (method: string, path: string, body?: unknown) =>
  api(path, {
    method,
    headers: { ...ADMIN, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const lastCommands = async (sku: string) =>
  Object.fromEntries(
    (await ledger(sku).snapshot()).channels.map((c) => [c.storeId, c.lastCommand?.quantity]),
  );

describe("fan-out to the channels", () => {
  it("reserves the last unit once when two channels order it at the same moment, and sends both 0", async () => {
    const sku = "FAN-LAST-UNIT";
    const commands = captureCommands();
    await listSku("sto_fan_x", sku);
    await listSku("sto_fan_y", sku);
    await count(sku, "default", 1);
    await runAlarm(sku);
    expect(await lastCommands(sku)).toEqual({ sto_fan_x: 1, sto_fan_y: 1 });

    const x = skuOrder("sto_fan_x", "X-1", sku, 1);
    const y = skuOrder("sto_fan_y", "Y-1", sku, 1);
    await Promise.all([deliver([orderEvent("order.created", x)]), deliver([orderEvent("order.created", y)])]);
    const snapshot = await ledger(sku).snapshot();
    expectConsistent(snapshot);
    expect(snapshot.reservations.map((r) => r.status).sort()).toEqual(["backordered", "reserved"]);
    expect(snapshot).toMatchObject({ onHand: 1, reserved: 1, available: 0 });

    await runAlarm(sku);
    const after = await ledger(sku).snapshot();
    expect(after.channels).toEqual([
      expect.objectContaining({
        storeId: "sto_fan_x",
        available: 0,
        lastCommand: expect.objectContaining({ quantity: 0, sequence: 2 }),
      }),
      expect.objectContaining({
        storeId: "sto_fan_y",
        available: 0,
        lastCommand: expect.objectContaining({ quantity: 0, sequence: 2 }),
      }),
    ]);
    expect(after.pendingPushSince).toBeNull();
    const latest = commands.latest(sku);
    for (const storeId of ["sto_fan_x", "sto_fan_y"]) {
      expect(latest.get(storeId)).toMatchObject({
        type: "inventory.set",
        id: `${storeId}:${sku}:2`,
        channel: "shopify",
        storeId,
        sku,
        listing: { externalItemId: `item-${sku}`, externalLocationId: `loc-${storeId}` },
        quantity: 0,
        sequence: 2,
      });
    }
    expect(commands.sent.filter((c) => c.sku === sku)).toHaveLength(4);

    // Both orders in D1: one reserved, the other short with an open exception.
    const states = [await d1Line("sto_fan_x", "X-1"), await d1Line("sto_fan_y", "Y-1")].map(
      (l) => l?.orderState,
    );
    expect(states.sort()).toEqual(["reserved", "short"]);
    const loser = snapshot.reservations.find((r) => r.status === "backordered");
    expect((await shortException(loser?.lineKey ?? ""))?.status).toBe("open");
  });

  it("coalesces a burst of reservations into one command per listing", async () => {
    const sku = "FAN-BURST";
    const commands = captureCommands();
    await holdPushes(sku);
    await listSku("sto_fan_x", sku);
    await listSku("sto_fan_y", sku);
    await count(sku, "default", 50);
    await runAlarm(sku);
    const before = commands.sent.length;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ledger(sku).reserve(reserveRequest(`shopify:sto_fan_x:BURST-${i}:L1`, 1)),
      ),
    );
    // One alarm, armed by the burst's first change and not pushed back by the later ones.
    const pending = (await ledger(sku).snapshot()).pendingPushSince;
    const armed = await runInDurableObject(ledger(sku), (_i, state) => state.storage.getAlarm());
    expect((armed ?? 0) - Date.parse(pending ?? "")).toBe(3_600_000);
    await runAlarm(sku);
    const burst = commands.sent.slice(before).filter((c) => c.sku === sku);
    expect(burst.map((c) => [c.storeId, c.quantity, c.sequence])).toEqual([
      ["sto_fan_x", 30, 2],
      ["sto_fan_y", 30, 2],
    ]);
    // The command names the first change it carries, and the change that caused it.
    expect(Date.parse(burst[0]?.changedAt ?? "")).toBeLessThanOrEqual(Date.parse(burst[0]?.issuedAt ?? ""));
  });

  it("sends nothing to a listing whose available-to-promise did not move", async () => {
    const sku = "FAN-UNMOVED";
    const commands = captureCommands();
    await listSku("sto_fan_x", sku);
    await count(sku, "default", 10);
    await runAlarm(sku);
    await ledger(sku).reserve(reserveRequest("shopify:sto_fan_x:U-1:L1", 1));
    await ledger(sku).release({
      lineKey: "shopify:sto_fan_x:U-1:L1",
      orderRef: "shopify:sto_fan_x:U-1",
      version: 2,
      correlationId: "c",
    });
    await runAlarm(sku);
    expect(commands.sent.filter((c) => c.sku === sku).map((c) => c.quantity)).toEqual([10]);
    expect((await ledger(sku).snapshot()).pendingPushSince).toBeNull();
  });

  it("keeps a change pending when the command queue fails, still tells D1, and sends it on the alarm's retry", async () => {
    const sku = "FAN-QUEUE-DOWN";
    await holdPushes(sku);
    await listSku("sto_fan_x", sku);
    await count(sku, "default", 3);
    await deliver([orderEvent("order.created", skuOrder("sto_fan_x", "Q-1", sku, 5))]);
    expect(await d1Line("sto_fan_x", "Q-1")).toEqual({
      status: "backordered",
      reserved: 0,
      orderState: "short",
    });
    const failing = vi
      .spyOn(env.SHOPIFY_COMMANDS, "sendBatch")
      .mockRejectedValue(new Error("queue unavailable"));
    await ledger(sku).adjust({
      id: "receipt-q",
      location: "default",
      kind: "delta",
      quantity: 2,
      sequence: null,
      reason: "receipt",
    });
    await runAlarm(sku);
    expect(failing).toHaveBeenCalled();
    let snapshot = await ledger(sku).snapshot();
    expect(snapshot.channels[0]?.lastCommand).toBeNull();
    expect(snapshot.pendingPushSince).not.toBeNull();
    // The line the receipt filled reached D1 all the same.
    expect(await d1Line("sto_fan_x", "Q-1")).toEqual({
      status: "reserved",
      reserved: 5,
      orderState: "reserved",
    });
    const [failures] = await ledgerSql(sku, "SELECT value FROM meta WHERE key = 'alarm_failures'");
    expect(failures?.value).toBe("1");
    failing.mockRestore();
    const commands = captureCommands();
    await runAlarm(sku);
    snapshot = await ledger(sku).snapshot();
    // Sequence 1 went to the failed send: the retry's command carries a sequence of its own.
    expect(snapshot.channels[0]?.lastCommand).toMatchObject({ quantity: 0, sequence: 2 });
    expect(snapshot.pendingPushSince).toBeNull();
    expect(commands.latest(sku).get("sto_fan_x")?.quantity).toBe(0);
    expect(await ledgerSql(sku, "SELECT value FROM meta WHERE key = 'alarm_failures'")).toEqual([]);
  });

  it("reserves a command's sequence before sending it, so a retry after a failed send never reuses it", async () => {
    const sku = "FAN-SEQUENCE-RESERVED";
    await holdPushes(sku);
    await listSku("sto_fan_x", sku);
    // Every command the ledger tries to send; the first try after the count fails after the queue
    // may have taken it (a timeout), so the connector may see that command too.
    const attempted: InventorySetCommand[] = [];
    const queue = env.SHOPIFY_COMMANDS;
    const original = queue.sendBatch.bind(queue);
    let failNext = false;
    vi.spyOn(queue, "sendBatch").mockImplementation(async (messages, options) => {
      for (const m of messages) attempted.push(m.body as InventorySetCommand);
      if (failNext) {
        failNext = false;
        throw new Error("queue timeout");
      }
      return original(messages, options);
    });
    await count(sku, "default", 6);
    await runAlarm(sku);
    await ledger(sku).reserve(reserveRequest("shopify:sto_fan_x:S-1:L1", 2));
    failNext = true;
    await runAlarm(sku);
    // The connector already knows the sequence the failed send carried.
    expect(await ledger(sku).listingState("sto_fan_x")).toEqual({ sequence: 2, quantity: 4 });
    let snapshot = await ledger(sku).snapshot();
    expect(snapshot.pendingPushSince).not.toBeNull();
    expect(snapshot.channels[0]?.lastCommand).toMatchObject({ sequence: 1, quantity: 6 });
    await ledger(sku).reserve(reserveRequest("shopify:sto_fan_x:S-2:L1", 1));
    await runAlarm(sku);
    expect(attempted.filter((c) => c.sku === sku).map((c) => [c.sequence, c.quantity])).toEqual([
      [1, 6],
      [2, 4],
      [3, 3],
    ]);
    expect(await ledger(sku).listingState("sto_fan_x")).toEqual({ sequence: 3, quantity: 3 });
    snapshot = await ledger(sku).snapshot();
    expect(snapshot.pendingPushSince).toBeNull();
    expect(snapshot.channels[0]?.lastCommand).toMatchObject({ sequence: 3, quantity: 3 });
  });

  it("keeps the change pending while its push is on the way, and keeps a change made meanwhile", async () => {
    const sku = "FAN-PENDING-IN-FLIGHT";
    await holdPushes(sku);
    const commands = captureCommands();
    await listSku("sto_fan_x", sku);
    await count(sku, "default", 5);
    await runAlarm(sku);
    await ledger(sku).reserve(reserveRequest("shopify:sto_fan_x:F-1:L1", 1));
    // While the queue takes the command, the ledger is asked about itself and takes another order.
    const queue = env.SHOPIFY_COMMANDS;
    const send = queue.sendBatch;
    let during: { pendingPushSince: string | null } | null = null;
    vi.spyOn(queue, "sendBatch").mockImplementationOnce(async (messages, options) => {
      during = await ledger(sku).snapshot();
      await ledger(sku).reserve(reserveRequest("shopify:sto_fan_x:F-2:L1", 1));
      return send.call(queue, messages, options);
    });
    await runAlarm(sku);
    // Had the object been reset before the send returned, the change would still be pending.
    expect(during).toMatchObject({ pendingPushSince: expect.any(String) });
    expect(commands.latest(sku).get("sto_fan_x")).toMatchObject({ sequence: 2, quantity: 4 });
    expect((await ledger(sku).snapshot()).pendingPushSince).not.toBeNull();
    await runAlarm(sku);
    expect(commands.latest(sku).get("sto_fan_x")).toMatchObject({ sequence: 3, quantity: 3 });
    expect((await ledger(sku).snapshot()).pendingPushSince).toBeNull();
  });

  it("answers a connector's question about a listing with the newest command sent to it", async () => {
    const sku = "FAN-LISTING-STATE";
    captureCommands();
    await listSku("sto_fan_x", sku);
    expect(await ledger(sku).listingState("sto_fan_x")).toBeNull();
    await count(sku, "default", 4);
    await runAlarm(sku);
    await ledger(sku).reserve(reserveRequest("shopify:sto_fan_x:L-1:L1", 1));
    await runAlarm(sku);
    expect(await ledger(sku).listingState("sto_fan_x")).toEqual({ sequence: 2, quantity: 3 });
  });

  it("pushes a listing again when it is pointed at another item or location", async () => {
    const sku = "FAN-REPOINT";
    const commands = captureCommands();
    await listSku("sto_fan_x", sku);
    await count(sku, "default", 4);
    await runAlarm(sku);
    await listSku("sto_fan_x", sku, "shopify", "item-moved");
    await ledger(sku).requestPush("corr-repoint");
    await runAlarm(sku);
    const latest = commands.latest(sku).get("sto_fan_x");
    expect(latest).toMatchObject({ quantity: 4, sequence: 2, listing: { externalItemId: "item-moved" } });
  });

  it("pushes a store's listings again when asked, even if their quantity did not move, with a new sequence", async () => {
    const sku = "FAN-FORCE";
    const commands = captureCommands();
    await listSku("sto_fan_x", sku);
    await listSku("sto_fan_y", sku);
    await count(sku, "default", 4);
    await runAlarm(sku);
    // The store's Admin token was just set: what its connector parked is pushed again.
    await ledger(sku).requestPush("corr-token-set", "sto_fan_x");
    await runAlarm(sku);
    const sent = () =>
      commands.sent.filter((c) => c.sku === sku).map((c) => [c.storeId, c.quantity, c.sequence]);
    expect(sent()).toEqual([
      ["sto_fan_x", 4, 1],
      ["sto_fan_y", 4, 1],
      ["sto_fan_x", 4, 2],
    ]);
    expect(await ledger(sku).listingState("sto_fan_x")).toEqual({ sequence: 2, quantity: 4 });
    // Once: a resync that changes nothing pushes nothing.
    await ledger(sku).requestPush("corr-resync");
    await runAlarm(sku);
    expect(sent()).toHaveLength(3);
    expect((await ledger(sku).snapshot()).pendingPushSince).toBeNull();
  });

  it("pushes nothing for a listed SKU no count is known for, and pushes once a count arrives", async () => {
    const sku = "FAN-UNCOUNTED";
    const commands = captureCommands();
    await listSku("sto_fan_x", sku);
    await ledger(sku).reserve(reserveRequest("shopify:sto_fan_x:C-1:L1", 1));
    await ledger(sku).requestPush("corr-listed");
    await runAlarm(sku);
    // Not 0: the channel would show the item sold out before anyone counted it.
    expect(commands.sent.filter((c) => c.sku === sku)).toEqual([]);
    expect(await ledger(sku).listingState("sto_fan_x")).toBeNull();
    expect((await ledger(sku).snapshot()).pendingPushSince).toBeNull();
    await count(sku, "default", 3);
    await runAlarm(sku);
    expect(commands.sent.filter((c) => c.sku === sku).map((c) => [c.quantity, c.sequence])).toEqual([[2, 1]]);
  });

  it("pushes the channels that have a connector even when another listed channel has none", async () => {
    const sku = "FAN-NO-CONNECTOR";
    const commands = captureCommands();
    await listSku("sto_fan_x", sku);
    await listSku("sto_fan_amazon", sku, "amazon");
    await count(sku, "default", 2);
    await deliver([orderEvent("order.created", skuOrder("sto_fan_x", "N-1", sku, 3))]);
    await runAlarm(sku);
    expect(commands.latest(sku).get("sto_fan_x")?.quantity).toBe(2);
    expect(commands.latest(sku).has("sto_fan_amazon")).toBe(false);
    // The line's state still reached D1.
    expect(await d1Line("sto_fan_x", "N-1")).toEqual({
      status: "backordered",
      reserved: 0,
      orderState: "short",
    });
  });

  it("pushes a listing removed and listed again through the API, even if its quantity did not move", async () => {
    const sku = "FAN-RELIST";
    await seedStore("sto_fan_relist");
    const commands = captureCommands();
    // Listing changes reach the ledger through the events queue: capture and deliver them here.
    const resyncs: unknown[] = [];
    vi.spyOn(env.EVENTS, "sendBatch").mockImplementation(async (messages) => {
      for (const m of messages) resyncs.push(m.body);
      return { metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } } };
    });
    const listing = {
      storeId: "sto_fan_relist",
      sku,
      externalItemId: "gid://shopify/InventoryItem/1",
      externalLocationId: "gid://shopify/Location/1",
    };
    const put = () => send("PUT", "/v1/inventory/listings", { listings: [listing] });
    const resync = async () => {
      const pending = resyncs.splice(0);
      expect(pending.length).toBeGreaterThan(0);
      await deliver(pending);
      await runAlarm(sku);
    };
    await count(sku, "default", 4);
    expect((await put()).status).toBe(200);
    await resync();
    expect((await send("DELETE", `/v1/inventory/listings/sto_fan_relist/${sku}`)).status).toBe(204);
    await resync();
    expect((await put()).status).toBe(200);
    await resync();
    expect(commands.sent.filter((c) => c.sku === sku).map((c) => [c.quantity, c.sequence])).toEqual([
      [4, 1],
      [4, 2],
    ]);
    expect(await ledger(sku).listingState("sto_fan_relist")).toEqual({ sequence: 2, quantity: 4 });
  });

  it("pushes with the last policy read when the alarm cannot read D1 on an evicted ledger", async () => {
    const sku = "FAN-POLICY-UNREADABLE";
    await holdPushes(sku);
    const commands = captureCommands();
    await listSku("sto_fan_x", sku);
    await count(sku, "default", 6);
    await runAlarm(sku);
    await ledger(sku).reserve(reserveRequest("shopify:sto_fan_x:P-1:L1", 2));
    // A fresh instance has no policy in memory, and D1 stays down: the ledger's stored copy serves.
    await evictDurableObject(ledger(sku));
    const d1 = vi.spyOn(env.DB, "batch").mockRejectedValue(new Error("D1 unreachable"));
    await runAlarm(sku);
    expect(d1).toHaveBeenCalled();
    expect(commands.latest(sku).get("sto_fan_x")).toMatchObject({ quantity: 4, sequence: 2 });
    d1.mockRestore();
    expect((await ledger(sku).snapshot()).pendingPushSince).toBeNull();
  });

  it("keeps the pending push when the alarm cannot read the policy and none was ever read", async () => {
    const sku = "FAN-POLICY-NEVER-READ";
    await holdPushes(sku);
    const commands = captureCommands();
    await listSku("sto_fan_x", sku);
    await count(sku, "default", 6);
    await runAlarm(sku);
    await ledger(sku).reserve(reserveRequest("shopify:sto_fan_x:P-1:L1", 2));
    // A ledger from before policies were kept in its storage, evicted: it knows no policy at all.
    await ledgerSql(sku, "DELETE FROM meta WHERE key = 'policy'");
    await evictDurableObject(ledger(sku));
    const d1 = vi.spyOn(env.DB, "batch").mockRejectedValueOnce(new Error("D1 unreachable"));
    await runAlarm(sku);
    expect(d1).toHaveBeenCalled();
    d1.mockRestore();
    const waiting = await ledger(sku).snapshot();
    expect(waiting.pendingPushSince).not.toBeNull();
    expect(waiting.channels[0]?.lastCommand).toMatchObject({ quantity: 6, sequence: 1 });
    await runAlarm(sku);
    expect(commands.latest(sku).get("sto_fan_x")).toMatchObject({ quantity: 4, sequence: 2 });
    expect((await ledger(sku).snapshot()).pendingPushSince).toBeNull();
  });

  it("upgrades a ledger whose pushes predate targets in place, keeping sequences and pushing nothing again", async () => {
    const sku = "FAN-UPGRADE";
    await holdPushes(sku);
    const commands = captureCommands();
    await listSku("sto_fan_x", sku);
    await count(sku, "default", 5);
    await runAlarm(sku);
    // The pushes table as ledgers created before targets have it, then the constructor's migration.
    await runInDurableObject(ledger(sku), (_instance, state) => {
      const sql = state.storage.sql;
      sql.exec("ALTER TABLE pushes RENAME TO pushes_new");
      sql.exec(
        "CREATE TABLE pushes (store_id TEXT PRIMARY KEY, quantity INTEGER NOT NULL, sequence INTEGER NOT NULL, issued_at INTEGER NOT NULL)",
      );
      sql.exec("INSERT INTO pushes SELECT store_id, quantity, sequence, issued_at FROM pushes_new");
      sql.exec("DROP TABLE pushes_new");
      migrateLedger(sql);
    });
    expect(await ledgerSql(sku, "SELECT store_id, sequence, target FROM pushes")).toEqual([
      { store_id: "sto_fan_x", sequence: 1, target: null },
    ]);
    await ledger(sku).requestPush("corr-upgrade");
    await runAlarm(sku);
    expect(commands.sent.filter((c) => c.sku === sku).map((c) => c.sequence)).toEqual([1]);
    await ledger(sku).reserve(reserveRequest("shopify:sto_fan_x:G-1:L1", 1));
    await runAlarm(sku);
    expect(commands.latest(sku).get("sto_fan_x")).toMatchObject({ quantity: 4, sequence: 2 });
  });
});
