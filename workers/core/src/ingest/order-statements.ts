import type { OrderEvent } from "../../../../shared/canonical";
import { newId } from "../../../../shared/ids";
import { orderDocuments } from "../erp/order-documents";
import { queueDocument } from "../erp/outbox-rows";
import { eventForOrderKey } from "../events";
import type { LineReservation } from "./reserve-lines";
import { summarizeReservations } from "./reserve-lines";

/**
 * The D1 batch that applies one canonical order event atomically: upsert the order on its natural
 * key (only if this event is newer than what we hold), upsert its lines, log the steps, and queue
 * its ERP documents (customer, sales order, payments). Every statement finds the order through the natural key, so the batch is
 * correct whether the order exists already or is created by its first statement.
 */
export function orderStatements(
  db: D1Database,
  event: OrderEvent,
  reservations: LineReservation[],
  now = Date.now(),
) {
  const o = event.data;
  const key = { channel: o.channel, storeId: o.storeId, externalId: o.externalId };
  const sourceVersion = Date.parse(o.sourceUpdatedAt);
  const reservationState = summarizeReservations(reservations);
  const byLine = new Map(reservations.map((r) => [r.externalLineId, r]));
  const keyWhere = "channel = ? AND store_id = ? AND external_id = ?";
  const keyArgs = [key.channel, key.storeId, key.externalId];

  // Shopify's updated_at has one-second precision: a different state with the same time is applied
  // (the last one processed wins) so the order, its lines and the ledger, which all accept equal
  // versions, stay in step; an identical redelivery changes nothing. A cancellation is final: at an
  // equal time, an open state (orders/create processed after orders/cancelled) does not undo it.
  const upsertOrder = db
    .prepare(
      `INSERT INTO orders (id, channel, store_id, external_id, order_number, status, financial_status, currency, total_amount,
         correlation_id, version, placed_at, source_updated_at, snapshot, reservation_state, erp_status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, 'pending', ?, ?)
       ON CONFLICT(channel, store_id, external_id) DO UPDATE SET order_number = excluded.order_number,
         status = excluded.status, financial_status = excluded.financial_status, total_amount = excluded.total_amount,
         version = orders.version + 1, source_updated_at = excluded.source_updated_at, snapshot = excluded.snapshot,
         reservation_state = excluded.reservation_state,
         erp_status = CASE WHEN orders.erp_status IN ('synced', 'parked') THEN 'pending' ELSE orders.erp_status END,
         updated_at = excluded.updated_at
       WHERE excluded.source_updated_at > orders.source_updated_at
          OR (excluded.source_updated_at = orders.source_updated_at AND excluded.snapshot <> orders.snapshot
              AND (orders.status <> 'cancelled' OR excluded.status = 'cancelled'))`,
    )
    .bind(
      newId("ord", now),
      key.channel,
      key.storeId,
      key.externalId,
      o.orderNumber,
      o.status,
      o.financialStatus,
      o.currency,
      o.totals.total.amount,
      event.correlationId,
      Date.parse(o.placedAt),
      sourceVersion,
      JSON.stringify(o),
      reservationState,
      now,
      now,
    );

  // Lines are written only while the order row holds this event's version (a stale event writes none).
  const lines = o.lines.map((line, position) => {
    const r = byLine.get(line.externalLineId)?.result ?? null;
    const discount = line.discountAllocations.reduce((sum, d) => sum + d.amount.amount, 0);
    const tax = line.taxLines.reduce((sum, t) => sum + t.amount.amount, 0);
    return db
      .prepare(
        `INSERT INTO order_lines (id, order_id, external_line_id, position, sku, title, quantity, currency, unit_price,
           discount_total, tax_total, reservation_status, reserved_quantity, reservation_rev, created_at, updated_at)
         SELECT ?, id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM orders WHERE ${keyWhere} AND source_updated_at = ?
         ON CONFLICT(order_id, external_line_id) DO UPDATE SET sku = excluded.sku, title = excluded.title,
           quantity = excluded.quantity, unit_price = excluded.unit_price, discount_total = excluded.discount_total,
           tax_total = excluded.tax_total,
           reservation_status = CASE WHEN excluded.reservation_rev >= order_lines.reservation_rev
             THEN excluded.reservation_status ELSE order_lines.reservation_status END,
           reserved_quantity = CASE WHEN excluded.reservation_rev >= order_lines.reservation_rev
             THEN excluded.reserved_quantity ELSE order_lines.reserved_quantity END,
           reservation_rev = MAX(order_lines.reservation_rev, excluded.reservation_rev), updated_at = excluded.updated_at`,
      )
      .bind(
        newId("oln", now),
        line.externalLineId,
        position,
        line.sku,
        line.title,
        line.quantity,
        line.unitPrice.currency,
        line.unitPrice.amount,
        discount,
        tax,
        r ? r.status : "not_tracked",
        r ? r.reservedQuantity : 0,
        r ? r.revision : 0,
        now,
        now,
        ...keyArgs,
        sourceVersion,
      );
  });

  const documents = orderDocuments(o);
  const outbox = documents.map((queued) =>
    queueDocument(
      db,
      queued,
      {
        storeId: o.storeId,
        order: key,
        correlationId: event.correlationId,
        orderSourceVersion: sourceVersion,
      },
      now,
    ),
  );

  const log = (suffix: string, type: string, occurredAt: number, data: unknown) =>
    eventForOrderKey(
      db,
      key,
      {
        eventKey: `${event.id}:${suffix}`,
        correlationId: event.correlationId,
        type,
        source: event.source,
        storeId: o.storeId,
        occurredAt,
        data,
      },
      now,
    );

  const logs = [
    ...(event.intake
      ? [log("webhook", "webhook.received", Date.parse(event.intake.receivedAt), { ...event.intake })]
      : []),
    log("upsert", "order.upserted", now, {
      eventType: event.type,
      status: o.status,
      sourceUpdatedAt: o.sourceUpdatedAt,
    }),
    log("reservation", "inventory.reservation", now, {
      state: reservationState,
      lines: reservations.map((r) => ({
        externalLineId: r.externalLineId,
        sku: r.sku,
        status: r.result?.status ?? "not_tracked",
        reserved: r.result?.reservedQuantity ?? 0,
      })),
    }),
    log("outbox", "erp.outbox.queued", now, { kinds: documents.map((d) => d.document.kind) }),
  ];

  return { upsertOrder, lines, outbox, logs };
}
