import type { MeshEvent } from "../../../../shared/canonical";
import { eventForOrderId } from "../events";
import { reconcileConnection } from "../inventory/reconcile";

type InventoryObserved = Extract<MeshEvent, { type: "erp.inventory.observed" }>;
type OrderStatusObserved = Extract<MeshEvent, { type: "erp.order_status.observed" }>;
export type ErpObservation = InventoryObserved | OrderStatusObserved;

export function isErpObservation(event: MeshEvent): event is ErpObservation {
  return event.type === "erp.inventory.observed" || event.type === "erp.order_status.observed";
}

/** D1 allows 100 bound parameters per statement; lookups go in chunks well under it. */
const CHUNK = 40;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * Applies what erp-sync read back from an ERP. On-hand levels land in `erp_stock` (an older reading
 * never overwrites a newer one) and each level that changed is logged as `inventory.erp_changed`;
 * order statuses land on the order and a change is logged on its trace. Replays write nothing new.
 */
export async function applyErpObservation(
  env: CoreEnv,
  event: ErpObservation,
  now = Date.now(),
): Promise<void> {
  if (event.type === "erp.inventory.observed") {
    await applyOnHand(env.DB, event, now);
    // Each reading is compared with the ledgers at once: read-back is the reconciliation's schedule.
    await reconcileConnection(
      env,
      {
        runId: `rcn_${event.id}`,
        connectionId: event.connectionId,
        trigger: "read_back",
        correlationId: event.correlationId,
        skus: [...new Set(event.data.levels.map((l) => l.sku))],
      },
      now,
    );
  } else await applyOrderStatus(env.DB, event, now);
}

async function applyOnHand(db: D1Database, event: InventoryObserved, now: number): Promise<void> {
  const observedAt = Date.parse(event.data.observedAt);
  for (const part of chunks(event.data.levels)) {
    const known = await db
      .prepare(
        `SELECT sku, erp_location, on_hand, observed_at FROM erp_stock WHERE connection_id = ?
         AND sku IN (${part.map(() => "?").join(",")})`,
      )
      .bind(event.connectionId, ...part.map((l) => l.sku))
      .all<{ sku: string; erp_location: string; on_hand: number; observed_at: number }>();
    const before = new Map(known.results.map((r) => [`${r.sku}\u0000${r.erp_location}`, r]));
    const statements: D1PreparedStatement[] = [];
    for (const level of part) {
      const onHand = Math.round(level.onHand);
      const previous = before.get(`${level.sku}\u0000${level.erpLocation}`);
      if (previous && previous.observed_at >= observedAt) continue;
      statements.push(
        db
          .prepare(
            `INSERT INTO erp_stock (connection_id, sku, erp_location, location_id, on_hand, observed_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(connection_id, sku, erp_location) DO UPDATE SET
               location_id = excluded.location_id, on_hand = excluded.on_hand, observed_at = excluded.observed_at,
               updated_at = excluded.updated_at WHERE excluded.observed_at > erp_stock.observed_at`,
          )
          .bind(event.connectionId, level.sku, level.erpLocation, level.locationId, onHand, observedAt, now),
      );
      if (previous?.on_hand === onHand) continue;
      statements.push(
        eventForOrderId(
          db,
          null,
          {
            eventKey: `${event.id}:${level.sku}:${level.erpLocation}`,
            correlationId: event.correlationId,
            type: "inventory.erp_changed",
            source: event.source,
            storeId: null,
            occurredAt: observedAt,
            data: {
              connectionId: event.connectionId,
              system: event.data.system,
              sku: level.sku,
              erpLocation: level.erpLocation,
              locationId: level.locationId,
              from: previous?.on_hand ?? null,
              to: onHand,
            },
          },
          now,
        ),
      );
    }
    if (statements.length > 0) await db.batch(statements);
  }
}

async function applyOrderStatus(db: D1Database, event: OrderStatusObserved, now: number): Promise<void> {
  const observedAt = Date.parse(event.data.observedAt);
  for (const part of chunks(event.data.orders)) {
    const rows = await db
      .prepare(
        `SELECT x.doc_key, o.id, o.erp_fulfillment_status AS status, o.erp_observed_at AS observed_at, o.correlation_id
         FROM erp_outbox x JOIN orders o ON o.id = x.order_id
         WHERE x.connection_id = ? AND x.kind = 'sales_order' AND x.doc_key IN (${part.map(() => "?").join(",")})`,
      )
      .bind(event.connectionId, ...part.map((o) => o.docKey))
      .all<{
        doc_key: string;
        id: string;
        status: string | null;
        observed_at: number | null;
        correlation_id: string;
      }>();
    const byKey = new Map(rows.results.map((r) => [r.doc_key, r]));
    const statements: D1PreparedStatement[] = [];
    for (const observed of part) {
      const order = byKey.get(observed.docKey);
      if (!order || (order.observed_at ?? 0) >= observedAt) continue;
      statements.push(
        db
          .prepare(
            `UPDATE orders SET erp_fulfillment_status = ?, erp_observed_at = ?, updated_at = ?
             WHERE id = ? AND (erp_observed_at IS NULL OR erp_observed_at < ?)`,
          )
          .bind(observed.status, observedAt, now, order.id, observedAt),
      );
      if (order.status === observed.status) continue;
      statements.push(
        eventForOrderId(
          db,
          order.id,
          {
            eventKey: `${event.id}:${observed.docKey}`,
            correlationId: order.correlation_id,
            type: "order.erp_status_changed",
            source: event.source,
            storeId: null,
            occurredAt: observedAt,
            data: {
              system: event.data.system,
              erpId: observed.erpId,
              from: order.status,
              to: observed.status,
              shipped: observed.shipped,
            },
          },
          now,
        ),
      );
    }
    if (statements.length > 0) await db.batch(statements);
  }
}
