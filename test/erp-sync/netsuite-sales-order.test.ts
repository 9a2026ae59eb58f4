import { beforeEach, describe, expect, it } from "vitest";
import type { Order } from "../../shared/canonical";
import { emptyMappings } from "../../shared/erp";
import { testFulfillment, testOrder } from "../support/netsuite-documents";
import { OutboxFlow } from "./netsuite-flow";
import { claimFor, netsuiteAdapter, resetSandbox, sandboxRecords, tbaConnection } from "./sandbox-netsuite";

type Line = { line: number; quantity: number; amount: number; isClosed?: boolean; item: unknown };

async function soLines(): Promise<Line[]> {
  const [so] = await sandboxRecords("salesOrder");
  const item = so?.body.item as { items: Line[] } | undefined;
  return item?.items ?? [];
}

function withLines(order: Order, cancelled: [number, number]): Order {
  return { ...order, lines: order.lines.map((l, i) => ({ ...l, cancelledQuantity: cancelled[i] ?? 0 })) };
}

describe("NetSuite adapter: sales orders", () => {
  beforeEach(async () => {
    await resetSandbox();
  });

  it("a partial cancellation updates the lines in place: open quantity, its exact share, a fully cancelled line closed", async () => {
    const order = testOrder();
    const adapter = netsuiteAdapter();
    const created = await adapter.push(claimFor({ kind: "sales_order", order }));
    if (!created.ok) throw new Error(created.message);
    // One of two red iPods cancelled (398.00 -> 199.00), the discounted green one cancelled outright.
    const updated = await adapter.push(
      claimFor(
        { kind: "sales_order", order: withLines(order, [1, 1]) },
        { erpId: created.erpId, version: 2 },
      ),
    );
    expect(updated).toEqual(created);
    expect(await soLines()).toEqual([
      expect.objectContaining({ line: 1, quantity: 1, amount: 189, isClosed: true }),
      expect.objectContaining({ line: 2, quantity: 1, amount: 199 }),
    ]);
    expect((await soLines())[1]?.isClosed).toBeUndefined();
    const [record] = await sandboxRecords("salesOrder");
    expect(record?.writeCount).toBe(2);
  });

  it("cancelling what was not shipped after a partial shipment keeps the shipped units, then a full cancel closes all", async () => {
    const order = testOrder();
    const flow = new OutboxFlow(netsuiteAdapter());
    const [soId] = await flow.pushAll([{ kind: "sales_order", order }]);
    await flow.pushAll([{ kind: "fulfillment", order, fulfillment: testFulfillment(order) }]);
    const partial = await flow.push(
      { kind: "sales_order", order: withLines(order, [0, 1]) },
      { erpId: soId ?? null },
    );
    expect(partial).toMatchObject({ ok: true, erpId: soId });
    expect((await soLines()).map((l) => [l.line, l.quantity])).toEqual([
      [1, 1],
      [2, 1],
    ]);
    const cancelled: Order = {
      ...order,
      status: "cancelled",
      cancelReason: "customer",
      cancelledAt: "2026-11-22T00:00:00Z",
    };
    expect(await flow.push({ kind: "sales_order", order: cancelled }, { erpId: soId ?? null })).toMatchObject(
      { ok: true },
    );
    expect((await soLines()).map((l) => l.isClosed)).toEqual([true, true]);
    const [record] = await sandboxRecords("salesOrder");
    expect(String(record?.body.memo)).toContain("cancelled: customer");
  });

  it("refuses, as NetSuite does, to cut a line below what already shipped", async () => {
    const order = testOrder();
    const flow = new OutboxFlow(netsuiteAdapter());
    const [soId] = await flow.pushAll([{ kind: "sales_order", order }]);
    const both = testFulfillment(order, {
      lines: [{ externalLineId: "518995019", sku: "IPOD2008RED", quantity: 2 }],
    });
    await flow.pushAll([{ kind: "fulfillment", order, fulfillment: both }]);
    // The channel says one red was cancelled after both shipped: NetSuite keeps the order as it is.
    const result = await flow.push(
      { kind: "sales_order", order: withLines(order, [0, 1]) },
      { erpId: soId ?? null },
    );
    expect(result).toMatchObject({ ok: false, errorClass: "business", httpStatus: 400 });
  });

  it("uses the connection's mappings: items, ship method, subsidiary and the channel's default customer", async () => {
    const mappings = {
      ...emptyMappings(),
      item: { IPOD2008GREEN: "3001" },
      shippingMethod: { std: "77" },
      defaultCustomer: { shopify: "4242" },
    };
    const order = testOrder({
      shippingLines: [
        {
          externalLineId: "s1",
          code: "std",
          title: "Standard",
          price: { amount: 500, currency: "USD" },
          discountAllocations: [],
          taxLines: [],
        },
      ],
    });
    const connection = {
      ...tbaConnection(mappings),
      settings: { ...tbaConnection().settings, subsidiaryId: "3" },
    };
    expect(await netsuiteAdapter(connection).push(claimFor({ kind: "sales_order", order }))).toMatchObject({
      ok: true,
    });
    const [so] = await sandboxRecords("salesOrder");
    expect(so?.body).toMatchObject({
      entity: { id: "4242" },
      subsidiary: { id: "3" },
      shipMethod: { id: "77" },
      shippingCost: 5,
    });
    expect((await soLines()).map((l) => l.item)).toEqual([{ id: "3001" }, { externalId: "IPOD2008RED" }]);
  });

  it("without a customer document or default, books to the store's customer by external id", async () => {
    await netsuiteAdapter().push(claimFor({ kind: "sales_order", order: testOrder({ storeId: "sto_9" }) }));
    const [so] = await sandboxRecords("salesOrder");
    expect(so?.body.entity).toEqual({ externalId: "shopify-sto__9" });
  });
});
