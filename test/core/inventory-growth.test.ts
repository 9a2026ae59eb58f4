import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { migrateLedger } from "../../workers/core/src/inventory/ledger-tables";
import { count, ledger, ledgerSql, reserveRequest } from "./inventory-helpers";

/**
 * A ledger keeps every line it ever saw: what it shows stays bounded (open lines first), and the
 * queries its operations run over lines by state (waiting lines, holds that expire) are indexed.
 */
const OLD_LINES = 1_200;

/** Lines long closed, written straight into the ledger's table (as years of cancelled orders leave it). */
async function closedLines(sku: string, n: number) {
  await ledgerSql(
    sku,
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     INSERT INTO reservations (line_key, order_ref, store_id, channel, quantity, shipped, status, reason, hold,
       hold_expires_at, version, queued_at, revision, correlation_id, updated_at)
     SELECT printf('shopify:sto_a:OLD-%05d:L1', i), printf('shopify:sto_a:OLD-%05d', i), 'sto_a', 'shopify', 0, 0,
       'released', 'order cancelled', 0, NULL, 1, 0, 0, 'c', 0 FROM n`,
    n,
  );
}

describe("a ledger with many lines", () => {
  it("shows at most 1000 lines, open ones first, with the count of lines per state", async () => {
    const sku = "GROWTH-VIEW";
    await count(sku, "default", 3);
    await closedLines(sku, OLD_LINES);
    await ledger(sku).reserve(reserveRequest("shopify:sto_a:ZZ-2:L1", 2));
    await ledger(sku).reserve(reserveRequest("shopify:sto_a:ZZ-1:L1", 1));
    await ledger(sku).reserve(reserveRequest("shopify:sto_a:ZZ-3:L1", 4));
    const snapshot = await ledger(sku).snapshot();
    expect(snapshot.reservations).toHaveLength(1000);
    expect(snapshot.reservations.slice(0, 4).map((r) => [r.lineKey, r.status])).toEqual([
      ["shopify:sto_a:ZZ-1:L1", "reserved"],
      ["shopify:sto_a:ZZ-2:L1", "reserved"],
      ["shopify:sto_a:ZZ-3:L1", "backordered"],
      ["shopify:sto_a:OLD-00001:L1", "released"],
    ]);
    expect(snapshot.reservations.at(-1)?.lineKey).toBe("shopify:sto_a:OLD-00997:L1");
    expect(snapshot.reservationsTruncated).toBe(true);
    expect(snapshot.lineCounts).toEqual({
      reserved: 2,
      held: 0,
      short: 0,
      backordered: 1,
      untracked: 0,
      committed: 0,
      released: OLD_LINES,
    });
    // An adjustment answers with the same bounded view.
    const adjusted = await ledger(sku).adjust({
      id: "growth-receipt",
      location: "default",
      kind: "delta",
      quantity: 4,
      sequence: null,
      reason: "receipt",
    });
    expect(adjusted.snapshot.reservations).toHaveLength(1000);
    expect(adjusted.snapshot.lineCounts).toMatchObject({ reserved: 3, backordered: 0 });
  });

  it("shows every line of a small ledger", async () => {
    const sku = "GROWTH-SMALL";
    await count(sku, "default", 1);
    await ledger(sku).reserve(reserveRequest("shopify:sto_a:S-1:L1", 1));
    const snapshot = await ledger(sku).snapshot();
    expect(snapshot.reservations).toHaveLength(1);
    expect(snapshot.reservationsTruncated).toBe(false);
    expect(snapshot.lineCounts).toMatchObject({ reserved: 1, released: 0 });
  });

  it("indexes lines by state for the queue and for hold expiry, also in a ledger created before", async () => {
    const sku = "GROWTH-INDEXES";
    await count(sku, "default", 1);
    const indexes = () =>
      runInDurableObject(ledger(sku), (_instance, state) =>
        state.storage.sql
          .exec<{ name: string }>("PRAGMA index_list(reservations)")
          .toArray()
          .map((i) => i.name)
          .filter((name) => !name.startsWith("sqlite_"))
          .sort(),
      );
    expect(await indexes()).toEqual(["reservations_status_hold", "reservations_status_queued"]);
    await runInDurableObject(ledger(sku), (_instance, state) => {
      state.storage.sql.exec("DROP INDEX reservations_status_hold");
      state.storage.sql.exec("DROP INDEX reservations_status_queued");
      migrateLedger(state.storage.sql);
    });
    expect(await indexes()).toEqual(["reservations_status_hold", "reservations_status_queued"]);
  });
});
