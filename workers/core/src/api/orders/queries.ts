import { and, asc, desc, eq, inArray, lt, or } from "drizzle-orm";
import { erpOutbox, events, orderLines, orders } from "../../../../../shared/db/schema";
import type { Db } from "../db";

export interface OrderFilters {
  channel?: string | undefined;
  storeId?: string | undefined;
  externalId?: string | undefined;
  status?: string | undefined;
}

/** Newest first (ids sort by creation time); `before` is the last id of the previous page. */
export function listOrders(db: Db, filters: OrderFilters, limit: number, before: string | null) {
  return db
    .select()
    .from(orders)
    .where(
      and(
        filters.channel ? eq(orders.channel, filters.channel) : undefined,
        filters.storeId ? eq(orders.storeId, filters.storeId) : undefined,
        filters.externalId ? eq(orders.externalId, filters.externalId) : undefined,
        filters.status ? eq(orders.status, filters.status) : undefined,
        before ? lt(orders.id, before) : undefined,
      ),
    )
    .orderBy(desc(orders.id))
    .limit(limit);
}

/** The order, its lines in channel order and its ERP documents, read in one round trip. */
export async function loadOrderDetail(db: Db, orderId: string) {
  const [order, lines, push] = await db.batch([
    db.select().from(orders).where(eq(orders.id, orderId)).limit(1),
    db.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.position)),
    db
      .select()
      .from(erpOutbox)
      .where(eq(erpOutbox.orderId, orderId))
      .orderBy(asc(erpOutbox.createdAt), asc(erpOutbox.id)),
  ]);
  const row = order[0];
  return row ? { order: row, lines, documents: push } : null;
}

export function findOrder(db: Db, orderId: string) {
  return db
    .select({ id: orders.id, correlationId: orders.correlationId })
    .from(orders)
    .where(eq(orders.id, orderId))
    .get();
}

/**
 * Every event of the order's journey: those recorded against the order, plus every event sharing a
 * correlation id with it (intake steps logged before the order row existed). The correlation ids
 * come from a subquery, so an order with many deliveries stays under D1's bound-parameter limit.
 */
export function traceEvents(db: Db, order: { id: string; correlationId: string }) {
  const orderCorrelations = db
    .selectDistinct({ correlationId: events.correlationId })
    .from(events)
    .where(eq(events.orderId, order.id));
  return db
    .select()
    .from(events)
    .where(
      or(
        eq(events.orderId, order.id),
        eq(events.correlationId, order.correlationId),
        inArray(events.correlationId, orderCorrelations),
      ),
    )
    .orderBy(asc(events.occurredAt), asc(events.recordedAt), asc(events.id));
}
