import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { LEDGER_SHARDS_PER_STORE, ledgerEntry } from "../../shared/connector/ledger-client";
import type { DeliveryLedger } from "../../workers/shopify/src/dedupe";

const entry = (storeId: string, key: string) => ledgerEntry(env.DELIVERY_LEDGER, storeId, key);

/** The ledger object that holds a delivery, for looking inside it. */
async function objectHolding(storeId: string, key: string): Promise<DurableObjectStub<DeliveryLedger>> {
  for (let shard = 0; shard < LEDGER_SHARDS_PER_STORE; shard++) {
    const stub = env.DELIVERY_LEDGER.getByName(`${storeId}/${shard}`);
    const found = await runInDurableObject(
      stub,
      (_instance, state) =>
        state.storage.sql.exec("SELECT 1 FROM deliveries WHERE key = ?", `${storeId}\n${key}`).toArray()
          .length > 0,
    );
    if (found) return stub;
  }
  throw new Error(`no ledger row for ${key}`);
}

// The inbox consumer claims every message's delivery here before archiving and mapping it (the
// webhook's ack path never calls the ledger): commit once its event is sent or its exception parked,
// release when the message is retried.
describe("DeliveryLedger claims", () => {
  it("claim, commit: later claims are duplicates", async () => {
    const e = entry("sto_l1", "orders/create:evt-1");
    const claim = await e.claim();
    if (claim.status !== "claimed") throw new Error("expected a claim");
    expect(await e.commit(claim.token)).toEqual({ ok: true });
    expect(await e.claim()).toEqual({ status: "duplicate" });
  });

  it("a live claim makes a concurrent one in_flight; release lets the retry claim again", async () => {
    const e = entry("sto_l2", "orders/create:evt-2");
    const [a, b] = await Promise.all([e.claim(), e.claim()]);
    const statuses = [a?.status, b?.status].sort();
    expect(statuses).toEqual(["claimed", "in_flight"]);
    const held = a?.status === "claimed" ? a : b;
    if (held?.status !== "claimed") throw new Error("expected a claim");
    expect(await e.release(held.token)).toEqual({ ok: true });
    expect((await e.claim()).status).toBe("claimed");
  });

  it("the same id in another store is another delivery", async () => {
    expect((await entry("sto_l3a", "orders/create:evt-3").claim()).status).toBe("claimed");
    expect((await entry("sto_l3b", "orders/create:evt-3").claim()).status).toBe("claimed");
  });

  it("a claim whose consumer died lapses with its lease: the redelivery takes it over, the old token cannot commit", async () => {
    const e = entry("sto_l4", "orders/create:evt-4");
    const stale = await e.claim();
    if (stale.status !== "claimed") throw new Error("expected a claim");
    const stub = await objectHolding("sto_l4", "orders/create:evt-4");
    await runInDurableObject(stub, (_i, state) => {
      state.storage.sql.exec("UPDATE deliveries SET expires_at = 0");
    });
    const fresh = await e.claim();
    expect(fresh.status).toBe("claimed");
    expect(await e.commit(stale.token)).toEqual({ ok: false });
    if (fresh.status === "claimed") expect(await e.commit(fresh.token)).toEqual({ ok: true });
  });

  it("keeps accepted ids for 72 hours and sweeps expired ones with its alarm", async () => {
    const e = entry("sto_l5", "orders/create:evt-5");
    const claim = await e.claim();
    if (claim.status !== "claimed") throw new Error("expected a claim");
    const before = Date.now();
    await e.commit(claim.token);
    const after = Date.now();
    const stub = await objectHolding("sto_l5", "orders/create:evt-5");
    const kept = await runInDurableObject(stub, async (_i, state) => ({
      expiresAt: state.storage.sql.exec<{ expires_at: number }>("SELECT expires_at FROM deliveries").one()
        .expires_at,
      alarm: await state.storage.getAlarm(),
    }));
    const retention = 72 * 3_600_000;
    expect(kept.expiresAt).toBeGreaterThanOrEqual(before + retention);
    expect(kept.expiresAt).toBeLessThanOrEqual(after + retention);
    expect(kept.alarm).not.toBeNull();

    await runInDurableObject(stub, (_i, state) => {
      state.storage.sql.exec("UPDATE deliveries SET expires_at = 1");
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const swept = await runInDurableObject(stub, async (_i, state) => ({
      rows: state.storage.sql.exec("SELECT key FROM deliveries").toArray().length,
      alarm: await state.storage.getAlarm(),
    }));
    expect(swept).toEqual({ rows: 0, alarm: null });
    expect((await e.claim()).status).toBe("claimed");
  });
});
