import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { type ErpOnHandLevel, MeshEvent, type Order } from "../../shared/canonical";
import { salesOrderKey } from "../../shared/erp";
import { deliver, deliverOrder, isolatedStore, plainOrder } from "./erp-helpers";

/**
 * ERP read-back events as erp-sync sends them (workers/erp-sync/src/read-back.ts): about a
 * connection, not a store, and stamped with the time the ERP was read.
 */
type InventoryObserved = Extract<MeshEvent, { type: "erp.inventory.observed" }>;
type OrderStatusObserved = Extract<MeshEvent, { type: "erp.order_status.observed" }>;
export type ObservedOrder = OrderStatusObserved["data"]["orders"][number];

let sequence = 0;

function envelope(connectionId: string, observedAt: string, kind: string) {
  sequence += 1;
  return {
    id: `erp-read-back:${connectionId}:run-${sequence}:${kind}:0`,
    source: "erp-sync",
    storeId: null,
    connectionId,
    correlationId: `erp-read-back-run-${sequence}`,
    occurredAt: observedAt,
    receivedAt: observedAt,
    schemaVersion: 1 as const,
    intake: null,
  };
}

export function inventoryObserved(
  connectionId: string,
  observedAt: string,
  levels: ErpOnHandLevel[],
): InventoryObserved {
  return {
    ...envelope(connectionId, observedAt, "inventory"),
    type: "erp.inventory.observed",
    data: { system: "netsuite", observedAt, levels },
  };
}

export function orderStatusObserved(
  connectionId: string,
  observedAt: string,
  orders: ObservedOrder[],
): OrderStatusObserved {
  return {
    ...envelope(connectionId, observedAt, "orders"),
    type: "erp.order_status.observed",
    data: { system: "netsuite", observedAt, orders },
  };
}

/** One level at an ERP warehouse the connection maps to a mesh location (or not, with null). */
export const level = (
  sku: string,
  erpLocation: string,
  onHand: number,
  locationId: string | null = null,
): ErpOnHandLevel => ({ sku, erpLocation, locationId, onHand });

/** A read time `minute` minutes past noon on a fixed day (the cron reads every 15 minutes). */
export const T = (minute: number) => new Date(Date.UTC(2026, 10, 24, 12, minute)).toISOString();

/** Delivers events to core's consumer and expects each to be applied and acked, none retried. */
export async function apply(...events: MeshEvent[]): Promise<void> {
  for (const e of events) expect(MeshEvent.safeParse(e).success).toBe(true);
  const result = await deliver(events);
  expect(result.retryMessages).toEqual([]);
  expect(result.explicitAcks).toHaveLength(events.length);
}

/** An order ingested into a store of its own connection, with its sales order row. */
export async function ingestedOrder(overrides: Partial<Order> = {}) {
  const { connectionId, storeId } = await isolatedStore();
  const order = plainOrder({ storeId, externalId: "OBS-1001", customer: null, payments: [], ...overrides });
  await deliverOrder(order);
  const row = await env.DB.prepare("SELECT id, correlation_id FROM orders WHERE store_id = ?")
    .bind(storeId)
    .first<{ id: string; correlation_id: string }>();
  if (!row) throw new Error("order not applied");
  return { connectionId, order, orderId: row.id, correlationId: row.correlation_id };
}

/** The ERP's status of an order's sales order; anything past open has shipped one red unit. */
export const observedOrder = (
  order: Order,
  status: ObservedOrder["status"],
  erpId = "SO-77",
): ObservedOrder => ({
  docKey: salesOrderKey(order),
  erpId,
  status,
  shipped: status === "open" ? [] : [{ sku: "IPOD2008RED", quantity: 1 }],
});
