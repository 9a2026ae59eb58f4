import type { ErpConnectionOf } from "../../../../../shared/erp";
import type { ErpOrderStatus, OnHandLevel, OnHandQuery, OrderStatusQuery, ReadResult } from "../erp-adapter";
import { idsOf, type ModelApi } from "./model-api";
import { parseTarget } from "./resolve";

/**
 * On-hand per product and warehouse: product.product's `quantity` read with the context Tryton's
 * stock module computes it from (`locations`, child locations included; `stock_date_end` unset
 * means today), one read per warehouse. `products_by_location` itself is not exposed over RPC
 * (trytond answers 403).
 */
export async function readOnHand(
  api: ModelApi,
  connection: ErpConnectionOf<"tryton">,
  query: OnHandQuery,
): Promise<ReadResult<OnHandLevel[]>> {
  const domain = query.skus === null ? [["type", "=", "goods"]] : [["code", "in", [...query.skus]]];
  const products = await api.search("product.product", domain);
  const warehouses = await api.read(
    "stock.location",
    await api.search("stock.location", [["type", "=", "warehouse"]]),
    ["code"],
  );
  const levels: OnHandLevel[] = [];
  for (const wh of warehouses) {
    const rows = await api.read("product.product", products, ["code", "quantity"], { locations: [wh.id] });
    const erpLocation = typeof wh.code === "string" && wh.code ? wh.code : `id:${wh.id}`;
    const locationId =
      Object.entries(connection.mappings.location).find(([, t]) => {
        const target = parseTarget(t.warehouse);
        return "id" in target ? target.id === wh.id : target.code === wh.code;
      })?.[0] ?? null;
    for (const row of rows) {
      if (typeof row.code !== "string") continue;
      levels.push({ sku: row.code, locationId, erpLocation, onHand: Number(row.quantity) });
    }
  }
  return { ok: true, value: levels };
}

/** Sale state and shipment state (`shipment_state`: none, waiting, sent, exception) as the mesh's status. */
export async function readOrderStatus(
  api: ModelApi,
  orders: readonly OrderStatusQuery[],
): Promise<ReadResult<ErpOrderStatus[]>> {
  const statuses: ErpOrderStatus[] = [];
  for (const q of orders) {
    const [sale] = await api.read(
      "sale.sale",
      [Number(q.erpId)],
      ["state", "shipment_state", "lines", "moves"],
    );
    if (!sale) continue;
    const lines = await api.read("sale.line", idsOf(sale.lines), ["product", "quantity"]);
    const moves = await api.read("stock.move", idsOf(sale.moves), ["product", "quantity", "state"]);
    const doneMoves = moves.filter((m) => m.state === "done");
    const codes = await api.read(
      "product.product",
      [...new Set(doneMoves.map((m) => Number(m.product)))],
      ["code"],
    );
    const shipped = new Map<string, number>();
    for (const m of doneMoves) {
      const sku = String(codes.find((c) => c.id === m.product)?.code ?? `id:${m.product}`);
      shipped.set(sku, (shipped.get(sku) ?? 0) + Number(m.quantity));
    }
    const goods = lines.filter((l) => l.product !== null);
    const cancelled =
      sale.state === "cancelled" || (goods.length > 0 && goods.every((l) => Number(l.quantity) === 0));
    const status: ErpOrderStatus["status"] = cancelled
      ? "cancelled"
      : sale.shipment_state === "sent"
        ? sale.state === "done"
          ? "closed"
          : "fulfilled"
        : doneMoves.length > 0
          ? "partially_fulfilled"
          : "open";
    statuses.push({
      docKey: q.docKey,
      erpId: q.erpId,
      status,
      shipped: [...shipped].map(([sku, quantity]) => ({ sku, quantity })),
    });
  }
  return { ok: true, value: statuses };
}
