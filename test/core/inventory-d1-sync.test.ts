import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { orderEvent } from "../support/canonical-order";
import { deliver } from "./erp-helpers";
import {
  count,
  d1Line,
  holdPushes,
  ledger,
  ledgerSql,
  runAlarm,
  shortException,
  skuOrder,
} from "./inventory-helpers";

/**
 * How the ledger's line states reach core's D1 when the two are not written together: a replayed order
 * event whose first batch failed, and a line state that reaches the flush before its order reaches D1.
 */
afterEach(() => vi.restoreAllMocks());

describe("line states and short-line exceptions in D1", () => {
  it("opens a short line's exception on the replay of an order event whose first D1 batch failed", async () => {
    const sku = "SYNC-REPLAY";
    await count(sku, "default", 0);
    const order = skuOrder("sto_sync_replay", "SR-1", sku, 1);
    const lineKey = `shopify:sto_sync_replay:SR-1:L1`;
    // The order's own batch (many statements) fails once; the ledger has judged the line by then.
    const batch = env.DB.batch.bind(env.DB);
    let failed = false;
    vi.spyOn(env.DB, "batch").mockImplementation(async (statements) => {
      if (!failed && statements.length > 6) {
        failed = true;
        throw new Error("D1 unavailable");
      }
      return batch(statements);
    });
    const first = await deliver([orderEvent("order.created", order)]);
    expect(first.retryMessages).toHaveLength(1);
    expect(await d1Line("sto_sync_replay", "SR-1")).toBeNull();

    // The redelivery finds the line already judged (the ledger answers "unchanged").
    const second = await deliver([orderEvent("order.created", order)], 2);
    expect(second.explicitAcks).toHaveLength(1);
    expect(await d1Line("sto_sync_replay", "SR-1")).toMatchObject({
      status: "backordered",
      orderState: "short",
    });
    expect(await shortException(lineKey)).toMatchObject({ kind: "inventory", status: "open" });

    // Delivered once more, it changes nothing: still one open exception, counted once.
    await deliver([orderEvent("order.created", order)], 1);
    const row = await env.DB.prepare("SELECT occurrences FROM exceptions WHERE dedupe_key = ?")
      .bind(`inventory:short:${lineKey}`)
      .first<{ occurrences: number }>();
    expect(row?.occurrences).toBe(1);
  });

  it("keeps a line state whose order D1 does not hold yet, and writes it once the order is there", async () => {
    const sku = "SYNC-EARLY";
    await holdPushes(sku);
    await count(sku, "default", 0);
    const order = skuOrder("sto_sync_early", "SE-1", sku, 1);
    const lineKey = "shopify:sto_sync_early:SE-1:L1";
    // The ledger judges the line before core's consumer has written the order (its batch still on its way).
    const version = Date.parse(order.sourceUpdatedAt);
    const judged = await ledger(sku).reserve({
      lineKey,
      orderRef: "shopify:sto_sync_early:SE-1",
      storeId: "sto_sync_early",
      channel: "shopify",
      quantity: 1,
      version,
      correlationId: "c-early",
      hold: false,
    });
    expect(judged.status).toBe("backordered");
    // Stock arrives: the ledger reserves the line itself, and only its alarm can tell D1.
    await ledger(sku).adjust({
      id: "early-receipt",
      location: "default",
      kind: "delta",
      quantity: 1,
      sequence: null,
      reason: "receipt",
    });
    await runAlarm(sku);
    const waiting = await ledgerSql(
      sku,
      "SELECT revision, retry_at FROM line_changes WHERE line_key = ?",
      lineKey,
    );
    expect(waiting).toHaveLength(1);
    expect(Number(waiting[0]?.retry_at)).toBeGreaterThan(0);

    // The order's own batch lands now, with the state the consumer had: backordered, at the older revision.
    await env.DB.prepare(
      `INSERT INTO orders (id, channel, store_id, external_id, order_number, status, financial_status, currency,
         total_amount, correlation_id, version, placed_at, source_updated_at, snapshot, reservation_state, erp_status,
         created_at, updated_at) VALUES ('ord_sync_early', 'shopify', 'sto_sync_early', 'SE-1', '#1', 'open', 'paid',
         'USD', 100, 'c-early', 1, 0, ?, '{}', 'short', 'pending', 0, 0)`,
    )
      .bind(version)
      .run();
    await env.DB.prepare(
      `INSERT INTO order_lines (id, order_id, external_line_id, position, sku, title, quantity, currency, unit_price,
         discount_total, tax_total, reservation_status, reserved_quantity, reservation_rev, created_at, updated_at)
       VALUES ('oln_sync_early', 'ord_sync_early', 'L1', 0, ?, 'iPod', 1, 'USD', 100, 0, 0, 'backordered', 0, ?, 0, 0)`,
    )
      .bind(sku, judged.revision)
      .run();
    expect(await d1Line("sto_sync_early", "SE-1")).toMatchObject({ status: "backordered" });

    // The kept state is due again: D1 now holds the ledger's newer state, and the row is gone.
    await runInDurableObject(ledger(sku), (_i, state) => {
      state.storage.sql.exec("UPDATE line_changes SET retry_at = 0");
    });
    await runAlarm(sku);
    expect(await d1Line("sto_sync_early", "SE-1")).toMatchObject({
      status: "reserved",
      reserved: 1,
      orderState: "reserved",
    });
    expect(await ledgerSql(sku, "SELECT line_key FROM line_changes")).toHaveLength(0);
  });
});
