import { describe, expect, it } from "vitest";
import type { Fulfillment, Order } from "../../shared/canonical";
import type { ErpAdapter } from "../../workers/erp-sync/src/adapters/erp-adapter";
import { referenceFor } from "../../workers/erp-sync/src/adapters/tryton/reference";
import { pushUntilExactlyOnce } from "./exactly-once";
import { claimFor, freshOrder, tryton, trytonAdapter } from "./support";

/** fulfillment -> the sale's customer shipment, partial quantities leaving the remainder. */
const api = tryton();

function fulfillmentOf(order: Order, id: string, lines: [string, string, number][]): Fulfillment {
  return {
    channel: order.channel,
    storeId: order.storeId,
    orderExternalId: order.externalId,
    externalId: id,
    status: "shipped",
    locationId: null,
    lines: lines.map(([externalLineId, sku, quantity]) => ({ externalLineId, sku, quantity })),
    packages: [{ carrier: "UPS", service: "Ground", trackingNumber: `1Z${id}`, trackingUrl: null }],
    shippedAt: order.placedAt,
    sourceUpdatedAt: order.placedAt,
  };
}

async function onHand(adapter: ErpAdapter, sku: string): Promise<number> {
  const read = await adapter.readOnHand({ skus: [sku] });
  if (!read.ok) throw new Error(read.message);
  return read.value.filter((l) => l.erpLocation === "WH").reduce((n, l) => n + l.onHand, 0);
}

async function processedSale(order: Order): Promise<string> {
  const pushed = await trytonAdapter().push(claimFor({ kind: "sales_order", order }));
  if (!pushed.ok) throw new Error(pushed.message);
  return pushed.erpId;
}

describe("fulfillment", () => {
  it("ships part of the order, leaves the rest on a new shipment, then ships the rest", async () => {
    const adapter = trytonAdapter();
    const order = freshOrder();
    const saleId = await processedSale(order);
    const [greenBefore, redBefore] = [
      await onHand(adapter, "IPOD2008GREEN"),
      await onHand(adapter, "IPOD2008RED"),
    ];

    const first = fulfillmentOf(order, `f1-${order.externalId}`, [
      ["466157049", "IPOD2008GREEN", 1],
      ["518995019", "IPOD2008RED", 1],
    ]);
    const claim = claimFor({ kind: "fulfillment", order, fulfillment: first }, { sales_order: saleId });
    const shipped = await adapter.push(claim);
    if (!shipped.ok) throw new Error(`${shipped.message} ${shipped.detail}`);

    const [shipment] = await api.read(
      "stock.shipment.out",
      [Number(shipped.erpId)],
      ["state", "reference", "outgoing_moves"],
    );
    expect(shipment).toMatchObject({ state: "done", reference: await referenceFor(claim.docKey) });
    const moves = await api.read("stock.move", shipment?.outgoing_moves as number[], [
      "product",
      "quantity",
      "state",
    ]);
    expect(moves.map((m) => [m.quantity, m.state])).toEqual([
      [1, "done"],
      [1, "done"],
    ]);
    const notes = await api.search("ir.note", [["resource", "=", `stock.shipment.out,${shipped.erpId}`]]);
    const [note] = await api.read("ir.note", notes, ["message"]);
    expect(note?.message).toBe(`Tracking: UPS Ground 1Zf1-${order.externalId}`);
    expect(await onHand(adapter, "IPOD2008GREEN")).toBe(greenBefore - 1);
    expect(await onHand(adapter, "IPOD2008RED")).toBe(redBefore - 1);

    const partial = await adapter.readOrderStatus([{ docKey: "k", erpId: saleId }]);
    expect(partial.ok && partial.value[0]).toMatchObject({
      status: "partially_fulfilled",
      shipped: expect.arrayContaining([
        { sku: "IPOD2008GREEN", quantity: 1 },
        { sku: "IPOD2008RED", quantity: 1 },
      ]),
    });

    const rest = fulfillmentOf(order, `f2-${order.externalId}`, [["518995019", "IPOD2008RED", 1]]);
    const second = await adapter.push(
      claimFor({ kind: "fulfillment", order, fulfillment: rest }, { sales_order: saleId }),
    );
    expect(second.ok && second.erpId !== shipped.erpId).toBe(true);
    const done = await adapter.readOrderStatus([{ docKey: "k", erpId: saleId }]);
    expect(done.ok && done.value[0]).toMatchObject({
      status: "fulfilled",
      shipped: expect.arrayContaining([{ sku: "IPOD2008RED", quantity: 2 }]),
    });
    expect(await onHand(adapter, "IPOD2008RED")).toBe(redBefore - 2);
  });

  it("ships once however often the claim comes, and stock moves once", async () => {
    const adapter = trytonAdapter();
    const order = freshOrder();
    const saleId = await processedSale(order);
    const redBefore = await onHand(adapter, "IPOD2008RED");
    const all = fulfillmentOf(order, `f-${order.externalId}`, [
      ["466157049", "IPOD2008GREEN", 1],
      ["518995019", "IPOD2008RED", 2],
    ]);
    const claim = claimFor({ kind: "fulfillment", order, fulfillment: all }, { sales_order: saleId });
    const erpId = await pushUntilExactlyOnce(claim, /^model\.stock\.shipment\.out\.done$/);
    const reference = await referenceFor(claim.docKey);
    expect(await api.search("stock.shipment.out", [["reference", "=", reference]])).toEqual([Number(erpId)]);
    expect(await onHand(adapter, "IPOD2008RED")).toBe(redBefore - 2);
    expect(await api.search("ir.note", [["resource", "=", `stock.shipment.out,${erpId}`]])).toHaveLength(1);
  });

  it("refuses to ship more than the sale has open, with nothing written", async () => {
    const order = freshOrder();
    const saleId = await processedSale(order);
    const tooMany = fulfillmentOf(order, `fx-${order.externalId}`, [["518995019", "IPOD2008RED", 5]]);
    const result = await trytonAdapter().push(
      claimFor({ kind: "fulfillment", order, fulfillment: tooMany }, { sales_order: saleId }),
    );
    expect(result).toMatchObject({ ok: false, errorClass: "business" });
    const [sale] = await api.read("sale.sale", [Number(saleId)], ["shipment_state", "shipments"]);
    expect(sale?.shipment_state).toBe("waiting");
    const [shipment] = await api.read("stock.shipment.out", sale?.shipments as number[], [
      "state",
      "reference",
      "inventory_moves",
    ]);
    expect(shipment).toMatchObject({ state: "waiting", reference: null });
    const moves = await api.read("stock.move", shipment?.inventory_moves as number[], ["quantity"]);
    expect(moves.map((m) => m.quantity).sort()).toEqual([1, 2]);
  });
});
