import { type Order, Refund, type Return } from "../../shared/canonical";
import type { ErpAdapter } from "../../workers/erp-sync/src/adapters/erp-adapter";
import { claimFor } from "./support";

/** The return path's documents for one order (returns.test.ts, correlation.test.ts). */
const usd = (amount: number) => ({ amount, currency: "USD" });

export function returnOf(order: Order, received: number): Return {
  return {
    channel: order.channel,
    storeId: order.storeId,
    orderExternalId: order.externalId,
    externalId: `r-${order.externalId}`,
    rmaNumber: `RMA-${order.externalId.slice(-5)}`,
    status: received > 0 ? "received" : "authorized",
    locationId: null,
    lines: [
      {
        externalLineId: "518995019",
        sku: "IPOD2008RED",
        quantity: 2,
        reason: "wrong colour",
        receivedQuantity: received,
        disposition: received > 0 ? "restock" : null,
      },
    ],
    authorizedAt: order.placedAt,
    receivedAt: received > 0 ? order.placedAt : null,
    sourceUpdatedAt: order.placedAt,
  };
}

/** Two red units back at 199.00 with 6% tax (23.88), shipping 5.00 and a 1.11 goodwill: 427.99. */
export function refundOf(order: Order): Refund {
  // Parsed, so the fixture keeps the canonical invariant: lines + shipping + adjustment = total = transactions.
  return Refund.parse({
    channel: order.channel,
    storeId: order.storeId,
    orderExternalId: order.externalId,
    externalId: `rf-${order.externalId}`,
    returnExternalId: `r-${order.externalId}`,
    currency: "USD",
    lines: [
      {
        externalLineId: "518995019",
        sku: "IPOD2008RED",
        quantity: 2,
        amount: usd(39800),
        tax: usd(2388),
        restock: true,
      },
    ],
    shipping: usd(500),
    adjustment: usd(111),
    transactions: [
      { externalId: `tx-${order.externalId}`, gateway: "bogus", method: "visa", amount: usd(42799) },
    ],
    total: usd(42799),
    note: "Customer returned both red units",
    createdAt: order.placedAt,
  });
}

export async function onHand(adapter: ErpAdapter, sku: string): Promise<number> {
  const read = await adapter.readOnHand({ skus: [sku] });
  if (!read.ok) throw new Error(read.message);
  return read.value.filter((l) => l.erpLocation === "WH").reduce((n, l) => n + l.onHand, 0);
}

export async function shippedSale(adapter: ErpAdapter, order: Order): Promise<string> {
  const sale = await adapter.push(claimFor({ kind: "sales_order", order }));
  if (!sale.ok) throw new Error(sale.message);
  const fulfillment = {
    channel: order.channel,
    storeId: order.storeId,
    orderExternalId: order.externalId,
    externalId: `f-${order.externalId}`,
    status: "shipped" as const,
    locationId: null,
    lines: order.lines.map((l) => ({ externalLineId: l.externalLineId, sku: l.sku, quantity: l.quantity })),
    packages: [],
    shippedAt: order.placedAt,
    sourceUpdatedAt: order.placedAt,
  };
  const shipped = await adapter.push(
    claimFor({ kind: "fulfillment", order, fulfillment }, { sales_order: sale.erpId }),
  );
  if (!shipped.ok) throw new Error(shipped.message);
  return sale.erpId;
}
