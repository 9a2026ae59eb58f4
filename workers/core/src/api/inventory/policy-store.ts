import type { z } from "@hono/zod-openapi";
import { ProblemError } from "../../../../../shared/http/problem";
import type {
  InventoryPolicy,
  Listing,
  ReconciliationLine,
  ReconciliationReport,
  ReconciliationRun,
} from "./schemas";

type Policy = z.infer<typeof InventoryPolicy>;
type Run = z.infer<typeof ReconciliationRun>;

/** A 422 naming each entry that failed, in the shape request validation uses (`errors[].path`). */
function refuse(issues: { path: string; message: string }[]): never {
  throw new ProblemError("validation", issues.map((i) => `${i.path}: ${i.message}`).join("; "), {
    errors: issues.map((i) => ({ location: "json", ...i })),
  });
}

async function readStores(
  db: D1Database,
  ids: string[],
): Promise<Map<string, { channel: string; status: string }>> {
  const stores = new Map<string, { channel: string; status: string }>();
  for (const id of new Set(ids)) {
    const row = await db
      .prepare("SELECT channel, status FROM stores WHERE id = ?")
      .bind(id)
      .first<{ channel: string; status: string }>();
    if (row) stores.set(id, row);
  }
  return stores;
}

/** The ids a channel's inventory API takes: Shopify's are global ids of an InventoryItem and a Location. */
const CHANNEL_IDS: Record<string, { item: RegExp; location: RegExp; example: string }> = {
  shopify: {
    item: /^gid:\/\/shopify\/InventoryItem\/\d+$/,
    location: /^gid:\/\/shopify\/Location\/\d+$/,
    example: "gid://shopify/InventoryItem/49148385 and gid://shopify/Location/655441491",
  },
};

function channelIdIssues(channel: string, l: z.infer<typeof Listing>, i: number) {
  const ids = CHANNEL_IDS[channel];
  if (!ids) return [];
  const issues: { path: string; message: string }[] = [];
  if (!ids.item.test(l.externalItemId))
    issues.push({
      path: `listings.${i}.externalItemId`,
      message: `not a ${channel} inventory item id (${ids.example})`,
    });
  if (!ids.location.test(l.externalLocationId))
    issues.push({
      path: `listings.${i}.externalLocationId`,
      message: `not a ${channel} location id (${ids.example})`,
    });
  return issues;
}

/** Upserts listings after checking each store exists and is active; a listing takes its store's channel. */
export async function upsertListings(db: D1Database, listings: z.infer<typeof Listing>[]) {
  const stores = await readStores(
    db,
    listings.map((l) => l.storeId),
  );
  const issues = listings.flatMap((l, i) => {
    const store = stores.get(l.storeId);
    const path = `listings.${i}.storeId`;
    if (!store) return [{ path, message: `no store ${l.storeId}` }];
    if (store.status !== "active") return [{ path, message: `store ${l.storeId} is disabled` }];
    return channelIdIssues(store.channel, l, i);
  });
  if (issues.length > 0) refuse(issues);
  const now = Date.now();
  await db.batch(
    listings.map((l) =>
      db
        .prepare(
          `INSERT INTO inventory_listings (store_id, sku, channel, external_item_id, external_location_id, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(store_id, sku) DO UPDATE SET external_item_id = excluded.external_item_id,
             external_location_id = excluded.external_location_id, updated_at = excluded.updated_at`,
        )
        .bind(
          l.storeId,
          l.sku,
          stores.get(l.storeId)?.channel ?? "",
          l.externalItemId,
          l.externalLocationId,
          now,
          now,
        ),
    ),
  );
  const rows: Record<string, string | number>[] = [];
  for (const l of listings) {
    const row = await db
      .prepare("SELECT * FROM inventory_listings WHERE store_id = ? AND sku = ?")
      .bind(l.storeId, l.sku)
      .first<Record<string, string | number>>();
    if (row) rows.push(row);
  }
  return rows;
}

