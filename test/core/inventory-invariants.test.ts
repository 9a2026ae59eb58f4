import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { OrderEvent } from "../../shared/canonical";
import type { LedgerSnapshot } from "../../workers/core/src/inventory/ledger-types";
import { orderEvent } from "../support/canonical-order";
import { deliver } from "./erp-helpers";
import {
  count,
  expectConsistent,
  later,
  ledger,
  releaseRequest,
  reserveRequest,
  runAlarm,
  seededRandom,
  shuffled,
  skuOrder,
  stateOf,
} from "./inventory-helpers";

/**
 * The ledger's promises under load and disorder: reservations never exceed stock at any location,
 * on-hand never goes below zero, a line that cannot be held is marked with a reason, and the same
 * events delivered again or in another order end in the same state. Every run is seeded.
 */
const STORES = [
  { channel: "shopify", storeId: "sto_a" },
  { channel: "shopify", storeId: "sto_b" },
  { channel: "amazon", storeId: "sto_c" },
];

type Step =
  | { kind: "reserve"; lineKey: string; quantity: number; version: number }
  | { kind: "release"; lineKey: string; version: number }
  | { kind: "ship"; lineKey: string; quantity: number };

function apply(sku: string, step: Step) {
  const stub = ledger(sku);
  if (step.kind === "reserve")
    return stub.reserve(reserveRequest(step.lineKey, step.quantity, { version: step.version }));
  if (step.kind === "release") return stub.release(releaseRequest(step.lineKey, step.version));
  const orderRef = step.lineKey.split(":").slice(0, 3).join(":");
  return stub.commit({
    shipmentKey: `${orderRef}:F1`,
    lineKey: step.lineKey,
    orderRef,
    storeId: step.lineKey.split(":")[1] ?? "",
    quantity: step.quantity,
    location: null,
    erpDocKey: null,
    correlationId: `ship-${step.lineKey}`,
  });
}

/** Lines spread over three stores and two channels, with quantities 1 to 3. */
function lines(n: number, random: () => number, prefix: string) {
  return Array.from({ length: n }, (_, i) => {
    const store = STORES[i % STORES.length] ?? STORES[0];
    return {
      lineKey: `${store?.channel}:${store?.storeId}:${prefix}-${i}:L1`,
      quantity: 1 + Math.floor(random() * 3),
    };
  });
}

/**
 * A history per line: created (v1), sometimes changed (v2: more, fewer or partly cancelled units),
 * sometimes cancelled (v3), sometimes one unit shipped. Returns the steps and what each open line
 * finally wants.
 */
function histories(n: number, seed: number) {
  const random = seededRandom(seed);
  const steps: Step[] = [];
  const finals = new Map<string, { quantity: number; shipped: number } | "cancelled">();
  for (const line of lines(n, random, `H${seed}`)) {
    steps.push({ kind: "reserve", lineKey: line.lineKey, quantity: line.quantity, version: 1 });
    let quantity = line.quantity;
    if (random() < 0.4) {
      quantity = 1 + Math.floor(random() * 3);
      steps.push({ kind: "reserve", lineKey: line.lineKey, quantity, version: 2 });
    }
    const fate = random();
    if (fate < 0.2) {
      steps.push({ kind: "release", lineKey: line.lineKey, version: 3 });
      finals.set(line.lineKey, "cancelled");
    } else if (fate < 0.4) {
      steps.push({ kind: "ship", lineKey: line.lineKey, quantity: 1 });
      finals.set(line.lineKey, { quantity, shipped: 1 });
    } else finals.set(line.lineKey, { quantity, shipped: 0 });
  }
  return { steps, finals };
}

const free = (s: LedgerSnapshot) => (s.onHand ?? 0) - s.reserved;

