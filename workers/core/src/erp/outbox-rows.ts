import { documentDependencies, documentKey, type ErpDocument } from "../../../../shared/erp";
import { newId } from "../../../../shared/ids";

/**
 * The statement that queues one ERP document: insert its outbox row, or, when the document changed
 * (a higher version), replace what the row must deliver and make it due again. A parked row becomes
 * pending with fresh attempts: the new version may be the fix. The connection is resolved in the same
 * statement (the store's own, else the default, else '' = waiting for one), so a batch is atomic.
 */
export interface QueuedDocument {
  document: ErpDocument;
  /** Version of the document; a row only moves forward. "order" is the order row's own version. */
  version: number | "order";
  /** The customer document's key when the sales order waits for one. */
  customerKey?: string | null;
}

export interface QueueContext {
  storeId: string | null;
  /** The mesh order id, or the natural key to find it by in the same batch. */
  order: { id: string } | { channel: string; storeId: string; externalId: string } | null;
  correlationId: string;
  /** Only queue while the order row holds this source version (a stale event queues nothing). */
  orderSourceVersion?: number;
  /** Only queue while this shipment, return or refund row holds this version (same reason). */
  record?: { table: "shipments" | "returns" | "refunds"; externalId: string; version: number };
}

/**
 * The connection a document goes to: where its order's sales order already went (a fulfilment or
 * refund must follow its order even after the default moved), else the store's own, else the default,
 * else '' (waiting for one). `orderId` is SQL for the order's id in the statement, or null.
 */
function connectionOf(orderId: string | null): string {
  const ofOrder = orderId
    ? `(SELECT x.connection_id FROM erp_outbox x WHERE x.order_id = ${orderId} AND x.kind = 'sales_order'
         AND x.connection_id <> '' ORDER BY x.created_at LIMIT 1),`
    : "";
  return `COALESCE(${ofOrder}
    (SELECT erp_connection_id FROM stores WHERE id = ?1 AND erp_connection_id IS NOT NULL),
    (SELECT id FROM erp_connections WHERE is_default = 1), '')`;
}

export function queueDocument(
  db: D1Database,
  queued: QueuedDocument,
  ctx: QueueContext,
  now = Date.now(),
  /** A connection chosen explicitly (journal entries posted to one ERP); else the store's or the default. */
  connectionId: string | null = null,
): D1PreparedStatement {
  const doc = queued.document;
  const depends = JSON.stringify(documentDependencies(doc, queued.customerKey ?? null));
  const order = ctx.order;
  let orderSelect = "NULL";
  let where = "";
  const orderArgs: unknown[] = [];
  if (order && "id" in order) {
    orderSelect = "?8";
    orderArgs.push(order.id);
    if (ctx.record) {
      where = ` WHERE EXISTS (SELECT 1 FROM ${ctx.record.table} r WHERE r.order_id = ?8 AND r.external_id = ?9 AND r.version = ?10)`;
      orderArgs.push(ctx.record.externalId, ctx.record.version);
    }
  } else if (order) {
    orderSelect = "o.id";
    where = " FROM orders o WHERE o.channel = ?8 AND o.store_id = ?9 AND o.external_id = ?10";
    orderArgs.push(order.channel, order.storeId, order.externalId);
    if (ctx.orderSourceVersion !== undefined) {
      where += " AND o.source_updated_at = ?11";
      orderArgs.push(ctx.orderSourceVersion);
    }
  }
  if (queued.version === "order" && !where) throw new Error("an order version needs the order's natural key");
  const version = queued.version === "order" ? "o.version" : "?7";
  return db
    .prepare(
      `INSERT INTO erp_outbox (id, connection_id, kind, doc_key, order_id, depends_on, document, version, status,
         attempts, next_attempt_at, correlation_id, created_at, updated_at)
       SELECT ?2, ${connectionId ? "?14" : connectionOf(orderSelect === "NULL" ? null : orderSelect)}, ?3, ?4, ${orderSelect}, ?5, ?6, ${version}, 'pending', 0, ?12, ?13, ?12, ?12${where}
       ON CONFLICT(connection_id, doc_key) DO UPDATE SET version = excluded.version, document = excluded.document,
         depends_on = excluded.depends_on, correlation_id = excluded.correlation_id,
         status = CASE WHEN erp_outbox.status = 'in_flight' THEN 'in_flight' ELSE 'pending' END,
         attempts = CASE WHEN erp_outbox.status = 'parked' THEN 0 ELSE erp_outbox.attempts END,
         next_attempt_at = excluded.next_attempt_at, updated_at = excluded.updated_at
       WHERE excluded.version > erp_outbox.version`,
    )
    .bind(
      ctx.storeId,
      newId("obx", now),
      doc.kind,
      documentKey(doc),
      depends,
      JSON.stringify(doc),
      queued.version === "order" ? null : queued.version,
      ...padTo(orderArgs, 4),
      now,
      ctx.correlationId,
      ...(connectionId ? [connectionId] : []),
    );
}

/** Positional parameters ?8..?11 are always bound, so unused ones get null. */
function padTo(values: unknown[], length: number): unknown[] {
  return [...values, ...Array.from({ length: length - values.length }, () => null)];
}
