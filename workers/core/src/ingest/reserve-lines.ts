import type { Order, OrderEvent } from "../../../../shared/canonical";
import type { LineResult, SkuLedger } from "../inventory/sku-ledger";

/** The natural key of an order line: stable across deliveries and independent of our own ids. */
export function lineKeyOf(order: Order, externalLineId: string): string {
  return `${order.channel}:${order.storeId}:${order.externalId}:${externalLineId}`;
}

export function ledgerFor(env: CoreEnv, sku: string): DurableObjectStub<SkuLedger> {
  return (env.SKU_LEDGER as DurableObjectNamespace<SkuLedger>).getByName(sku);
}

export type LineReservation = { externalLineId: string; sku: string | null; result: LineResult | null };

/**
 * Reserves (open orders) or releases (cancelled orders) every line in its SKU's ledger. Each call is
 * idempotent by line key and guarded by the order's source version, so a redelivered or late event
 * cannot double-reserve or resurrect a released line.
 */
export async function applyReservations(env: CoreEnv, event: OrderEvent): Promise<LineReservation[]> {
  const order = event.data;
  const version = Date.parse(order.sourceUpdatedAt);
  const orderRef = `${order.channel}:${order.storeId}:${order.externalId}`;
  const release = order.status === "cancelled";
  // Lines of the same SKU go to the same object; summing them first would lose the per-line key.
  return Promise.all(
    order.lines.map(async (line): Promise<LineReservation> => {
      if (!line.sku || !line.requiresShipping || line.giftCard) {
        return { externalLineId: line.externalLineId, sku: line.sku, result: null };
      }
      const stub = ledgerFor(env, line.sku);
      const lineKey = lineKeyOf(order, line.externalLineId);
      const result =
        release || line.quantity === 0
          ? await stub.release({ lineKey, orderRef, version, correlationId: event.correlationId })
          : await stub.reserve({
              lineKey,
              orderRef,
              quantity: line.quantity,
              version,
              correlationId: event.correlationId,
            });
      return { externalLineId: line.externalLineId, sku: line.sku, result };
    }),
  );
}

/** One word for the whole order, shown in the API: the weakest state of its tracked lines. */
export function summarizeReservations(lines: LineReservation[]): string {
  const states = lines.map((l) => l.result?.status).filter((s): s is LineResult["status"] => s !== undefined);
  if (states.length === 0) return "not_tracked";
  if (states.every((s) => s === "released")) return "released";
  if (states.every((s) => s === "reserved")) return "reserved";
  if (states.some((s) => s === "short")) return states.some((s) => s === "reserved") ? "partial" : "short";
  return "untracked";
}
