import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  captureCommands,
  count,
  holdPushes,
  ledger,
  lineOf,
  listSku,
  reserveRequest,
  runAlarm,
} from "./inventory-helpers";

/**
 * A ledger's policy comes from D1. While D1 is unreachable the ledger works with the last policy it
 * read, kept in its own storage so an evicted object still has it; a ledger that never read one
 * refuses to act (the queue consumer retries) instead of acting on no policy at all.
 */
afterEach(() => {
  vi.restoreAllMocks();
});

const d1Down = () => vi.spyOn(env.DB, "batch").mockRejectedValue(new Error("D1 unreachable"));

describe("the policy while D1 is unreachable", () => {
  it("reserves with the last policy read after the object was evicted: its listings and store settings", async () => {
    const sku = "OUTAGE-KNOWN";
    await holdPushes(sku);
    const commands = captureCommands();
    await listSku("sto_out", sku);
    await env.DB.prepare(
      "INSERT INTO inventory_settings (store_id, backorder_policy, hold_minutes, created_at, updated_at) VALUES ('sto_out', 'manual', 0, 0, 0)",
    ).run();
    await count(sku, "default", 3);
    await runAlarm(sku);
    await evictDurableObject(ledger(sku));
    const d1 = d1Down();
    await ledger(sku).reserve(reserveRequest("shopify:sto_out:O-1:L1", 2));
    await ledger(sku).reserve(reserveRequest("shopify:sto_out:O-2:L1", 5));
    const snapshot = await ledger(sku).snapshot();
    // The store's backorder policy is manual: the line waits for a person, not for stock.
    expect(lineOf(snapshot, "shopify:sto_out:O-2:L1")?.status).toBe("short");
    // The listing is known, so the change waits to be pushed.
    expect(snapshot.pendingPushSince).not.toBeNull();
    d1.mockRestore();
    await runAlarm(sku);
    expect(commands.latest(sku).get("sto_out")).toMatchObject({ quantity: 1, sequence: 2 });
  });

  it("refuses a reservation while D1 is unreachable and the ledger never read a policy", async () => {
    const sku = "OUTAGE-NEVER-READ";
    await listSku("sto_out", sku);
    d1Down();
    const refused = await ledger(sku)
      .reserve(reserveRequest("shopify:sto_out:N-1:L1", 1))
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect(String(refused)).toContain("D1 unreachable");
    vi.restoreAllMocks();
    expect((await ledger(sku).snapshot()).reservations).toEqual([]);
    await count(sku, "default", 2);
    expect(await ledger(sku).reserve(reserveRequest("shopify:sto_out:N-1:L1", 1))).toMatchObject({
      status: "reserved",
    });
  });
});