export async function readPolicy(db: D1Database): Promise<Policy> {
  const [rules, safety, stores] = await db.batch([
    db.prepare(
      "SELECT store_id, location_id, mode, percent, cap FROM allocation_rules ORDER BY store_id, location_id",
    ),
    db.prepare("SELECT location_id, sku, quantity FROM safety_stock ORDER BY location_id, sku"),
    db.prepare("SELECT store_id, backorder_policy, hold_minutes FROM inventory_settings ORDER BY store_id"),
  ]);
  return {
    rules: ((rules?.results ?? []) as Record<string, string | number | null>[]).map((r) => ({
      storeId: String(r.store_id),
      location: String(r.location_id),
      mode: r.mode === "exclusive" ? "exclusive" : "share",
      percent: r.percent === null ? null : Number(r.percent),
      cap: r.cap === null ? null : Number(r.cap),
    })),
    safetyStock: ((safety?.results ?? []) as Record<string, string | number>[]).map((r) => ({
      location: String(r.location_id),
      sku: String(r.sku),
      quantity: Number(r.quantity),
    })),
    stores: ((stores?.results ?? []) as Record<string, string | number>[]).map((r) => ({
      storeId: String(r.store_id),
      backorder: r.backorder_policy === "manual" ? "manual" : "reserve_on_arrival",
      holdMinutes: Number(r.hold_minutes),
    })),
  };
}

/** Replaces the whole policy in one batch (D1 runs a batch as one transaction). */
export async function replacePolicy(db: D1Database, policy: Policy): Promise<void> {
  const named = [
    ...policy.rules.map((r, i) => ({ storeId: r.storeId, path: `rules.${i}.storeId` })),
    ...policy.stores.map((s, i) => ({ storeId: s.storeId, path: `stores.${i}.storeId` })),
  ].filter((n) => n.storeId !== "*");
  const stores = await readStores(
    db,
    named.map((n) => n.storeId),
  );
  const issues = named.flatMap((n) =>
    stores.has(n.storeId) ? [] : [{ path: n.path, message: `no store ${n.storeId}` }],
  );
  if (issues.length > 0) refuse(issues);
  const now = Date.now();
  await db.batch([
    db.prepare("DELETE FROM allocation_rules"),
    db.prepare("DELETE FROM safety_stock"),
    db.prepare("DELETE FROM inventory_settings"),
    ...policy.rules.map((r) =>
      db
        .prepare(
          "INSERT INTO allocation_rules (store_id, location_id, mode, percent, cap, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(r.storeId, r.location, r.mode, r.percent, r.cap, now, now),
    ),
    ...policy.safetyStock.map((s) =>
      db
        .prepare(
          "INSERT INTO safety_stock (location_id, sku, quantity, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(s.location, s.sku, s.quantity, now, now),
    ),
    ...policy.stores.map((s) =>
      db
        .prepare(
          "INSERT INTO inventory_settings (store_id, backorder_policy, hold_minutes, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(s.storeId, s.backorder, s.holdMinutes, now, now),
    ),
  ]);
}

function presentRun(r: Record<string, string | number>): Run {
  return {
    id: String(r.id),
    connectionId: String(r.connection_id),
    trigger: r.trigger === "api" ? "api" : "read_back",
    correlationId: String(r.correlation_id),
    observedAt: new Date(Number(r.observed_at)).toISOString(),
    checked: Number(r.checked),
    matched: Number(r.matched),
    corrected: Number(r.corrected),
    moving: Number(r.moving),
    unmapped: Number(r.unmapped),
    createdAt: new Date(Number(r.created_at)).toISOString(),
  };
}

export async function readRuns(db: D1Database, limit: number): Promise<Run[]> {
  const rows = await db
    .prepare("SELECT * FROM reconciliation_runs ORDER BY created_at DESC, id DESC LIMIT ?")
    .bind(limit)
    .all<Record<string, string | number>>();
  return rows.results.map(presentRun);
}

export async function readReport(
  db: D1Database,
  id: string,
): Promise<z.infer<typeof ReconciliationReport> | null> {
  const run = await db
    .prepare("SELECT * FROM reconciliation_runs WHERE id = ?")
    .bind(id)
    .first<Record<string, string | number>>();
  if (!run) return null;
  const lines = await db
    .prepare("SELECT * FROM reconciliation_lines WHERE run_id = ? ORDER BY sku, erp_location")
    .bind(id)
    .all<Record<string, string | number | null>>();
  return {
    ...presentRun(run),
    lines: lines.results.map(
      (l): z.infer<typeof ReconciliationLine> => ({
        sku: String(l.sku),
        erpLocation: String(l.erp_location),
        locationId: l.location_id === null ? null : String(l.location_id),
        erpOnHand: Number(l.erp_on_hand),
        inFlight: Number(l.in_flight),
        ledgerBefore: l.ledger_before === null ? null : Number(l.ledger_before),
        ledgerAfter: l.ledger_after === null ? null : Number(l.ledger_after),
        drift: Number(l.drift),
        outcome: l.outcome === "moving" ? "moving" : l.outcome === "unmapped" ? "unmapped" : "corrected",
      }),
    ),
  };
}
