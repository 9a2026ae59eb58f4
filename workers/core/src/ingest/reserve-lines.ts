import type { Order, OrderEvent } from "../../../../shared/canonical";
import { summarizeStatuses } from "../inventory/line-status";
import { lineExceptionStatement } from "../inventory/line-sync";
import type { LineResult, SkuLedger } from "../inventory/sku-ledger";

/** The natural key of an order as the ledgers know it (`parseOrderRef` in inventory/line-sync.ts reads it). */
export function orderRefOf(order: Pick<Order, "channel" | "storeId" | "externalId">): string {
  return `${order.channel}:${order.storeId}:${order.externalId}`;
}

/** The natural key of an order line: stable across deliveries and independent of our own ids. */
export function lineKeyOf(order: Order, externalLineId: string): string {
  return `${orderRefOf(order)}:${externalLineId}`;
}

export function ledgerFor(env: CoreEnv, sku: string): DurableObjectStub<SkuLedger> {
  return (env.SKU_LEDGER as DurableObjectNamespace<SkuLedger>).getByName(sku);
}

export type LineReservation = { externalLineId: string; sku: string | null; result: LineResult | null };

/** Orders not yet paid or approved hold their stock only for the store's hold time. */
const UNPAID: ReadonlySet<string> = new Set(["pending"]);

/**
 * Reserves (open orders) or releases (cancelled orders) every line in its SKU's ledger. Each call is
 * idempotent by line key and guarded by the order's source version, so a redelivered or late event
 * cannot double-reserve or resurrect a released line. A partly cancelled line reserves only the
 * units still wanted; an unpaid order's lines are held and expire if payment does not come.
 */
export async function applyReservations(env: CoreEnv, event: OrderEvent): Promise<LineReservation[]> {
  const order = event.data;
  const version = Date.parse(order.sourceUpdatedAt);
  const orderRef = orderRefOf(order);
  const release = order.status === "cancelled";
  const hold = UNPAID.has(order.financialStatus);
  // Lines of the same SKU go to the same object; summing them first would lose the per-line key.
  return Promise.all(
    order.lines.map(async (line): Promise<LineReservation> => {
      if (!line.sku || !line.requiresShipping || line.giftCard) {
        return { externalLineId: line.externalLineId, sku: line.sku, result: null };
      }
      const stub = ledgerFor(env, line.sku);
      const lineKey = lineKeyOf(order, line.externalLineId);
      const wanted = Math.max(0, line.quantity - line.cancelledQuantity);
      const result = release
        ? await stub.release({ lineKey, orderRef, version, correlationId: event.correlationId })
        : await stub.reserve({
            lineKey,
            orderRef,
            storeId: order.storeId,
            channel: order.channel,
            quantity: wanted,
            version,
            correlationId: event.correlationId,
            hold,
          });
      return { externalLineId: line.externalLineId, sku: line.sku, result };
    }),
  );
}

/** One word for the whole order, shown in the API: the weakest state of its tracked lines. */
export function summarizeReservations(lines: LineReservation[]): string {
  return summarizeStatuses(lines.flatMap((l) => (l.result ? [l.result.status] : [])));
}

/** Each ledger re-reads its policy and pushes what moved (after a listing or policy change). */
export async function resyncLedgers(
  env: CoreEnv,
  skus: string[],
  correlationId: string,
  forceStoreId?: string,
): Promise<void> {
  await Promise.all(skus.map((sku) => ledgerFor(env, sku).requestPush(correlationId, forceStoreId)));
}

/**
 * The exceptions of this order's lines the ledger just judged: opened for a short or backordered line,
 * resolved for one that is no longer short. Written in the order's own batch, after its lines, and
 * only where D1's line holds the ledger's revision: a late, older event cannot reopen one. A short
 * line's exception is written on a replay too (its first batch may have failed); it changes nothing
 * if it is there.
 */
export function shortLineStatements(
  db: D1Database,
  event: OrderEvent,
  lines: LineReservation[],
  now = Date.now(),
): D1PreparedStatement[] {
  const o = event.data;
  const out: D1PreparedStatement[] = [];
  for (const l of lines) {
    if (!l.result || !l.sku) continue;
    const short = l.result.status === "short" || l.result.status === "backordered";
    if (l.result.unchanged && !short) continue;
    out.push(
      lineExceptionStatement(
        db,
        {
          channel: o.channel,
          storeId: o.storeId,
          externalId: o.externalId,
          externalLineId: l.externalLineId,
          lineKey: l.result.lineKey,
          revision: l.result.revision,
          status: l.result.status,
          reason: l.result.reason,
          correlationId: event.correlationId,
        },
        l.sku,
        now,
      ),
    );
  }
  return out;
}
