import type { InventoryPolicy } from "./policy";

/** A location as the ledger knows it: counted on-hand and what reservations hold there. */
export interface LocationStock {
  location: string;
  onHand: number;
  allocated: number;
}

export interface LocationAvailability extends LocationStock {
  safetyStock: number;
  /** On hand minus allocated minus safety stock, never below zero. */
  free: number;
  /** The store this location's stock is promised to exclusively, if any. */
  exclusiveTo: string | null;
}

/** Safety stock of one location for this SKU: the SKU's own row wins over "*" rows. */
export function safetyStockAt(policy: InventoryPolicy, location: string, sku: string): number {
  const rows = policy.safetyStock.filter((s) => s.location === location || s.location === "*");
  const pick = (skuMatch: string) =>
    rows.find((r) => r.sku === skuMatch && r.location === location) ??
    rows.find((r) => r.sku === skuMatch && r.location === "*");
  return (pick(sku) ?? pick("*"))?.quantity ?? 0;
}

export function exclusiveOwner(policy: InventoryPolicy, location: string): string | null {
  const rule =
    policy.rules.find((r) => r.mode === "exclusive" && r.location === location) ??
    policy.rules.find((r) => r.mode === "exclusive" && r.location === "*");
  return rule?.storeId ?? null;
}

export function describeLocations(
  stock: LocationStock[],
  policy: InventoryPolicy,
  sku: string,
): LocationAvailability[] {
  return stock.map((s) => {
    const safetyStock = safetyStockAt(policy, s.location, sku);
    return {
      ...s,
      safetyStock,
      free: Math.max(0, s.onHand - s.allocated - safetyStock),
      exclusiveTo: exclusiveOwner(policy, s.location),
    };
  });
}

/**
 * Available to promise for one store: per location, the free stock (after reservations and safety
 * stock), nothing from a location promised exclusively to another store, then the store's share
 * (`percent`, rounded down) and `cap`; summed over locations. Pure, so it is tested on its own.
 */
export function availableToPromise(
  locations: LocationAvailability[],
  policy: InventoryPolicy,
  storeId: string,
): number {
  let total = 0;
  for (const l of locations) {
    if (l.exclusiveTo !== null && l.exclusiveTo !== storeId) continue;
    const rule =
      policy.rules.find((r) => r.storeId === storeId && r.location === l.location) ??
      policy.rules.find((r) => r.storeId === storeId && r.location === "*");
    let quantity = l.free;
    if (rule?.percent != null) quantity = Math.floor((quantity * rule.percent) / 100);
    if (rule?.cap != null) quantity = Math.min(quantity, rule.cap);
    total += quantity;
  }
  return total;
}

/**
 * Where a line of `need` units is held: locations this store may take from (not promised to another
 * store), the line's current locations first so a re-evaluation does not move it, then the most free
 * first. All or nothing: a line that does not fit whole holds nothing. Safety stock and shares shape
 * what is advertised, not what a real order may take, so they are not subtracted here.
 */
export function placeLine(
  stock: LocationStock[],
  policy: InventoryPolicy,
  storeId: string,
  need: number,
  preferred: string[],
): { location: string; quantity: number }[] | null {
  if (need <= 0) return [];
  const candidates = stock
    .filter((s) => {
      const owner = exclusiveOwner(policy, s.location);
      return owner === null || owner === storeId;
    })
    .map((s) => ({ location: s.location, free: Math.max(0, s.onHand - s.allocated) }))
    .filter((c) => c.free > 0)
    .sort((a, b) => {
      const pa = preferred.indexOf(a.location);
      const pb = preferred.indexOf(b.location);
      if (pa !== pb)
        return (pa === -1 ? Number.MAX_SAFE_INTEGER : pa) - (pb === -1 ? Number.MAX_SAFE_INTEGER : pb);
      return b.free - a.free || a.location.localeCompare(b.location);
    });
  const total = candidates.reduce((sum, c) => sum + c.free, 0);
  if (total < need) return null;
  const placed: { location: string; quantity: number }[] = [];
  let left = need;
  for (const c of candidates) {
    if (left === 0) break;
    const take = Math.min(c.free, left);
    placed.push({ location: c.location, quantity: take });
    left -= take;
  }
  return placed;
}
