import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { orderEvent } from "../support/canonical-order";
import { ADMIN, api, postJson } from "./api-helpers";
import { deliver } from "./erp-helpers";
import {
  count,
  d1Line,
  expectConsistent,
  later,
  ledger,
  lineOf,
  runAlarm,
  seedStore,
  shortException,
  skuOrder,
} from "./inventory-helpers";

/**
 * A line that cannot be held is never lost or silently oversold: it is short with a reason and an
 * open `inventory` exception, and (when the store's policy says so) it takes stock as it arrives,
 * first come first served, which resolves the exception.
 */
const keyOf = (storeId: string, externalId: string) => `shopify:${storeId}:${externalId}:L1`;

async function putPolicy(body: unknown) {
  const res = await api("/v1/inventory/policy", {
    method: "PUT",
    headers: { ...ADMIN, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

async function receive(sku: string, delta: number) {
  const res = await postJson(
    "/v1/inventory/adjustments",
    { sku, delta, reason: "receipt", source: "erp" },
    { "idempotency-key": crypto.randomUUID() },
  );
  expect(res.status).toBe(200);
}

describe("backorders", () => {
  it("backorders a short line with an open exception, and reserves it when stock arrives", async () => {
    const sku = "BACKORDER-ARRIVAL";
    await count(sku, "default", 1);
    for (const [id, quantity] of [
      ["B-1", 1],
      ["B-2", 2],
      ["B-3", 1],
    ] as const)
      await deliver([orderEvent("order.created", skuOrder("sto_bo", id, sku, quantity))]);
    await runAlarm(sku);
    expect(await d1Line("sto_bo", "B-1")).toEqual({
      status: "reserved",
      reserved: 1,
      orderState: "reserved",
    });
    expect(await d1Line("sto_bo", "B-2")).toEqual({
      status: "backordered",
      reserved: 0,
      orderState: "short",
    });
    const exception = await shortException(keyOf("sto_bo", "B-2"));
    expect(exception).toMatchObject({
      kind: "inventory",
      source: "inventory-ledger",
      status: "open",
      store_id: "sto_bo",
      reason: `line short of ${sku}, backordered: it is reserved when stock arrives`,
      detail: "2 wanted, 0 free at the locations this store may sell from",
    });
    expect(exception?.order_id).toMatch(/^ord_/);

    // One unit arrives: B-2 (first in line) needs two, so B-3, which fits, takes it.
    await receive(sku, 1);
    let snapshot = await ledger(sku).snapshot();
    expectConsistent(snapshot);
    expect(lineOf(snapshot, keyOf("sto_bo", "B-2"))?.status).toBe("backordered");
    expect(lineOf(snapshot, keyOf("sto_bo", "B-3"))?.status).toBe("reserved");

    await receive(sku, 3);
    snapshot = await ledger(sku).snapshot();
    expectConsistent(snapshot);
    expect(lineOf(snapshot, keyOf("sto_bo", "B-2"))).toMatchObject({ status: "reserved", reason: null });
    expect(snapshot).toMatchObject({ onHand: 5, reserved: 4, available: 1 });
    await runAlarm(sku);
    expect(await d1Line("sto_bo", "B-2")).toEqual({
      status: "reserved",
      reserved: 2,
      orderState: "reserved",
    });
    expect(await d1Line("sto_bo", "B-3")).toEqual({
      status: "reserved",
      reserved: 1,
      orderState: "reserved",
    });
    expect((await shortException(keyOf("sto_bo", "B-2")))?.status).toBe("resolved");
    expect((await shortException(keyOf("sto_bo", "B-3")))?.status).toBe("resolved");
  });

  it("serves waiting lines in the order they arrived when stock comes back", async () => {
    const sku = "BACKORDER-FIFO";
    await count(sku, "default", 0);
    for (const id of ["F-1", "F-2", "F-3"])
      await deliver([orderEvent("order.created", skuOrder("sto_bo", id, sku, 1))]);
    await receive(sku, 2);
    const snapshot = await ledger(sku).snapshot();
    expect(["F-1", "F-2", "F-3"].map((id) => lineOf(snapshot, keyOf("sto_bo", id))?.status)).toEqual([
      "reserved",
      "reserved",
      "backordered",
    ]);
  });

  it("leaves a short line short under the manual policy, with its exception open", async () => {
    await seedStore("sto_manual");
    await putPolicy({
      rules: [],
      safetyStock: [],
      stores: [{ storeId: "sto_manual", backorder: "manual", holdMinutes: 30 }],
    });
    const sku = "BACKORDER-MANUAL";
    await count(sku, "default", 0);
    await deliver([orderEvent("order.created", skuOrder("sto_manual", "M-1", sku, 1))]);
    await receive(sku, 5);
    const snapshot = await ledger(sku).snapshot();
    expect(lineOf(snapshot, keyOf("sto_manual", "M-1"))).toMatchObject({
      status: "short",
      reason: "1 wanted, 0 free at the locations this store may sell from",
    });
    expect(snapshot).toMatchObject({ onHand: 5, reserved: 0 });
    await runAlarm(sku);
    expect(await d1Line("sto_manual", "M-1")).toEqual({ status: "short", reserved: 0, orderState: "short" });
    expect(await shortException(keyOf("sto_manual", "M-1"))).toMatchObject({
      status: "open",
      reason: `line short of ${sku}: waiting for a person (the store's backorder policy is manual)`,
    });
  });

  it("reserves only the units a partly cancelled line still wants and frees the rest for the queue", async () => {
    const sku = "BACKORDER-PARTIAL-CANCEL";
    await count(sku, "default", 5);
    const big = skuOrder("sto_bo", "P-1", sku, 4);
    await deliver([orderEvent("order.created", big)]);
    await deliver([orderEvent("order.created", skuOrder("sto_bo", "P-2", sku, 2))]);
    expect(lineOf(await ledger(sku).snapshot(), keyOf("sto_bo", "P-2"))?.status).toBe("backordered");

    const shrunk = later(big, 10, {
      lines: big.lines.map((l) => ({ ...l, cancelledQuantity: 3 })),
    });
    await deliver([orderEvent("order.updated", shrunk)]);
    const snapshot = await ledger(sku).snapshot();
    expectConsistent(snapshot);
    expect(lineOf(snapshot, keyOf("sto_bo", "P-1"))).toMatchObject({ status: "reserved", quantity: 1 });
    expect(lineOf(snapshot, keyOf("sto_bo", "P-2"))).toMatchObject({ status: "reserved", quantity: 2 });
    expect(snapshot).toMatchObject({ reserved: 3, available: 2 });
    await runAlarm(sku);
    expect(await d1Line("sto_bo", "P-1")).toEqual({
      status: "reserved",
      reserved: 1,
      orderState: "reserved",
    });
  });

  it("records demand as untracked until the SKU's first count, then judges it in arrival order", async () => {
    const sku = "BACKORDER-UNTRACKED";
    await deliver([orderEvent("order.created", skuOrder("sto_bo", "U-1", sku, 2))]);
    await deliver([orderEvent("order.created", skuOrder("sto_bo", "U-2", sku, 2))]);
    expect(await d1Line("sto_bo", "U-1")).toEqual({
      status: "untracked",
      reserved: 0,
      orderState: "untracked",
    });
    await count(sku, "default", 3);
    const snapshot = await ledger(sku).snapshot();
    expect(lineOf(snapshot, keyOf("sto_bo", "U-1"))?.status).toBe("reserved");
    expect(lineOf(snapshot, keyOf("sto_bo", "U-2"))?.status).toBe("backordered");
    await runAlarm(sku);
    expect(await d1Line("sto_bo", "U-2")).toEqual({
      status: "backordered",
      reserved: 0,
      orderState: "short",
    });
  });

  it("lets waiting lines follow a policy change: the store's backorder setting and stock an exclusive rule gave up", async () => {
    for (const id of ["sto_pc_a", "sto_pc_b"]) await seedStore(id);
    await putPolicy({
      rules: [{ storeId: "sto_pc_a", location: "wh-ex", mode: "exclusive", percent: null, cap: null }],
      safetyStock: [],
      stores: [{ storeId: "sto_pc_b", backorder: "manual", holdMinutes: 30 }],
    });
    const sku = "BACKORDER-POLICY-CHANGE";
    await count(sku, "wh-ex", 3);
    await deliver([orderEvent("order.created", skuOrder("sto_pc_b", "C-1", sku, 2))]);
    expect(lineOf(await ledger(sku).snapshot(), keyOf("sto_pc_b", "C-1"))?.status).toBe("short");
    await runAlarm(sku);
    expect((await shortException(keyOf("sto_pc_b", "C-1")))?.status).toBe("open");

    // The SKU is listed nowhere; its waiting line still has it resynced (through the events queue,
    // captured here and delivered to the consumer).
    const resyncs: unknown[] = [];
    const events = vi.spyOn(env.EVENTS, "sendBatch").mockImplementation(async (messages) => {
      for (const m of messages) resyncs.push(m.body);
      return { metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } } };
    });
    await putPolicy({ rules: [], safetyStock: [], stores: [] });
    events.mockRestore();
    expect(resyncs).toEqual([
      expect.objectContaining({
        type: "inventory.resync_requested",
        data: expect.objectContaining({ skus: expect.arrayContaining([sku]) }),
      }),
    ]);
    await deliver(resyncs);
    const snapshot = await ledger(sku).snapshot();
    expectConsistent(snapshot);
    expect(lineOf(snapshot, keyOf("sto_pc_b", "C-1"))).toMatchObject({
      status: "reserved",
      locations: [{ location: "wh-ex", quantity: 2 }],
    });
    await runAlarm(sku);
    expect(await d1Line("sto_pc_b", "C-1")).toEqual({
      status: "reserved",
      reserved: 2,
      orderState: "reserved",
    });
    expect((await shortException(keyOf("sto_pc_b", "C-1")))?.status).toBe("resolved");
  });
});
