import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { InventoryAdjustment } from "../../shared/canonical";
import type { SkuLedger } from "../../workers/core/src/inventory/sku-ledger";
import { bearer, createApiKey, postJson } from "./api-helpers";
import { createConnection } from "./erp-helpers";

/**
 * Stock changes made by hand or reported by the warehouse are posted to the ERP (which values stock)
 * as one `inventory_adjustment` document per adjustment; changes that come from the ERP are not.
 */
interface AdjustmentRow {
  id: string;
  connection_id: string;
  doc_key: string;
  order_id: string | null;
  depends_on: string;
  document: string;
  version: number;
  status: string;
  correlation_id: string;
}

let defaultConnection: string;

beforeAll(async () => {
  defaultConnection = (await createConnection({ kind: "netsuite", isDefault: true })).id;
});

async function adjust(
  body: Record<string, unknown>,
  key: string = crypto.randomUUID(),
  headers: Record<string, string> = {},
) {
  const res = await postJson("/v1/inventory/adjustments", body, { "idempotency-key": key, ...headers });
  expect(res.status).toBe(200);
  return (await res.json()) as { applied: boolean; inventory: { onHand: number | null } };
}

/** The inventory adjustment documents queued for one SKU, oldest first. */
async function queuedFor(sku: string): Promise<(AdjustmentRow & { adjustment: InventoryAdjustment })[]> {
  const rows = await env.DB.prepare(
    `SELECT * FROM erp_outbox WHERE kind = 'inventory_adjustment'
       AND json_extract(document, '$.adjustment.sku') = ? ORDER BY id`,
  )
    .bind(sku)
    .all<AdjustmentRow>();
  return rows.results.map((r) => {
    const document = JSON.parse(r.document) as { kind: string; adjustment: InventoryAdjustment };
    expect(document.kind).toBe("inventory_adjustment");
    return { ...r, adjustment: document.adjustment };
  });
}

const deltas = async (sku: string) => (await queuedFor(sku)).map((r) => r.adjustment.quantityDelta);

