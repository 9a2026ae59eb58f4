import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../workers/core/src/index";
import type { SkuLedger } from "../../workers/core/src/inventory/sku-ledger";
import { canonicalOrder, orderEvent } from "../support/canonical-order";

const ledger = (sku: string) => (env.SKU_LEDGER as DurableObjectNamespace<SkuLedger>).getByName(sku);

async function deliver(queue: string, bodies: unknown[]) {
  const batch = createMessageBatch(
    queue,
    bodies.map((body, i) => ({
      id: `${queue}-${crypto.randomUUID()}-${i}`,
      timestamp: new Date(),
      attempts: 1,
      body,
    })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return { batch, result: await getQueueResult(batch, ctx) };
}

const count = async (sql: string, ...args: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...args)
      .first<{ n: number }>()
  )?.n ?? -1;

describe("canonical event consumer", () => {
  it("turns order.created into one order, its lines, reservations, a trace and a due outbox row", async () => {
    const order = canonicalOrder({
      storeId: "sto_create",
      lines: canonicalOrder().lines.map((l) => ({ ...l, sku: `${l.sku}-A` })),
    });
    await ledger("IPOD2008GREEN-A").setOnHand({ quantity: 10 });
    await ledger("IPOD2008RED-A").setOnHand({ quantity: 10 });
    const { result } = await deliver("mesh-events", [orderEvent("order.created", order)]);
    expect(result.explicitAcks).toHaveLength(1);
    const row = await env.DB.prepare("SELECT * FROM orders WHERE store_id = 'sto_create'").first<
      Record<string, unknown>
    >();
    expect(row).toMatchObject({
      external_id: "450789469",
      status: "open",
      total_amount: 62222,
      version: 1,
      reservation_state: "reserved",
      erp_status: "pending",
    });
    const lines = await env.DB.prepare(
      "SELECT sku, quantity, reservation_status, reserved_quantity FROM order_lines WHERE order_id = ? ORDER BY position",
    )
      .bind(row?.id)
      .all();
    expect(lines.results).toEqual([
      { sku: "IPOD2008GREEN-A", quantity: 1, reservation_status: "reserved", reserved_quantity: 1 },
      { sku: "IPOD2008RED-A", quantity: 2, reservation_status: "reserved", reserved_quantity: 2 },
    ]);
    const erpRows = await env.DB.prepare(
      "SELECT kind, status, version, connection_id FROM erp_outbox WHERE order_id = ? ORDER BY kind",
    )
      .bind(row?.id)
      .all();
    // No ERP connection exists in this file: the documents wait for one.
    expect(erpRows.results).toEqual([
      { kind: "customer", status: "pending", version: 1, connection_id: "" },
      { kind: "customer_payment", status: "pending", version: 1, connection_id: "" },
      { kind: "sales_order", status: "pending", version: 1, connection_id: "" },
    ]);
    const types = await env.DB.prepare(
      "SELECT type FROM events WHERE order_id = ? ORDER BY occurred_at, recorded_at",
    )
      .bind(row?.id)
      .all<{ type: string }>();
    expect(types.results.map((t) => t.type)).toEqual([
      "webhook.received",
      "order.upserted",
      "inventory.reservation",
      "erp.outbox.queued",
    ]);
  });

  it("applies the same event delivered three times concurrently exactly once", async () => {
    const order = canonicalOrder({
      storeId: "sto_dup",
      lines: canonicalOrder().lines.map((l) => ({ ...l, sku: `${l.sku}-DUP` })),
    });
    await ledger("IPOD2008GREEN-DUP").setOnHand({ quantity: 5 });
    await ledger("IPOD2008RED-DUP").setOnHand({ quantity: 5 });
    const event = orderEvent("order.created", order);
    await Promise.all([1, 2, 3].map(() => deliver("mesh-events", [event])));
    expect(await count("SELECT COUNT(*) AS n FROM orders WHERE store_id = 'sto_dup'")).toBe(1);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.store_id = 'sto_dup'",
      ),
    ).toBe(2);
    const kinds = await env.DB.prepare(
      "SELECT x.kind FROM erp_outbox x JOIN orders o ON o.id = x.order_id WHERE o.store_id = 'sto_dup' ORDER BY x.kind",
    ).all<{ kind: string }>();
    expect(kinds.results.map((k) => k.kind)).toEqual(["customer", "customer_payment", "sales_order"]);
    expect(
      await count("SELECT COUNT(*) AS n FROM events WHERE store_id = 'sto_dup' AND type = 'order.upserted'"),
    ).toBe(1);
    const green = await ledger("IPOD2008GREEN-DUP").snapshot();
    const red = await ledger("IPOD2008RED-DUP").snapshot();
    expect([green.reservations.length, green.reserved, red.reservations.length, red.reserved]).toEqual([
      1, 1, 1, 2,
    ]);
  });

  it("releases stock on cancellation and ignores an older update that arrives late", async () => {
    const base = canonicalOrder({
      storeId: "sto_cancel",
      lines: [{ ...canonicalOrder().lines[0], sku: "SKU-CANCEL" } as never],
    });
    await ledger("SKU-CANCEL").setOnHand({ quantity: 1 });
    await deliver("mesh-events", [orderEvent("order.created", base)]);
    expect((await ledger("SKU-CANCEL").snapshot()).available).toBe(0);
    const cancelled = {
      ...base,
      status: "cancelled" as const,
      cancelReason: "customer",
      sourceUpdatedAt: "2026-11-20T11:00:00-05:00",
    };
    await deliver("mesh-events", [orderEvent("order.cancelled", cancelled)]);
    expect((await ledger("SKU-CANCEL").snapshot()).available).toBe(1);
    const stale = { ...base, sourceUpdatedAt: "2026-11-20T10:30:00-05:00" };
    await deliver("mesh-events", [orderEvent("order.updated", stale)]);
    const row = await env.DB.prepare(
      "SELECT status, version FROM orders WHERE store_id = 'sto_cancel'",
    ).first();
    expect(row).toEqual({ status: "cancelled", version: 2 });
    expect((await ledger("SKU-CANCEL").snapshot()).available).toBe(1);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM events WHERE store_id = 'sto_cancel' AND type = 'order.stale_ignored'",
      ),
    ).toBe(1);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM erp_outbox x JOIN orders o ON o.id = x.order_id WHERE o.store_id = 'sto_cancel' AND x.kind = 'sales_order' AND x.version = 2 AND x.status = 'pending'",
      ),
    ).toBe(1);
  });

  it("marks the second order for the last unit short", async () => {
    await ledger("SKU-LAST").setOnHand({ quantity: 1 });
    const line = { ...canonicalOrder().lines[0], sku: "SKU-LAST" } as never;
    const a = canonicalOrder({ storeId: "sto_last", externalId: "A1", lines: [line] });
    const b = canonicalOrder({ storeId: "sto_last", externalId: "B1", lines: [line] });
    await Promise.all([
      deliver("mesh-events", [orderEvent("order.created", a)]),
      deliver("mesh-events", [orderEvent("order.created", b)]),
    ]);
    const states = await env.DB.prepare(
      "SELECT reservation_state AS s FROM orders WHERE store_id = 'sto_last' ORDER BY s",
    ).all<{ s: string }>();
    expect(states.results.map((r) => r.s)).toEqual(["reserved", "short"]);
  });

  it("parks an event that fails validation and acks it instead of retrying", async () => {
    const { result } = await deliver("mesh-events", [
      { type: "order.created", id: "broken", correlationId: "corr-broken" },
    ]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toHaveLength(0);
    const exc = await env.DB.prepare(
      "SELECT kind, source, reason FROM exceptions WHERE correlation_id = 'corr-broken'",
    ).first();
    expect(exc).toEqual({
      kind: "validation",
      source: "mesh-events",
      reason: "canonical event failed validation",
    });
  });

  it("records dead letters as exceptions once per message, with the queue they died on", async () => {
    const body = {
      deliveryId: "d-1",
      storeId: "sto_dlq",
      correlationId: "corr-dlq",
      archiveKey: "shopify/sto_dlq/x.json",
    };
    const batch = createMessageBatch("shopify-inbox-dlq", [
      { id: "dead-1", timestamp: new Date(), attempts: 1, body },
    ]);
    for (let i = 0; i < 2; i++) {
      const ctx = createExecutionContext();
      await worker.queue(batch, env);
      expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["dead-1"]);
    }
    const rows = await env.DB.prepare(
      "SELECT kind, source, payload_ref, occurrences FROM exceptions WHERE correlation_id = 'corr-dlq'",
    ).all();
    expect(rows.results).toEqual([
      { kind: "dead_letter", source: "shopify-inbox", payload_ref: "shopify/sto_dlq/x.json", occurrences: 2 },
    ]);
  });

  it("applies a different state that carries the same one-second updated_at, and ignores an identical one", async () => {
    const line = { ...canonicalOrder().lines[0], sku: null } as never;
    const base = canonicalOrder({ storeId: "sto_tie", lines: [line] });
    await deliver("mesh-events", [orderEvent("order.created", base)]);
    const cancelled = { ...base, status: "cancelled" as const, cancelReason: "customer" };
    await deliver("mesh-events", [orderEvent("order.cancelled", cancelled)]);
    await deliver("mesh-events", [orderEvent("order.cancelled", cancelled)]);
    const row = await env.DB.prepare("SELECT status, version FROM orders WHERE store_id = 'sto_tie'").first();
    expect(row).toEqual({ status: "cancelled", version: 2 });
  });

  it("keeps a cancellation when the order's creation, stamped the same second, is processed after it", async () => {
    const base = canonicalOrder({
      storeId: "sto_same_second",
      lines: [{ ...canonicalOrder().lines[0], sku: "SKU-SAME-SECOND" } as never],
    });
    await ledger("SKU-SAME-SECOND").setOnHand({ quantity: 1 });
    const cancelled = { ...base, status: "cancelled" as const, cancelReason: "fraud" };
    await deliver("mesh-events", [orderEvent("order.cancelled", cancelled)]);
    await deliver("mesh-events", [orderEvent("order.created", base)]);
    const row = await env.DB.prepare(
      "SELECT status, reservation_state FROM orders WHERE store_id = 'sto_same_second'",
    ).first();
    expect(row).toEqual({ status: "cancelled", reservation_state: "released" });
    const snapshot = await ledger("SKU-SAME-SECOND").snapshot();
    expect(snapshot.available).toBe(1);
    expect(snapshot.reservations.map((r) => r.status)).toEqual(["released"]);
  });
});
