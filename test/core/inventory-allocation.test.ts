import { describe, expect, it } from "vitest";
import {
  availableToPromise,
  describeLocations,
  exclusiveOwner,
  type LocationStock,
  placeLine,
  safetyStockAt,
} from "../../workers/core/src/inventory/availability";
import { EMPTY_POLICY, type InventoryPolicy } from "../../workers/core/src/inventory/policy";

/** The pure available-to-promise and placement rules (availability.ts), without a ledger. */
const policy = (overrides: Partial<InventoryPolicy> = {}): InventoryPolicy => ({
  ...EMPTY_POLICY,
  ...overrides,
});
const stock = (...rows: [location: string, onHand: number, allocated?: number][]): LocationStock[] =>
  rows.map(([location, onHand, allocated = 0]) => ({ location, onHand, allocated }));
const share = (storeId: string, location: string, percent: number | null, cap: number | null = null) => ({
  storeId,
  location,
  mode: "share" as const,
  percent,
  cap,
});
const exclusive = (storeId: string, location: string) => ({
  storeId,
  location,
  mode: "exclusive" as const,
  percent: null,
  cap: null,
});
const atp = (p: InventoryPolicy, s: LocationStock[], storeId: string, sku = "SKU") =>
  availableToPromise(describeLocations(s, p, sku), p, storeId);

describe("availableToPromise", () => {
  it("is on hand minus reserved, summed over locations, with no rules", () => {
    expect(atp(policy(), stock(["a", 10, 3], ["b", 4]), "s1")).toBe(11);
  });

  it("never counts a location whose reservations exceed its stock as negative", () => {
    expect(atp(policy(), stock(["a", 2, 5], ["b", 4]), "s1")).toBe(4);
  });

  it("rounds a percentage share down, per location, before summing", () => {
    const p = policy({ rules: [share("s1", "*", 50)] });
    // 7 * 50% = 3.5 -> 3 and 3 * 50% = 1.5 -> 1: 4, not floor(10 * 50%) = 5.
    expect(atp(p, stock(["a", 7], ["b", 3]), "s1")).toBe(4);
    expect(atp(policy({ rules: [share("s1", "*", 33)] }), stock(["a", 10]), "s1")).toBe(3);
    expect(atp(policy({ rules: [share("s1", "*", 0)] }), stock(["a", 10]), "s1")).toBe(0);
    expect(atp(policy({ rules: [share("s1", "*", 100)] }), stock(["a", 10]), "s1")).toBe(10);
  });

  it("applies the cap after the percentage, per location", () => {
    const p = policy({ rules: [share("s1", "*", 50, 2)] });
    expect(atp(p, stock(["a", 10], ["b", 3]), "s1")).toBe(2 + 1);
    expect(atp(policy({ rules: [share("s1", "*", null, 4)] }), stock(["a", 10], ["b", 1]), "s1")).toBe(5);
  });

  it("prefers the store's rule for a location over its '*' rule, and leaves other stores untouched", () => {
    const p = policy({ rules: [share("s1", "*", 10), share("s1", "b", null, 1)] });
    expect(atp(p, stock(["a", 20], ["b", 20]), "s1")).toBe(2 + 1);
    expect(atp(p, stock(["a", 20], ["b", 20]), "s2")).toBe(40);
  });

  it("shows an exclusive location only to its owner", () => {
    const p = policy({ rules: [exclusive("s1", "a")] });
    expect(atp(p, stock(["a", 5], ["b", 2]), "s1")).toBe(7);
    expect(atp(p, stock(["a", 5], ["b", 2]), "s2")).toBe(2);
  });

  it("still applies the owner's percent and cap inside its exclusive pool", () => {
    const p = policy({
      rules: [{ storeId: "s1", location: "a", mode: "exclusive", percent: 50, cap: 2 }],
    });
    expect(atp(p, stock(["a", 9]), "s1")).toBe(2);
    expect(atp(p, stock(["a", 9]), "s2")).toBe(0);
  });

  it("subtracts safety stock, never going below zero", () => {
    const p = policy({ safetyStock: [{ location: "*", sku: "*", quantity: 3 }] });
    expect(atp(p, stock(["a", 10, 2], ["b", 2]), "s1")).toBe(5);
  });
});

