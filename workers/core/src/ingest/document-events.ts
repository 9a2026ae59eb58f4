import { type MeshEvent, Order, Return } from "../../../../shared/canonical";
import type { ErpDocument } from "../../../../shared/erp";
import { newId } from "../../../../shared/ids";
import { createLogger } from "../../../../shared/log";
import { type QueuedDocument, queueDocument } from "../erp/outbox-rows";
import { eventForOrderId } from "../events";
import { commitShipment } from "./commit-shipment";

const log = createLogger("core");

export type DocumentEvent = Extract<
  MeshEvent,
  { type: "fulfillment.upserted" | "return.upserted" | "refund.created" }
>;

export function isDocumentEvent(event: MeshEvent): event is DocumentEvent {
  return (
    event.type === "fulfillment.upserted" ||
    event.type === "return.upserted" ||
    event.type === "refund.created"
  );
}

/** Thrown when a document arrives before its order: the consumer retries it, then dead-letters it. */
export class OrderNotYetKnown extends Error {}

const TABLE = {
  "fulfillment.upserted": "shipments",
  "return.upserted": "returns",
  "refund.created": "refunds",
} as const;

/**
 * Applies a shipment, return or refund: upsert the canonical record on (order, external id) guarded by
 * its version, queue its ERP documents, and log the step on the order's trace. A document whose order
 * is not known yet is retried (the order event may still be in flight), never dropped.
 */
export async function applyDocumentEvent(
  env: CoreEnv,
  event: DocumentEvent,
  now = Date.now(),
): Promise<void> {
  const d = event.data;
  const row = await env.DB.prepare(
    "SELECT id, snapshot FROM orders WHERE channel = ? AND store_id = ? AND external_id = ?",
  )
    .bind(d.channel, d.storeId, d.orderExternalId)
    .first<{ id: string; snapshot: string }>();
  if (!row)
    throw new OrderNotYetKnown(`order ${d.channel}/${d.storeId}/${d.orderExternalId} is not known yet`);
  const order = Order.parse(JSON.parse(row.snapshot));
  const version = Date.parse(
    event.type === "refund.created" ? event.data.createdAt : event.data.sourceUpdatedAt,
  );
  const status = event.type === "refund.created" ? "created" : event.data.status;
  const table = TABLE[event.type];
  const documents = await documentsFor(env.DB, event, order, row.id, version);
  if (event.type === "fulfillment.upserted") {
    await commitShipment(env, event.data, order, documents, version, event.correlationId);
  }
  // Queued only if the upsert below applied (or an identical redelivery): a late, older event must
  // not write documents the newer state has already ruled out (a shipment cancelled since).
  const ctx = {
    storeId: d.storeId,
    order: { id: row.id },
    correlationId: event.correlationId,
    record: { table, externalId: d.externalId, version },
  };
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO ${table} (id, order_id, channel, store_id, external_id, status, version, snapshot, correlation_id,
         created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(order_id, external_id) DO UPDATE SET status = excluded.status, version = excluded.version,
         snapshot = excluded.snapshot, updated_at = excluded.updated_at WHERE excluded.version > ${table}.version`,
    ).bind(
      newId("doc", now),
      row.id,
      d.channel,
      d.storeId,
      d.externalId,
      status,
      version,
      JSON.stringify(d),
      event.correlationId,
      now,
      now,
    ),
    ...documents.map((queued) => queueDocument(env.DB, queued, ctx, now)),
    eventForOrderId(
      env.DB,
      row.id,
      {
        eventKey: `${event.id}:applied`,
        correlationId: event.correlationId,
        type: event.type,
        source: event.source,
        storeId: d.storeId,
        occurredAt: Date.parse(event.occurredAt),
        data: {
          externalId: d.externalId,
          status,
          intake: event.intake,
          erpDocuments: documents.map((q) => q.document.kind),
        },
      },
      now,
    ),
  ]);
  log.info("document applied", {
    correlationId: event.correlationId,
    type: event.type,
    externalId: d.externalId,
  });
}

async function documentsFor(
  db: D1Database,
  event: DocumentEvent,
  order: Order,
  orderId: string,
  version: number,
): Promise<QueuedDocument[]> {
  switch (event.type) {
    case "fulfillment.upserted": {
      const f = event.data;
      // Only goods that left are written to the ERP; a cancelled shipment writes nothing new.
      if (f.status !== "shipped" && f.status !== "delivered") return [];
      return [{ document: { kind: "fulfillment", order, fulfillment: f }, version }];
    }
    case "return.upserted": {
      const r = event.data;
      if (r.status === "requested" || r.status === "cancelled") return [];
      const docs: QueuedDocument[] = [
        { document: { kind: "return_authorization", order, return: r }, version },
      ];
      if (r.lines.some((l) => l.receivedQuantity > 0)) {
        docs.push({ document: { kind: "item_receipt", order, return: r }, version });
      }
      return docs;
    }
    case "refund.created": {
      const refund = event.data;
      const ret = refund.returnExternalId ? await knownReturn(db, orderId, refund.returnExternalId) : null;
      const creditMemo: ErpDocument = { kind: "credit_memo", order, refund, return: ret };
      return [
        { document: creditMemo, version },
        ...refund.transactions.map((transaction) => ({
          document: { kind: "customer_refund" as const, order, refund, transaction },
          version,
        })),
      ];
    }
  }
}

async function knownReturn(db: D1Database, orderId: string, externalId: string): Promise<Return | null> {
  const row = await db
    .prepare("SELECT snapshot FROM returns WHERE order_id = ? AND external_id = ?")
    .bind(orderId, externalId)
    .first<{ snapshot: string }>();
  return row ? Return.parse(JSON.parse(row.snapshot)) : null;
}
