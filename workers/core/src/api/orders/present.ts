import type { erpOutbox, events, orderLines, orders } from "../../../../../shared/db/schema";
import { iso, isoOrNull } from "../common-schemas";
import type { OrderLineDetail, OrderSummary, OutboxState, TraceEvent } from "./schemas";

type OrderRow = typeof orders.$inferSelect;
type LineRow = typeof orderLines.$inferSelect;
type OutboxRow = typeof erpOutbox.$inferSelect;
type EventRow = typeof events.$inferSelect;

export function presentOrderSummary(row: OrderRow): OrderSummary {
  return {
    id: row.id,
    channel: row.channel,
    storeId: row.storeId,
    externalId: row.externalId,
    orderNumber: row.orderNumber,
    status: row.status,
    financialStatus: row.financialStatus,
    currency: row.currency,
    total: { amount: row.totalAmount, currency: row.currency },
    reservationState: row.reservationState,
    erp: { status: row.erpStatus, id: row.erpId, syncedAt: isoOrNull(row.erpSyncedAt) },
    placedAt: iso(row.placedAt),
    updatedAt: iso(row.updatedAt),
  };
}

export function presentLine(row: LineRow): OrderLineDetail {
  return {
    externalLineId: row.externalLineId,
    sku: row.sku,
    title: row.title,
    quantity: row.quantity,
    unitPrice: { amount: row.unitPrice, currency: row.currency },
    discountTotal: { amount: row.discountTotal, currency: row.currency },
    taxTotal: { amount: row.taxTotal, currency: row.currency },
    reservation: { status: row.reservationStatus, reservedQuantity: row.reservedQuantity },
  };
}

export function presentOutbox(row: OutboxRow): OutboxState {
  return {
    kind: row.kind,
    docKey: row.docKey,
    connectionId: row.connectionId,
    status: row.status,
    attempts: row.attempts,
    erpId: row.erpId,
    erpNumber: row.erpNumber,
    lastErrorClass: row.lastErrorClass,
    lastError: row.lastError,
    nextAttemptAt: iso(row.nextAttemptAt),
  };
}

/** Event payloads are JSON written by core; one that is not is shown as the raw text rather than hidden. */
function parseData(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function presentEvent(row: EventRow): TraceEvent {
  return {
    id: row.id,
    type: row.type,
    source: row.source,
    occurredAt: iso(row.occurredAt),
    recordedAt: iso(row.recordedAt),
    correlationId: row.correlationId,
    data: parseData(row.data),
  };
}
