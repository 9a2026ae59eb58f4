import type { Fulfillment, Order } from "../../../../shared/canonical";
import { documentKey } from "../../../../shared/erp";
import type { QueuedDocument } from "../erp/outbox-rows";
import { ledgerFor, lineKeyOf, orderRefOf } from "./reserve-lines";

/**
 * Commits a shipment in each shipped SKU's ledger: the units leave the line's hold and the location's
 * on-hand together. Goods count as gone once shipped or delivered; a pending or cancelled shipment
 * commits 0, which puts back what an earlier version of it took. Skipped for a shipment D1 already
 * holds in a newer version (a late event must not undo a newer one). Each ledger applies a shipment
 * line once, so a redelivery changes nothing.
 */
export async function commitShipment(
  env: CoreEnv,
  f: Fulfillment,
  order: Order,
  documents: QueuedDocument[],
  version: number,
  correlationId: string,
): Promise<void> {
  const known = await env.DB.prepare(
    `SELECT s.version FROM shipments s JOIN orders o ON o.id = s.order_id
     WHERE o.channel = ? AND o.store_id = ? AND o.external_id = ? AND s.external_id = ?`,
  )
    .bind(f.channel, f.storeId, f.orderExternalId, f.externalId)
    .first<{ version: number }>();
  if (known && known.version > version) return;
  const gone = f.status === "shipped" || f.status === "delivered";
  const doc = documents.find((d) => d.document.kind === "fulfillment");
  const erpDocKey = doc ? documentKey(doc.document) : null;
  const orderRef = orderRefOf(order);
  const shipmentKey = `${orderRef}:${f.externalId}`;
  const skuOf = new Map(order.lines.map((l) => [l.externalLineId, l]));
  // One shipment may carry a line twice (two parcels): sum per line before committing.
  const perLine = new Map<string, number>();
  for (const line of f.lines)
    perLine.set(line.externalLineId, (perLine.get(line.externalLineId) ?? 0) + line.quantity);
  await Promise.all(
    [...perLine].map(async ([externalLineId, quantity]) => {
      const line = skuOf.get(externalLineId);
      const sku = line?.sku ?? f.lines.find((l) => l.externalLineId === externalLineId)?.sku ?? null;
      if (!sku || (line && (!line.requiresShipping || line.giftCard))) return;
      await ledgerFor(env, sku).commit({
        shipmentKey,
        lineKey: lineKeyOf(order, externalLineId),
        orderRef,
        storeId: order.storeId,
        quantity: gone ? quantity : 0,
        location: f.locationId,
        erpDocKey,
        correlationId,
      });
    }),
  );
}
