import { createMessageBatch } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../workers/core/src/index";
import type { SkuLedger } from "../../workers/core/src/inventory/sku-ledger";
import { canonicalOrder, orderEvent } from "../support/canonical-order";
import { ADMIN, api, bearer, createApiKey, postJson } from "./api-helpers";

type Answer = {
  applied: boolean;
  inventory: { onHand: number | null; reserved: number; available: number | null };
};

const adjust = async (body: unknown, key: string | null = crypto.randomUUID()) => {
  const res = await postJson("/v1/inventory/adjustments", body, key ? { "idempotency-key": key } : {});
  return { status: res.status, body: (await res.json()) as Answer & { detail?: string } };
};

describe("inventory API", () => {
  it("applies counts and changes, never below zero, and reads the ledger back", async () => {
    expect((await adjust({ sku: "INV-1", set: 5, reason: "cycle count" })).body).toMatchObject({
      applied: true,
      inventory: { onHand: 5, reserved: 0, available: 5 },
    });
    expect((await adjust({ sku: "INV-1", delta: 3, reason: "receipt" })).body.inventory.onHand).toBe(8);
    expect((await adjust({ sku: "INV-1", delta: -20, reason: "damaged" })).body.inventory.onHand).toBe(0);
    const res = await api("/v1/inventory/INV-1", { headers: ADMIN });
    expect(await res.json()).toMatchObject({
      sku: "INV-1",
      onHand: 0,
      locations: [{ location: "default", onHand: 0 }],
    });
  });

  it("applies a retried adjustment once, even past the API's own replay store", async () => {
    const first = await adjust({ sku: "INV-2", delta: 4, reason: "receipt" }, "receipt-42");
    const again = await adjust({ sku: "INV-2", delta: 4, reason: "receipt" }, "receipt-42");
    expect([first.body.inventory.onHand, again.body.inventory.onHand]).toEqual([4, 4]);
    const stub = (env.SKU_LEDGER as DurableObjectNamespace<SkuLedger>).getByName("INV-2");
    const direct = await stub.adjust({
      id: "admin:receipt-42",
      location: "default",
      kind: "delta",
      quantity: 4,
      sequence: null,
      reason: "x",
    });
    expect(direct).toMatchObject({ replayed: true, snapshot: { onHand: 4 } });
  });

  it("ignores a count older than the last one applied, so late counts converge", async () => {
    await adjust({ sku: "INV-3", set: 10, sequence: 7, reason: "erp count" });
    const late = await adjust({ sku: "INV-3", set: 2, sequence: 6, reason: "erp count (late)" });
    expect(late.body).toMatchObject({ applied: false, inventory: { onHand: 10 } });
    const newer = await adjust({ sku: "INV-3", set: 9, sequence: 8, reason: "erp count" });
    expect(newer.body).toMatchObject({ applied: true, inventory: { onHand: 9 } });
  });

  it("reserves against the stock it was given and shows each line's reservation", async () => {
    await adjust({ sku: "INV-4", set: 2, reason: "count" });
    const line = { ...canonicalOrder().lines[0], sku: "INV-4", quantity: 3 } as never;
    const order = canonicalOrder({ storeId: "sto_inv", externalId: "INV-ORDER", lines: [line] });
    await worker.queue(
      createMessageBatch("mesh-events", [
        { id: "inv-1", timestamp: new Date(), attempts: 1, body: orderEvent("order.created", order) },
      ]),
      env,
    );
    const view = (await (await api("/v1/inventory/INV-4", { headers: ADMIN })).json()) as {
      reservations: { status: string; quantity: number }[];
      available: number;
    };
    expect(view.reservations).toEqual([expect.objectContaining({ status: "backordered", quantity: 3 })]);
    expect(view.available).toBe(2);
  });

  it("refuses an adjustment without Idempotency-Key, with both or neither of set and delta, or without scope", async () => {
    const noKey = await adjust({ sku: "INV-5", delta: 1, reason: "r" }, null);
    expect(noKey.status).toBe(400);
    expect((await adjust({ sku: "INV-5", set: 1, delta: 1, reason: "r" })).status).toBe(422);
    expect((await adjust({ sku: "INV-5", reason: "r" })).status).toBe(422);
    const reader = await createApiKey(["orders:read"]);
    expect((await api("/v1/inventory/INV-5", { headers: bearer(reader) })).status).toBe(403);
  });
});
