import type { ErpMappings } from "../../../../../shared/erp";
import type { ErpOrderStatus, OnHandLevel, OnHandQuery, OrderStatusQuery, ReadResult } from "../erp-adapter";
import type { Json } from "./client";
import { itemNumber, locationOf, skuOf } from "./lookups";
import { readOrder } from "./read-order";
import { rowMatch } from "./references";
import { findItems, type Rest } from "./rest";

/**
 * Read-backs. On-hand comes from `inventoryOnhandBalances` (per item, organization and subinventory;
 * summed per organization). Order status comes from the order itself (`salesOrdersForOrderHub/{HeaderId}`
 * with its lines): a canceled header is cancelled, a closed one closed, and otherwise the lines'
 * shipped quantities against what is still ordered say open, partially or fully fulfilled.
 */
export async function readOnHand(
  rest: Rest,
  mappings: ErpMappings,
  query: OnHandQuery,
): Promise<ReadResult<OnHandLevel[]>> {
  const collection = `${rest.config.fscm}/inventoryOnhandBalances`;
  const rows: Json[] = [];
  const filters =
    query.skus === null ? [""] : query.skus.map((sku) => rowMatch({ ItemNumber: itemNumber(mappings, sku) }));
  for (const q of filters) {
    const found = await findItems(rest, collection, q, "on-hand balances");
    if (!found.ok) return found;
    rows.push(...found.value);
  }
  const levels = new Map<string, OnHandLevel>();
  for (const row of rows) {
    const item = String(row.ItemNumber ?? "");
    const organization = String(row.OrganizationCode ?? "");
    const key = `${item}\u0000${organization}`;
    const level = levels.get(key) ?? {
      sku: skuOf(mappings, item),
      locationId: locationOf(mappings, organization),
      erpLocation: organization,
      onHand: 0,
    };
    level.onHand += typeof row.OnhandQuantity === "number" ? row.OnhandQuantity : 0;
    levels.set(key, level);
  }
  return { ok: true, value: [...levels.values()] };
}

function statusOf(header: string, lines: Json[]): ErpOrderStatus["status"] {
  if (header === "CANCELED") return "cancelled";
  if (header === "CLOSED") return "closed";
  const open = lines.filter((l) => Number(l.OrderedQuantity ?? 0) > 0);
  const shipped = open.filter((l) => Number(l.ShippedQuantity ?? 0) > 0);
  if (open.length > 0 && open.every((l) => Number(l.ShippedQuantity ?? 0) >= Number(l.OrderedQuantity ?? 0)))
    return "fulfilled";
  return shipped.length > 0 ? "partially_fulfilled" : "open";
}

export async function readOrderStatus(
  rest: Rest,
  mappings: ErpMappings,
  orders: readonly OrderStatusQuery[],
): Promise<ReadResult<ErpOrderStatus[]>> {
  const out: ErpOrderStatus[] = [];
  for (const query of orders) {
    const order = await readOrder(rest, query.erpId, "sales order status");
    if (!order.ok) return order;
    const shipped = new Map<string, number>();
    for (const line of order.value.lines) {
      const quantity = Number(line.ShippedQuantity ?? 0);
      const sku = skuOf(mappings, String(line.ProductNumber ?? ""));
      if (quantity > 0) shipped.set(sku, (shipped.get(sku) ?? 0) + quantity);
    }
    out.push({
      docKey: query.docKey,
      erpId: query.erpId,
      status: statusOf(order.value.status, order.value.lines),
      shipped: [...shipped].map(([sku, quantity]) => ({ sku, quantity })),
    });
  }
  return { ok: true, value: out };
}
