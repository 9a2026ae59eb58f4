import type { ErpOnHandLevel, MeshEvent } from "../../shared/canonical";

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