describe("inventory adjustments posted to the ERP", () => {
  it("queues one document for a change made by hand (the default source), under the default connection", async () => {
    await adjust({ sku: "ERP-INV-1", location: "loc-main", delta: 4, reason: "receipt" }, "receipt-1", {
      "x-request-id": "req-inv-1",
    });
    const [row, ...others] = await queuedFor("ERP-INV-1");
    expect(others).toEqual([]);
    expect(row).toMatchObject({
      connection_id: defaultConnection,
      doc_key: "inventory_adjustment:admin%3Areceipt-1",
      order_id: null,
      depends_on: "[]",
      version: 1,
      status: "pending",
      correlation_id: "req-inv-1",
    });
    expect(row?.adjustment).toEqual({
      externalId: "admin:receipt-1",
      sku: "ERP-INV-1",
      locationId: "loc-main",
      quantityDelta: 4,
      reason: "receipt",
      occurredAt: expect.any(String),
    });
    expect(Number.isNaN(Date.parse(row?.adjustment.occurredAt ?? ""))).toBe(false);
  });

  it("posts how much on-hand moved: a count as the difference, a loss only down to zero; a first count is a baseline", async () => {
    await adjust({ sku: "ERP-INV-2", set: 10, reason: "first count", source: "warehouse" });
    await adjust({ sku: "ERP-INV-2", set: 7, reason: "cycle count", source: "warehouse" });
    await adjust({ sku: "ERP-INV-2", delta: 5, reason: "found", source: "manual" });
    const lost = await adjust({ sku: "ERP-INV-2", delta: -50, reason: "flood", source: "warehouse" });
    expect(lost.inventory.onHand).toBe(0);
    // The first count at the location posts nothing: the ERP already holds that stock.
    expect(await deltas("ERP-INV-2")).toEqual([-3, 5, -12]);
    const reasons = (await queuedFor("ERP-INV-2")).map((r) => r.adjustment.reason);
    expect(reasons).toEqual(["cycle count", "found", "flood"]);
  });

  it("sends nothing back to the ERP for a change that came from it", async () => {
    const counted = await adjust({ sku: "ERP-INV-3", set: 12, reason: "erp count", source: "erp" });
    expect(counted).toMatchObject({ applied: true, inventory: { onHand: 12 } });
    await adjust({ sku: "ERP-INV-3", delta: -2, reason: "erp correction", source: "erp" });
    expect(await queuedFor("ERP-INV-3")).toEqual([]);
    // The same SKU changed by hand afterwards is posted, with what that change moved.
    await adjust({ sku: "ERP-INV-3", delta: 1, reason: "found one" });
    expect(await deltas("ERP-INV-3")).toEqual([1]);
  });

  it("queues nothing for a stale count or a change that moves nothing", async () => {
    await adjust({ sku: "ERP-INV-4", set: 9, sequence: 5, reason: "count", source: "warehouse" });
    const late = await adjust({ sku: "ERP-INV-4", set: 3, sequence: 4, reason: "late", source: "warehouse" });
    expect(late).toMatchObject({ applied: false, inventory: { onHand: 9 } });
    const same = await adjust({
      sku: "ERP-INV-4",
      set: 9,
      sequence: 6,
      reason: "recount",
      source: "warehouse",
    });
    expect(same.applied).toBe(true);
    await adjust({ sku: "ERP-INV-4", delta: 0, reason: "nothing" });
    expect(await deltas("ERP-INV-4")).toEqual([]);
    // Nothing left to lose at zero: a loss then moves nothing either.
    await adjust({ sku: "ERP-INV-5", set: 0, reason: "empty shelf" });
    await adjust({ sku: "ERP-INV-5", delta: -3, reason: "damaged" });
    expect(await queuedFor("ERP-INV-5")).toEqual([]);
  });

  it("never queues a second document for a retried Idempotency-Key, also after the API's replay window", async () => {
    const body = { sku: "ERP-INV-6", delta: 6, reason: "receipt" };
    await adjust(body, "receipt-6");
    await adjust(body, "receipt-6"); // answered from the API's replay store
    const [first, ...none] = await queuedFor("ERP-INV-6");
    expect(none).toEqual([]);
    // Past the 24 h window the API has forgotten the key; the ledger still knows the adjustment.
    await env.DB.prepare(
      "UPDATE api_idempotency SET expires_at = 0 WHERE idempotency_key = 'receipt-6'",
    ).run();
    const late = await adjust(body, "receipt-6");
    expect(late.inventory.onHand).toBe(6);
    const rows = await queuedFor("ERP-INV-6");
    expect(rows.map((r) => r.id)).toEqual([first?.id]);
    expect(rows[0]?.adjustment).toEqual(first?.adjustment);
  });

  it("queues the document on a retry when the first attempt changed the ledger but never reached D1", async () => {
    // The first attempt applied the count in the SKU's ledger and died before queueing anything.
    const ledger = (env.SKU_LEDGER as DurableObjectNamespace<SkuLedger>).getByName("ERP-INV-7");
    await ledger.adjust({
      id: "admin:count-7",
      location: "default",
      kind: "set",
      quantity: 4,
      sequence: null,
      reason: "x",
    });
    await ledger.adjust({
      id: "admin:count-7b",
      location: "default",
      kind: "set",
      quantity: 9,
      sequence: null,
      reason: "x",
    });
    expect(await queuedFor("ERP-INV-7")).toEqual([]);
    // The client's retry finds the adjustment in the ledger and posts what it moved then, not now.
    const retried = await adjust({ sku: "ERP-INV-7", set: 4, reason: "count" }, "count-7");
    expect(retried.inventory.onHand).toBe(9);
    // count-7 was the location's first count: a baseline, nothing to post.
    expect(await deltas("ERP-INV-7")).toEqual([]);
    await adjust({ sku: "ERP-INV-7", set: 4, reason: "count" }, "count-7b");
    expect(await deltas("ERP-INV-7")).toEqual([5]);
  });

  it("keys the document on the caller's own key: the same Idempotency-Key from two API keys is two adjustments", async () => {
    const clerk = await createApiKey(["inventory:write"]);
    await adjust({ sku: "ERP-INV-8", delta: 2, reason: "receipt" }, "shared-key");
    await adjust({ sku: "ERP-INV-8", delta: 3, reason: "receipt" }, "shared-key", bearer(clerk));
    const rows = await queuedFor("ERP-INV-8");
    expect(rows.map((r) => r.adjustment.quantityDelta)).toEqual([2, 3]);
    expect(new Set(rows.map((r) => r.doc_key)).size).toBe(2);
    expect(rows.every((r) => r.adjustment.externalId.endsWith(":shared-key"))).toBe(true);
  });
});
