import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, vi } from "vitest";
import type { InventorySetCommand, Order } from "../../shared/canonical";
import type { LedgerSnapshot } from "../../workers/core/src/inventory/ledger-types";
import type { SkuLedger } from "../../workers/core/src/inventory/sku-ledger";
import { canonicalOrder } from "../support/canonical-order";

export const ledger = (sku: string) => (env.SKU_LEDGER as DurableObjectNamespace<SkuLedger>).getByName(sku);

/** A reservation request for `lineKey` (channel:store:order:line) with its order ref and store. */
export function reserveRequest(
  lineKey: string,
  quantity: number,
  options: { version?: number; hold?: boolean; correlationId?: string } = {},
) {
  const [channel = "shopify", storeId = "sto_a"] = lineKey.split(":");
  return {
    lineKey,
    orderRef: lineKey.split(":").slice(0, 3).join(":"),
    storeId,
    channel,
    quantity,
    version: options.version ?? 1,
    correlationId: options.correlationId ?? `corr-${lineKey}`,
    hold: options.hold ?? false,
  };
}

export function releaseRequest(lineKey: string, version: number) {
  return {
    lineKey,
    orderRef: lineKey.split(":").slice(0, 3).join(":"),
    version,
    correlationId: `corr-${lineKey}`,
  };
}

/** Sets one location's count (a baseline the first time) through the ledger's own adjustment. */
export async function count(sku: string, location: string, quantity: number) {
  return ledger(sku).adjust({
    id: crypto.randomUUID(),
    location,
    kind: "set",
    quantity,
    sequence: null,
    reason: "test count",
  });
}

/**
 * Runs the ledger's pending alarm now (expire holds, flush line states to D1, push). The runtime may
 * already have run it on its own after the debounce; either way the work is done when this returns.
 */
export async function runAlarm(sku: string): Promise<void> {
  await runDurableObjectAlarm(ledger(sku));
}

/**
 * Stretches this ledger instance's push debounce to an hour, so the runtime's own alarm cannot fire
 * in the middle of a burst a test is measuring; `runAlarm` still runs it at once.
 */
export async function holdPushes(sku: string): Promise<void> {
  await runInDurableObject(ledger(sku), (instance: SkuLedger) => {
    // The binding values live on the instance's env; only this instance (and this test) sees the change.
    (instance as unknown as { env: Record<string, unknown> }).env.INVENTORY_PUSH_DEBOUNCE_MS = "3600000";
  });
}

/** Writes rows into the ledger's own SQLite, e.g. to move a hold's expiry into the past. */
export async function ledgerSql(sku: string, query: string, ...bindings: SqlStorageValue[]) {
  return runInDurableObject(ledger(sku), (_instance: SkuLedger, state) =>
    state.storage.sql.exec(query, ...bindings).toArray(),
  );
}

/** Lists a SKU for a store (the row PUT /v1/inventory/listings writes, without the store check). */
export async function listSku(storeId: string, sku: string, channel = "shopify", item = `item-${sku}`) {
  await env.DB.prepare(
    `INSERT INTO inventory_listings (store_id, sku, channel, external_item_id, external_location_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 0, 0) ON CONFLICT(store_id, sku) DO UPDATE SET external_item_id = excluded.external_item_id,
       external_location_id = excluded.external_location_id`,
  )
    .bind(storeId, sku, channel, item, `loc-${storeId}`)
    .run();
}

/**
 * Records every command the ledgers hand to the SHOPIFY_COMMANDS producer (and still sends it).
 * Core's test project binds the queue as a producer only; the binding object is shared with the
 * Durable Objects of the same isolate, so what they send is observable here.
 */
export function captureCommands() {
  const sent: InventorySetCommand[] = [];
  const queue = env.SHOPIFY_COMMANDS;
  const original = queue.sendBatch.bind(queue);
  const spy = vi.spyOn(queue, "sendBatch").mockImplementation(async (messages, options) => {
    for (const m of messages) sent.push(m.body as InventorySetCommand);
    return original(messages, options);
  });
  return {
    sent,
    /** The newest command sent for each store's listing of `sku`. */
    latest(sku: string): Map<string, InventorySetCommand> {
      const out = new Map<string, InventorySetCommand>();
      for (const c of sent) {
        if (c.sku !== sku) continue;
        const prior = out.get(c.storeId);
        if (!prior || prior.sequence < c.sequence) out.set(c.storeId, c);
      }
      return out;
    },
    restore: () => spy.mockRestore(),
  };
}

