import { runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { orderEvent } from "../support/canonical-order";
import { ADMIN, api } from "./api-helpers";
import { deliver } from "./erp-helpers";
import {
  count,
  d1Line,
  expectConsistent,
  later,
  ledger,
  ledgerSql,
  lineOf,
  runAlarm,
  seedStore,
  skuOrder,
} from "./inventory-helpers";

/**
 * Holds are opt-in: unpaid orders reserve like paid ones unless the store's settings set a hold time.
 * Held stock is kept only for that time: the hold expires in the ledger's alarm (the stock is free
 * again and the line says why), and payment before that turns it into a plain reservation. Expiry is
 * tested by moving a hold's expiry into the past, never by waiting.
 */
const MINUTE = 60_000;
const keyOf = (storeId: string, externalId: string) => `shopify:${storeId}:${externalId}:L1`;

async function expireHolds(sku: string) {
  await ledgerSql(sku, "UPDATE reservations SET hold_expires_at = 1 WHERE status = 'held'");
  await runAlarm(sku);
}

async function putPolicy(body: unknown) {
  const res = await api("/v1/inventory/policy", {
    method: "PUT",
    headers: { ...ADMIN, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

/** `sto_hold` holds unpaid orders for 30 minutes; the policy is replaced whole, so every PUT names it. */
const HOLD_30 = { storeId: "sto_hold", backorder: "reserve_on_arrival", holdMinutes: 30 };

beforeAll(async () => {
  await seedStore("sto_hold");
  await putPolicy({ rules: [], safetyStock: [], stores: [HOLD_30] });
});

describe("holds for unpaid orders", () => {
  it("reserves a pending order's line like a paid one when the store sets no hold time (the default)", async () => {
    const sku = "HOLD-NONE-BY-DEFAULT";
    await count(sku, "default", 5);
    await deliver([
      orderEvent("order.created", skuOrder("sto_hold_unset", "H-0", sku, 2, { financialStatus: "pending" })),
    ]);
    const snapshot = await ledger(sku).snapshot();
    expect(lineOf(snapshot, keyOf("sto_hold_unset", "H-0"))).toMatchObject({
      status: "reserved",
      holdExpiresAt: null,
    });
    expect(snapshot).toMatchObject({ onHand: 5, reserved: 2, available: 3 });
    // Nothing expires: a cash-on-delivery order keeps its stock while the channel keeps the order.
    await ledgerSql(sku, "UPDATE reservations SET hold_expires_at = 1");
    await runAlarm(sku);
    expect(lineOf(await ledger(sku).snapshot(), keyOf("sto_hold_unset", "H-0"))?.status).toBe("reserved");
  });

  it("holds a pending order's line until a time the store's hold minutes set", async () => {
    const sku = "HOLD-DEFAULT";
    await count(sku, "default", 5);
    const before = Date.now();
    await deliver([
      orderEvent("order.created", skuOrder("sto_hold", "H-1", sku, 2, { financialStatus: "pending" })),
    ]);
    const after = Date.now();
    const snapshot = await ledger(sku).snapshot();
    expectConsistent(snapshot);
    expect(snapshot).toMatchObject({ onHand: 5, reserved: 2, available: 3 });
    const line = lineOf(snapshot, keyOf("sto_hold", "H-1"));
    expect(line).toMatchObject({ status: "held", quantity: 2, reason: null });
    const expires = Date.parse(line?.holdExpiresAt ?? "");
    expect(expires).toBeGreaterThanOrEqual(before + 30 * MINUTE);
    expect(expires).toBeLessThanOrEqual(after + 30 * MINUTE);
    await runAlarm(sku);
    // A held line counts as reserved in the order's one word.
    expect(await d1Line("sto_hold", "H-1")).toEqual({ status: "held", reserved: 2, orderState: "reserved" });
  });

  it("releases an expired hold with its reason, frees the stock for the next line in the queue, and tells D1", async () => {
    const sku = "HOLD-EXPIRE";
    await count(sku, "default", 2);
    const unpaid = skuOrder("sto_hold", "H-2", sku, 2, { financialStatus: "pending" });
    const waiting = skuOrder("sto_hold", "H-3", sku, 1);
    await deliver([orderEvent("order.created", unpaid)]);
    await deliver([orderEvent("order.created", waiting)]);
    expect(lineOf(await ledger(sku).snapshot(), keyOf("sto_hold", "H-3"))?.status).toBe("backordered");

    await expireHolds(sku);
    const after = await ledger(sku).snapshot();
    expectConsistent(after);
    expect(lineOf(after, keyOf("sto_hold", "H-2"))).toMatchObject({
      status: "released",
      reason: "hold expired: the order was not paid or approved in time",
      holdExpiresAt: null,
      locations: [],
    });
    expect(lineOf(after, keyOf("sto_hold", "H-3"))).toMatchObject({ status: "reserved" });
    expect(after).toMatchObject({ onHand: 2, reserved: 1, available: 1 });
    await runAlarm(sku);
    expect(await d1Line("sto_hold", "H-2")).toEqual({
      status: "released",
      reserved: 0,
      orderState: "released",
    });
    expect(await d1Line("sto_hold", "H-3")).toEqual({
      status: "reserved",
      reserved: 1,
      orderState: "reserved",
    });

    // The same unpaid event delivered again does not hold the stock a second time.
    await deliver([orderEvent("order.created", unpaid)]);
    expect(lineOf(await ledger(sku).snapshot(), keyOf("sto_hold", "H-2"))?.status).toBe("released");
  });

  it("turns a hold into a reservation when payment arrives, and ignores the older unpaid version after it", async () => {
    const sku = "HOLD-PAID";
    await count(sku, "default", 3);
    const unpaid = skuOrder("sto_hold", "H-4", sku, 2, { financialStatus: "pending" });
    await deliver([orderEvent("order.created", unpaid)]);
    const paid = later(unpaid, 5, { financialStatus: "paid" });
    await deliver([orderEvent("order.updated", paid)]);
    const snapshot = await ledger(sku).snapshot();
    expect(lineOf(snapshot, keyOf("sto_hold", "H-4"))).toMatchObject({
      status: "reserved",
      holdExpiresAt: null,
    });
    expect(snapshot).toMatchObject({ reserved: 2, available: 1 });

    await deliver([orderEvent("order.created", unpaid)]);
    await expireHolds(sku);
    expect(lineOf(await ledger(sku).snapshot(), keyOf("sto_hold", "H-4"))).toMatchObject({
      status: "reserved",
    });
  });

  it("reserves again when payment comes after the hold expired, if the stock is still there", async () => {
    const sku = "HOLD-LATE-PAYMENT";
    await count(sku, "default", 1);
    const unpaid = skuOrder("sto_hold", "H-5", sku, 1, { financialStatus: "pending" });
    await deliver([orderEvent("order.created", unpaid)]);
    await expireHolds(sku);
    expect((await ledger(sku).snapshot()).available).toBe(1);
    await deliver([orderEvent("order.updated", later(unpaid, 45, { financialStatus: "paid" }))]);
    expect(lineOf(await ledger(sku).snapshot(), keyOf("sto_hold", "H-5"))).toMatchObject({
      status: "reserved",
    });
  });

  it("follows the store's hold minutes from the policy; 0 reserves unpaid orders like paid ones", async () => {
    for (const id of ["sto_hold_short", "sto_hold_none"]) await seedStore(id);
    await putPolicy({
      rules: [],
      safetyStock: [],
      stores: [
        HOLD_30,
        { storeId: "sto_hold_short", backorder: "reserve_on_arrival", holdMinutes: 5 },
        { storeId: "sto_hold_none", backorder: "reserve_on_arrival", holdMinutes: 0 },
      ],
    });
    // A ledger nobody has asked yet: it reads the new policy (ledgers cache theirs for a few seconds).
    const sku = "HOLD-POLICY";
    await count(sku, "default", 5);
    const before = Date.now();
    await deliver([
      orderEvent("order.created", skuOrder("sto_hold_short", "H-6", sku, 1, { financialStatus: "pending" })),
    ]);
    const after = Date.now();
    await deliver([
      orderEvent("order.created", skuOrder("sto_hold_none", "H-7", sku, 1, { financialStatus: "pending" })),
    ]);
    const snapshot = await ledger(sku).snapshot();
    const short = lineOf(snapshot, keyOf("sto_hold_short", "H-6"));
    expect(short?.status).toBe("held");
    const expires = Date.parse(short?.holdExpiresAt ?? "");
    expect(expires).toBeGreaterThanOrEqual(before + 5 * MINUTE);
    expect(expires).toBeLessThanOrEqual(after + 5 * MINUTE);
    expect(lineOf(snapshot, keyOf("sto_hold_none", "H-7"))).toMatchObject({
      status: "reserved",
      holdExpiresAt: null,
    });
  });

  it("arms the ledger's alarm for the earliest hold expiry even when nothing else is pending", async () => {
    const sku = "HOLD-ALARM";
    await count(sku, "default", 1);
    await deliver([
      orderEvent("order.created", skuOrder("sto_hold", "H-8", sku, 1, { financialStatus: "pending" })),
    ]);
    await runAlarm(sku);
    const [alarm] = await ledgerSql(sku, "SELECT MIN(hold_expires_at) AS at FROM reservations");
    const armed = await runInDurableObject(ledger(sku), (_i, state) => state.storage.getAlarm());
    expect(armed).toBe(alarm?.at);
  });
});