describe("safetyStockAt", () => {
  const rows = [
    { location: "*", sku: "*", quantity: 5 },
    { location: "a", sku: "*", quantity: 4 },
    { location: "*", sku: "SKU-1", quantity: 2 },
    { location: "b", sku: "SKU-1", quantity: 1 },
  ];
  const p = policy({ safetyStock: rows });

  it("takes the SKU's own row over '*' rows, the exact location first", () => {
    expect(safetyStockAt(p, "b", "SKU-1")).toBe(1);
    expect(safetyStockAt(p, "a", "SKU-1")).toBe(2);
    expect(safetyStockAt(p, "c", "SKU-1")).toBe(2);
  });

  it("falls back to the location's '*' row, then the global one, then zero", () => {
    expect(safetyStockAt(p, "a", "SKU-2")).toBe(4);
    expect(safetyStockAt(p, "c", "SKU-2")).toBe(5);
    expect(safetyStockAt(policy(), "a", "SKU-2")).toBe(0);
  });

  it("shapes each location's free stock in describeLocations", () => {
    const described = describeLocations(stock(["a", 10, 1], ["b", 1]), p, "SKU-1");
    expect(described.map((l) => [l.location, l.safetyStock, l.free])).toEqual([
      ["a", 2, 7],
      ["b", 1, 0],
    ]);
  });
});

describe("exclusiveOwner", () => {
  it("takes the location's own exclusive rule over a '*' one; share rules own nothing", () => {
    const p = policy({ rules: [exclusive("s1", "*"), exclusive("s2", "b"), share("s3", "c", 50)] });
    expect(exclusiveOwner(p, "a")).toBe("s1");
    expect(exclusiveOwner(p, "b")).toBe("s2");
    expect(exclusiveOwner(policy({ rules: [share("s3", "c", 50)] }), "c")).toBeNull();
  });
});

describe("placeLine", () => {
  it("takes the most free location first and splits a line only when one location cannot hold it", () => {
    expect(placeLine(stock(["a", 3], ["b", 5]), policy(), "s1", 4, [])).toEqual([
      { location: "b", quantity: 4 },
    ]);
    expect(placeLine(stock(["a", 3], ["b", 5, 2]), policy(), "s1", 5, [])).toEqual([
      { location: "a", quantity: 3 },
      { location: "b", quantity: 2 },
    ]);
  });

  it("keeps a line where it already is before looking elsewhere", () => {
    expect(placeLine(stock(["a", 3], ["b", 5]), policy(), "s1", 2, ["a"])).toEqual([
      { location: "a", quantity: 2 },
    ]);
  });

  it("is all or nothing: a line that does not fit holds nothing", () => {
    expect(placeLine(stock(["a", 3, 1], ["b", 1]), policy(), "s1", 4, [])).toBeNull();
    expect(placeLine(stock(), policy(), "s1", 1, [])).toBeNull();
    expect(placeLine(stock(["a", 0]), policy(), "s1", 0, [])).toEqual([]);
  });

  it("never takes from a location exclusive to another store", () => {
    const p = policy({ rules: [exclusive("s1", "a")] });
    expect(placeLine(stock(["a", 10], ["b", 1]), p, "s2", 2, [])).toBeNull();
    expect(placeLine(stock(["a", 10], ["b", 1]), p, "s2", 1, [])).toEqual([{ location: "b", quantity: 1 }]);
    expect(placeLine(stock(["a", 10], ["b", 1]), p, "s1", 2, [])).toEqual([{ location: "a", quantity: 2 }]);
  });

  it("lets a real order take safety stock and stock beyond a store's share", () => {
    const p = policy({
      rules: [share("s1", "*", 10, 1)],
      safetyStock: [{ location: "*", sku: "*", quantity: 5 }],
    });
    expect(placeLine(stock(["a", 6]), p, "s1", 6, [])).toEqual([{ location: "a", quantity: 6 }]);
  });
});
