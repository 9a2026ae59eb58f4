import type { MeshEvent } from "../../../shared/canonical";
import type { ErpConnection } from "../../../shared/erp";
import { errorFields } from "../../../shared/log";
import type { ErpAdapter } from "./adapters/erp-adapter";
import { connectionAt } from "./connection-cache";
import { governedAdapter, type SyncDeps } from "./sync-pass";

/**
 * Read-back (every 15 minutes): for each connection, the ERP's on-hand per item and warehouse, and
 * the fulfilment status of the sales orders it holds that are not final yet, sent to core as canonical
 * events (`erp.inventory.observed`, `erp.order_status.observed`) on the mesh-events queue. Core keeps
 * the latest reading and logs what changed. Reads go through the same rate budget as pushes.
 */
export interface ReadBackDeps extends SyncDeps {
  events: Pick<Queue, "sendBatch">;
}

export interface ReadBackReport {
  connectionId: string;
  levels: number;
  orders: number;
  errors: string[];
}

/** Levels or orders per event at most, and their JSON at most: a v8 message stays inside 128 KB. */
const PER_EVENT = 300;
const EVENT_JSON_CHARS = 50_000;
const ORDERS_PER_RUN = 200;

/**
 * Splits items into event pages by count and by size: an order with many shipped SKUs is large, and a
 * page over the queue's message limit would fail the whole read-back of its connection every run.
 * (v8 takes at most two bytes per JSON character, so 50,000 characters stay under 128 KB.)
 */
export function pages<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  let page: T[] = [];
  let chars = 0;
  for (const item of items) {
    const size = JSON.stringify(item).length + 1;
    if (page.length === PER_EVENT || (page.length > 0 && chars + size > EVENT_JSON_CHARS)) {
      out.push(page);
      page = [];
      chars = 0;
    }
    page.push(item);
    chars += size;
  }
  if (page.length > 0) out.push(page);
  return out;
}

async function readConnection(
  deps: ReadBackDeps,
  connection: ErpConnection,
  runId: string,
): Promise<ReadBackReport> {
  const adapter: ErpAdapter = governedAdapter(deps, connection);
  const report: ReadBackReport = { connectionId: connection.id, levels: 0, orders: 0, errors: [] };
  const observedAt = new Date(deps.now()).toISOString();
  const envelope = (kind: string, page: number) => ({
    id: `erp-read-back:${connection.id}:${runId}:${kind}:${page}`,
    source: "erp-sync",
    storeId: null,
    connectionId: connection.id,
    correlationId: `erp-read-back-${runId}`,
    occurredAt: observedAt,
    receivedAt: observedAt,
    schemaVersion: 1 as const,
    intake: null,
  });
  const events: MeshEvent[] = [];

  const onHand = await adapter.readOnHand({ skus: null });
  if (onHand.ok) {
    report.levels = onHand.value.length;
    pages(onHand.value).forEach((levels, page) => {
      events.push({
        ...envelope("inventory", page),
        type: "erp.inventory.observed",
        data: { system: adapter.system, observedAt, levels },
      });
    });
  } else report.errors.push(`on-hand: ${onHand.errorClass}: ${onHand.message}`);
  // Stock goes out before the order statuses are read: a failure there must not lose this reading.
  await send(deps, events.splice(0));

  const open = await deps.core.listErpOrdersForReadBack({
    connectionId: connection.id,
    limit: ORDERS_PER_RUN,
  });
  if (open.length > 0) {
    const statuses = await adapter.readOrderStatus(open);
    if (statuses.ok) {
      report.orders = statuses.value.length;
      pages(statuses.value).forEach((orders, page) => {
        events.push({
          ...envelope("orders", page),
          type: "erp.order_status.observed",
          data: { system: adapter.system, observedAt, orders },
        });
      });
    } else report.errors.push(`order status: ${statuses.errorClass}: ${statuses.message}`);
  }
  await send(deps, events);
  return report;
}

async function send(deps: ReadBackDeps, events: readonly MeshEvent[]): Promise<void> {
  for (const batch of batchesOf(events)) {
    await deps.events.sendBatch(batch.map((body) => ({ body, contentType: "v8" as const })));
  }
}

/** Queue sendBatch takes at most 100 messages and 256 KB in all, each with ~100 bytes of metadata. */
const BATCH_MESSAGES = 100;
const BATCH_BYTES = 256_000;

function batchesOf(events: readonly MeshEvent[]): MeshEvent[][] {
  const out: MeshEvent[][] = [];
  let batch: MeshEvent[] = [];
  let bytes = 0;
  for (const event of events) {
    // v8 stores a string in one or two bytes per UTF-16 unit: twice the JSON length bounds its size.
    const size = 2 * JSON.stringify(event).length + 100;
    if (batch.length === BATCH_MESSAGES || (batch.length > 0 && bytes + size > BATCH_BYTES)) {
      out.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(event);
    bytes += size;
  }
  if (batch.length > 0) out.push(batch);
  return out;
}

export async function runReadBack(deps: ReadBackDeps): Promise<ReadBackReport[]> {
  const runId = crypto.randomUUID();
  const connections = await deps.core.listErpConnections();
  return Promise.all(
    connections.map(async (c): Promise<ReadBackReport> => {
      try {
        const connection = await connectionAt(deps.core, c.id, c.revision);
        if (!connection) return { connectionId: c.id, levels: 0, orders: 0, errors: ["connection gone"] };
        const report = await readConnection(deps, connection, runId);
        if (report.errors.length > 0) deps.log.warn("erp read-back incomplete", { ...report });
        return report;
      } catch (err) {
        deps.log.error("erp read-back failed", { connectionId: c.id, ...errorFields(err) });
        return {
          connectionId: c.id,
          levels: 0,
          orders: 0,
          errors: [err instanceof Error ? err.message : String(err)],
        };
      }
    }),
  );
}