/** The parts of a snapshot that describe state (not when the next push is due). */
export function stateOf(snapshot: LedgerSnapshot) {
  const { pendingPushSince: _, sku: __, ...state } = snapshot;
  return state;
}

/**
 * The ledger's invariants, checked on a snapshot: no negative on-hand, reservations within on-hand
 * at every location, each location's reserved figure the sum of its lines, a holding line held
 * exactly its open units, and a line that holds nothing holds no location.
 */
export function expectConsistent(snapshot: LedgerSnapshot): void {
  const byLocation = new Map<string, number>();
  for (const r of snapshot.reservations) {
    const placed = r.locations.reduce((s, l) => s + l.quantity, 0);
    const holding = r.status === "reserved" || r.status === "held";
    expect(placed, `${r.lineKey} (${r.status}) holds ${placed}`).toBe(
      holding ? Math.max(0, r.quantity - r.shipped) : 0,
    );
    for (const l of r.locations) byLocation.set(l.location, (byLocation.get(l.location) ?? 0) + l.quantity);
  }
  for (const l of snapshot.locations) {
    expect(l.onHand, `on hand at ${l.location}`).toBeGreaterThanOrEqual(0);
    expect(l.reserved, `reserved at ${l.location}`).toBeLessThanOrEqual(l.onHand);
    expect(l.reserved, `reserved at ${l.location} vs its lines`).toBe(byLocation.get(l.location) ?? 0);
  }
  const reserved = snapshot.locations.reduce((s, l) => s + l.reserved, 0);
  expect(snapshot.reserved).toBe(reserved);
  if (snapshot.onHand !== null) expect(snapshot.available).toBe(snapshot.onHand - reserved);
}

/** mulberry32: a small seeded PRNG, so a shuffled run can be repeated exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** A canonical order with one line of `sku` (the line id is L1), for the consumer. */
export function skuOrder(
  storeId: string,
  externalId: string,
  sku: string,
  quantity: number,
  overrides: Partial<Order> = {},
  line: Partial<Order["lines"][number]> = {},
): Order {
  const base = canonicalOrder().lines[0];
  if (!base) throw new Error("the canonical order has no line");
  return canonicalOrder({
    storeId,
    externalId,
    lines: [{ ...base, externalLineId: "L1", sku, quantity, ...line }],
    ...overrides,
  });
}

/** The same order at a later source time (minutes after the canonical 10:00). */
export function later(order: Order, minutes: number, changes: Partial<Order> = {}): Order {
  const at = new Date(Date.parse("2026-11-20T10:00:00-05:00") + minutes * 60_000).toISOString();
  return { ...order, sourceUpdatedAt: at, ...changes };
}

/** What D1 holds for one order's line L1 and the order's one-word reservation state. */
export async function d1Line(storeId: string, externalId: string) {
  return env.DB.prepare(
    `SELECT l.reservation_status AS status, l.reserved_quantity AS reserved, o.reservation_state AS orderState
     FROM order_lines l JOIN orders o ON o.id = l.order_id
     WHERE o.store_id = ? AND o.external_id = ? AND l.external_line_id = 'L1'`,
  )
    .bind(storeId, externalId)
    .first<{ status: string; reserved: number; orderState: string }>();
}

/** The `inventory` exception of one order line (dedupe key inventory:short:<line key>), if any. */
export async function shortException(lineKey: string) {
  return env.DB.prepare(
    "SELECT kind, source, status, reason, detail, order_id, store_id FROM exceptions WHERE dedupe_key = ?",
  )
    .bind(`inventory:short:${lineKey}`)
    .first<{
      kind: string;
      source: string;
      status: string;
      reason: string;
      detail: string | null;
      order_id: string | null;
      store_id: string | null;
    }>();
}

export const lineOf = (snapshot: LedgerSnapshot, lineKey: string) =>
  snapshot.reservations.find((r) => r.lineKey === lineKey);

/** A store row as onboarding leaves it (the policy and listings name only stores that exist). */
export async function seedStore(id: string, status: "active" | "disabled" = "active", channel = "shopify") {
  await env.DB.prepare(
    `INSERT INTO stores (id, channel, name, shop_domain, webhook_secret_sealed, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'sealed', ?, 0, 0)`,
  )
    .bind(id, channel, id, `${id.replaceAll("_", "-")}.myshopify.com`, status)
    .run();
}