describe("ledger invariants", () => {
  it("holds exactly the stock under 300 concurrent lines from three stores, and marks every other line", async () => {
    const sku = "INVARIANT-CONCURRENT";
    await count(sku, "wh-a", 120);
    await count(sku, "wh-b", 80);
    const demand = lines(300, seededRandom(7), "C");
    expect(demand.reduce((s, l) => s + l.quantity, 0)).toBeGreaterThan(400);
    const results = await Promise.all(
      demand.map((l) => ledger(sku).reserve(reserveRequest(l.lineKey, l.quantity))),
    );
    const snapshot = await ledger(sku).snapshot();
    expectConsistent(snapshot);
    expect(snapshot.onHand).toBe(200);
    const holding = results.filter((r) => r.status === "reserved");
    const waiting = results.filter((r) => r.status !== "reserved");
    expect(holding.reduce((s, r) => s + r.reservedQuantity, 0)).toBe(snapshot.reserved);
    // Nothing that waits would fit in what is left: the stock is used as far as whole lines allow.
    const smallest = Math.min(
      ...waiting.map((r) => demand.find((l) => l.lineKey === r.lineKey)?.quantity ?? 0),
    );
    expect(free(snapshot)).toBeLessThan(smallest);
    expect(smallest).toBe(1);
    expect(snapshot.reserved).toBe(200);
    for (const r of waiting) {
      expect(r.status).toBe("backordered");
      expect(r.reservedQuantity).toBe(0);
      expect(r.reason).toMatch(/^\d wanted, \d+ free at the locations this store may sell from$/);
    }
    expect(new Set(holding.map((r) => r.lineKey.split(":")[1]))).toEqual(
      new Set(["sto_a", "sto_b", "sto_c"]),
    );

    // Every line delivered again, concurrently and in another order: nothing moves.
    const again = await Promise.all(
      shuffled(demand, seededRandom(8)).map((l) =>
        ledger(sku).reserve(reserveRequest(l.lineKey, l.quantity)),
      ),
    );
    expect(again.every((r) => r.unchanged)).toBe(true);
    expect(stateOf(await ledger(sku).snapshot())).toEqual(stateOf(snapshot));
  });

  it("ends in the same state whatever order a history arrives in, duplicated or concurrent", async () => {
    const { steps, finals } = histories(120, 11);
    const open = [...finals.values()].filter((f) => f !== "cancelled");
    // Exactly enough stock for what the lines finally want, so the final state does not depend on who came first.
    const stock = open.reduce((s, f) => s + f.quantity, 0);
    const skus = ["CONVERGE-A", "CONVERGE-B", "CONVERGE-C"];
    for (const sku of skus) await count(sku, "default", stock);
    for (const step of shuffled(steps, seededRandom(1))) await apply("CONVERGE-A", step);
    // Cancellations first, then everything else, each step twice.
    const releasesFirst = [
      ...steps.filter((s) => s.kind === "release"),
      ...shuffled(steps, seededRandom(2)).flatMap((s) => [s, s]),
    ];
    for (const step of releasesFirst) await apply("CONVERGE-B", step);
    await Promise.all(shuffled(steps, seededRandom(3)).map((step) => apply("CONVERGE-C", step)));

    const [a, b, c] = await Promise.all(skus.map((sku) => ledger(sku).snapshot()));
    if (!a || !b || !c) throw new Error("no snapshot");
    for (const s of [a, b, c]) expectConsistent(s);
    expect(stateOf(b)).toEqual(stateOf(a));
    expect(stateOf(c)).toEqual(stateOf(a));
    const shippedUnits = open.reduce((s, f) => s + f.shipped, 0);
    expect(a).toMatchObject({ onHand: stock - shippedUnits, reserved: stock - shippedUnits, available: 0 });
    for (const r of a.reservations) {
      const final = finals.get(r.lineKey);
      if (final === "cancelled") expect(r).toMatchObject({ status: "released", locations: [] });
      else
        expect(r).toMatchObject({
          status: final && final.quantity > final.shipped ? "reserved" : "committed",
          quantity: final?.quantity,
          shipped: final?.shipped,
          storeId: r.lineKey.split(":")[1],
        });
    }

    // The whole history once more, in yet another order: a replay changes nothing.
    for (const step of shuffled(steps, seededRandom(4))) await apply("CONVERGE-A", step);
    expect(stateOf(await ledger("CONVERGE-A").snapshot())).toEqual(stateOf(a));
  });

  it("keeps its invariants and its totals in any order when demand exceeds stock", async () => {
    const { steps } = histories(150, 21);
    const runs = ["SCARCE-A", "SCARCE-B"];
    for (const sku of runs) {
      await count(sku, "wh-a", 40);
      await count(sku, "wh-b", 25);
    }
    for (const step of shuffled(steps, seededRandom(5))) await apply("SCARCE-A", step);
    await Promise.all(shuffled(steps, seededRandom(6)).map((step) => apply("SCARCE-B", step)));
    const snapshots = await Promise.all(runs.map((sku) => ledger(sku).snapshot()));
    for (const s of snapshots) {
      expectConsistent(s);
      // Which lines won the stock depends on who came first; how much was held does not.
      const waiting = s.reservations.filter((r) => r.status === "backordered");
      expect(waiting.length).toBeGreaterThan(0);
      expect(free(s)).toBeLessThan(Math.min(...waiting.map((r) => r.quantity - r.shipped)));
      for (const r of waiting) expect(r.reason).toMatch(/wanted/);
    }
    const totals = snapshots.map((s) => [
      s.onHand,
      s.reserved,
      s.reservations.map((r) => r.status === "released"),
    ]);
    expect(totals[1]).toEqual(totals[0]);
  });

  it("lets senior paid lines keep the stock when a count finds less than is reserved; unpaid and newer lines give way", async () => {
    const sku = "INVARIANT-SHRINK";
    // Holds are opt-in: this store holds unpaid orders for 30 minutes.
    await env.DB.prepare(
      "INSERT INTO inventory_settings (store_id, backorder_policy, hold_minutes, created_at, updated_at) VALUES ('sto_a', 'reserve_on_arrival', 30, 0, 0)",
    ).run();
    await count(sku, "wh-a", 6);
    await ledger(sku).reserve(reserveRequest("shopify:sto_a:K-1:L1", 2));
    await ledger(sku).reserve(reserveRequest("shopify:sto_a:K-2:L1", 1, { hold: true }));
    await ledger(sku).reserve(reserveRequest("shopify:sto_a:K-3:L1", 2));
    await ledger(sku).reserve(reserveRequest("shopify:sto_a:K-4:L1", 1));
    // The shelf holds 3: paid lines keep it in order of seniority (K-3 does not fit, K-4 does); the
    // unpaid hold gives way first.
    await count(sku, "wh-a", 3);
    const after = await ledger(sku).snapshot();
    expectConsistent(after);
    expect(after).toMatchObject({ onHand: 3, reserved: 3, available: 0 });
    expect(Object.fromEntries(after.reservations.map((r) => [r.lineKey.split(":")[2], r.status]))).toEqual({
      "K-1": "reserved",
      "K-2": "backordered",
      "K-3": "backordered",
      "K-4": "reserved",
    });
    // Judged after the senior K-1 took its 2 of the 3: one unit was free then, not enough.
    expect(after.reservations.find((r) => r.lineKey.includes("K-3"))?.reason).toBe(
      "2 wanted, 1 free at the locations this store may sell from",
    );
    // A second location takes what no longer fits at the first: the paid line before the unpaid one.
    await count(sku, "wh-b", 2);
    const moved = await ledger(sku).snapshot();
    expectConsistent(moved);
    expect(moved.reservations.find((r) => r.lineKey.includes("K-3"))).toMatchObject({
      status: "reserved",
      locations: [{ location: "wh-b", quantity: 2 }],
    });
  });

  it("never lets a late count undo a newer one, also after a count that carried no sequence", async () => {
    const sku = "INVARIANT-COUNTS";
    const counted = (quantity: number, sequence: number | null) =>
      ledger(sku).adjust({
        id: crypto.randomUUID(),
        location: "default",
        kind: "set",
        quantity,
        sequence,
        reason: "count",
      });
    await counted(10, 7);
    await counted(5, null);
    expect(await counted(2, 6)).toMatchObject({ applied: false, snapshot: { onHand: 5 } });
    expect(await counted(8, 8)).toMatchObject({ applied: true, snapshot: { onHand: 8 } });
  });

  it("keeps the newest cancellation's version, so an older order update after it cannot reserve again", async () => {
    const sku = "INVARIANT-RELEASE-VERSIONS";
    const line = "shopify:sto_a:V-1:L1";
    await count(sku, "default", 5);
    await ledger(sku).reserve(reserveRequest(line, 2, { version: 1 }));
    await ledger(sku).release(releaseRequest(line, 2));
    await ledger(sku).release(releaseRequest(line, 4));
    const late = await ledger(sku).reserve(reserveRequest(line, 2, { version: 3 }));
    expect(late).toMatchObject({ status: "released", unchanged: true, available: 5 });
  });

  it("converges through the consumer too: shuffled order events, delivered twice, leave the ledger and D1 agreeing", async () => {
    const sku = "INVARIANT-CONSUMER";
    const random = seededRandom(31);
    const events: OrderEvent[] = [];
    const finals = new Map<string, number | "cancelled">();
    for (let i = 0; i < 40; i++) {
      const storeId = i % 2 === 0 ? "sto_inv_a" : "sto_inv_b";
      const created = skuOrder(storeId, `CON-${i}`, sku, 1 + Math.floor(random() * 3));
      events.push(orderEvent("order.created", created));
      let wanted = created.lines[0]?.quantity ?? 0;
      let current = created;
      if (random() < 0.5) {
        // More units, or some of them cancelled: either way a newer version of the order.
        const quantity = 1 + Math.floor(random() * 3);
        const cancelledQuantity = random() < 0.5 ? Math.floor(random() * quantity) : 0;
        current = later(created, 10, {
          lines: created.lines.map((l) => ({ ...l, quantity, cancelledQuantity })),
        });
        events.push(orderEvent("order.updated", current));
        wanted = quantity - cancelledQuantity;
      }
      if (random() < 0.2) {
        events.push(
          orderEvent(
            "order.cancelled",
            later(current, 20, { status: "cancelled", cancelReason: "customer" }),
          ),
        );
        finals.set(`shopify:${storeId}:CON-${i}:L1`, "cancelled");
      } else finals.set(`shopify:${storeId}:CON-${i}:L1`, wanted);
    }
    const stock = [...finals.values()].reduce<number>((s, f) => s + (f === "cancelled" ? 0 : f), 0);
    await count(sku, "default", stock);
    for (const event of shuffled(events, seededRandom(32))) await deliver([event]);
    await runAlarm(sku);
    const first = await ledger(sku).snapshot();
    expectConsistent(first);
    expect(first).toMatchObject({ onHand: stock, reserved: stock, available: 0 });
    for (const [lineKey, final] of finals) {
      const line = first.reservations.find((r) => r.lineKey === lineKey);
      if (final === "cancelled") expect(line, lineKey).toMatchObject({ status: "released", quantity: 0 });
      else if (final === 0) expect(line, lineKey).toMatchObject({ status: "released", quantity: 0 });
      else expect(line, lineKey).toMatchObject({ status: "reserved", quantity: final });
    }
    const inD1 = async () =>
      (
        await env.DB.prepare(
          `SELECT o.store_id, o.external_id, o.status, o.reservation_state, l.reservation_status, l.reserved_quantity
           FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.external_id LIKE 'CON-%' ORDER BY o.external_id, o.store_id`,
        ).all()
      ).results;
    const d1 = await inD1();
    expect(d1).toHaveLength(40);
    for (const row of d1 as {
      store_id: string;
      external_id: string;
      reservation_status: string;
      reserved_quantity: number;
    }[]) {
      const line = first.reservations.find(
        (r) => r.lineKey === `shopify:${row.store_id}:${row.external_id}:L1`,
      );
      expect(row.reservation_status).toBe(line?.status);
      expect(row.reserved_quantity).toBe(line?.status === "reserved" ? line.quantity : 0);
    }

    for (const event of shuffled(events, seededRandom(33))) await deliver([event]);
    await runAlarm(sku);
    expect(stateOf(await ledger(sku).snapshot())).toEqual(stateOf(first));
    expect(await inD1()).toEqual(d1);
  });
});
