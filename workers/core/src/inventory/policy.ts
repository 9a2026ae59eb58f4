/**
 * What shapes a SKU's availability beyond its own counts, kept in D1 and editable through the API
 * (`/v1/inventory/...`): which stores list the SKU, each store's allocation rules per location,
 * safety stock, and each store's backorder and hold settings. A ledger caches its policy briefly.
 */
export interface Listing {
  storeId: string;
  channel: string;
  externalItemId: string;
  externalLocationId: string;
}

/**
 * One store's share of one location (`location` "*" = every location). `exclusive`: the location's
 * stock is promised to this store only (other stores see none of it and their orders cannot take it).
 * `share`: the store sees `percent` of the location's free stock, at most `cap` (either may be null).
 */
export interface AllocationRule {
  storeId: string;
  location: string;
  mode: "share" | "exclusive";
  percent: number | null;
  cap: number | null;
}

export interface SafetyStock {
  /** "*" = every location. */
  location: string;
  /** "*" = every SKU; a SKU's own row wins over "*". */
  sku: string;
  quantity: number;
}

export interface StoreInventorySettings {
  storeId: string;
  /** `reserve_on_arrival`: a short line is reserved as soon as stock arrives; `manual`: it waits for a person. */
  backorder: "reserve_on_arrival" | "manual";
  /** Minutes an unpaid order's lines are held before the hold expires; 0 = unpaid orders reserve like paid ones. */
  holdMinutes: number;
}

export interface InventoryPolicy {
  listings: Listing[];
  rules: AllocationRule[];
  safetyStock: SafetyStock[];
  stores: StoreInventorySettings[];
}

/**
 * Holds are opt-in: a cash-on-delivery or manual-payment order stays `pending` while the channel
 * keeps it, so a default hold would give its stock away and oversell.
 */
export const DEFAULT_STORE_SETTINGS: Omit<StoreInventorySettings, "storeId"> = {
  backorder: "reserve_on_arrival",
  holdMinutes: 0,
};

export const EMPTY_POLICY: InventoryPolicy = { listings: [], rules: [], safetyStock: [], stores: [] };

export function settingsFor(policy: InventoryPolicy, storeId: string): StoreInventorySettings {
  return (
    policy.stores.find((s) => s.storeId === storeId) ??
    policy.stores.find((s) => s.storeId === "*") ?? { storeId, ...DEFAULT_STORE_SETTINGS }
  );
}

/** Reads the policy that applies to one SKU: four small indexed reads in one D1 batch. */
export async function loadPolicy(db: D1Database, sku: string): Promise<InventoryPolicy> {
  const results = await db.batch([
    db
      .prepare(
        `SELECT store_id, channel, external_item_id, external_location_id FROM inventory_listings
         WHERE sku = ? ORDER BY store_id`,
      )
      .bind(sku),
    db.prepare(
      "SELECT store_id, location_id, mode, percent, cap FROM allocation_rules ORDER BY store_id, location_id",
    ),
    db.prepare("SELECT location_id, sku, quantity FROM safety_stock WHERE sku = ? OR sku = '*'").bind(sku),
    db.prepare("SELECT store_id, backorder_policy, hold_minutes FROM inventory_settings"),
  ]);
  const [listings, rules, safety, stores] = [0, 1, 2, 3].map((i) => results[i]?.results ?? []);
  return {
    listings: (listings as Record<string, string>[]).map((r) => ({
      storeId: String(r.store_id),
      channel: String(r.channel),
      externalItemId: String(r.external_item_id),
      externalLocationId: String(r.external_location_id),
    })),
    rules: (rules as Record<string, string | number | null>[]).map((r) => ({
      storeId: String(r.store_id),
      location: String(r.location_id),
      mode: r.mode === "exclusive" ? "exclusive" : "share",
      percent: r.percent === null ? null : Number(r.percent),
      cap: r.cap === null ? null : Number(r.cap),
    })),
    safetyStock: (safety as Record<string, string | number>[]).map((r) => ({
      location: String(r.location_id),
      sku: String(r.sku),
      quantity: Number(r.quantity),
    })),
    stores: (stores as Record<string, string | number>[]).map((r) => ({
      storeId: String(r.store_id),
      backorder: r.backorder_policy === "manual" ? "manual" : "reserve_on_arrival",
      holdMinutes: Number(r.hold_minutes),
    })),
  };
}

/**
 * Whether a line asked to be held (its order is not paid or approved) is held: only while its store's
 * hold time is above 0; with 0, unpaid orders reserve like paid ones.
 */
export function holdApplies(policy: InventoryPolicy, storeId: string, requested: boolean): boolean {
  return requested && settingsFor(policy, storeId).holdMinutes > 0;
}

/** When a hold placed now expires. */
export function holdExpiresAt(policy: InventoryPolicy, storeId: string, now: number): number {
  return now + settingsFor(policy, storeId).holdMinutes * 60_000;
}
