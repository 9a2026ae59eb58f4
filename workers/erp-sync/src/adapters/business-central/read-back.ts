import type { ErpOrderStatus, OnHandLevel, OrderStatusQuery, ReadResult } from "../erp-adapter";
import type { Json, Step } from "./client";
import type { BcContext } from "./context";
import { itemNumber, skuOf } from "./context";
import { amount, findOne, odataString, text, withQuery } from "./odata";
import { bcLines } from "./sales-order-lines";

/**
 * Read-backs. On-hand comes from `items.inventory`, which API v2.0 offers only company-wide (no
 * per-location figure on items, no location on itemLedgerEntries), so each level has
 * `erpLocation: ""` (all locations) and no mesh location. Order status comes from the sales order
 * and its lines' `shippedQuantity`; an order BC no longer holds was either fully shipped and
 * invoiced (BC deletes it; its invoice still names it by `orderId`, and its `salesShipments` name it
 * by `orderNumber`) or cancelled by deletion (no invoice).
 */
const SKU_CHUNK = 20;

export async function readOnHand(
  ctx: BcContext,
  skus: readonly string[] | null,
): Promise<ReadResult<OnHandLevel[]>> {
  const urls: string[] = [];
  const items = `${ctx.config.company}/items`;
  if (skus === null) urls.push(items);
  for (let i = 0; skus && i < skus.length; i += SKU_CHUNK) {
    const filter = skus
      .slice(i, i + SKU_CHUNK)
      .map((s) => `number eq ${odataString(itemNumber(ctx, s))}`)
      .join(" or ");
    urls.push(withQuery(items, { $filter: filter }));
  }
  const levels: OnHandLevel[] = [];
  for (let next: string | undefined = urls.shift(); next; next = urls.shift()) {
    const page = await ctx.client.get(next);
    if (!page.ok) return page;
    for (const item of Array.isArray(page.value.value) ? (page.value.value as Json[]) : []) {
      levels.push({
        sku: skuOf(ctx, text(item.number)),
        locationId: null,
        erpLocation: "",
        onHand: amount(item.inventory),
      });
    }
    const link = page.value["@odata.nextLink"];
    if (typeof link === "string") urls.unshift(link);
  }
  return { ok: true, value: levels };
}

export async function readOrderStatus(
  ctx: BcContext,
  orders: readonly OrderStatusQuery[],
): Promise<ReadResult<ErpOrderStatus[]>> {
  const out: ErpOrderStatus[] = [];
  for (const query of orders) {
    const status = await statusOf(ctx, query);
    if (!status.ok) return status;
    out.push(status.value);
  }
  return { ok: true, value: out };
}

function shippedBySku(ctx: BcContext, lines: Json[], field: string): { sku: string; quantity: number }[] {
  const totals = new Map<string, number>();
  for (const line of lines) {
    if (text(line.lineType) !== "Item") continue;
    const sku = skuOf(ctx, text(line.lineObjectNumber));
    totals.set(sku, (totals.get(sku) ?? 0) + amount(line[field]));
  }
  return [...totals].filter(([, q]) => q > 0).map(([sku, quantity]) => ({ sku, quantity }));
}

async function statusOf(ctx: BcContext, query: OrderStatusQuery): Promise<Step<ErpOrderStatus>> {
  const answer = await ctx.client.call(
    "GET",
    withQuery(`${ctx.config.company}/salesOrders(${query.erpId})`, { $expand: "salesOrderLines" }),
  );
  if (!answer.ok) return answer;
  if (answer.value.status === 200 && answer.value.json) {
    const lines = bcLines(answer.value.json).filter((l) => text(l.lineType) === "Item");
    const shipped = lines.reduce((t, l) => t + amount(l.shippedQuantity), 0);
    const open = lines.some((l) => amount(l.shippedQuantity) < amount(l.quantity));
    const ordered = lines.reduce((t, l) => t + amount(l.quantity), 0);
    const status =
      ordered === 0 ? "cancelled" : !open ? "fulfilled" : shipped > 0 ? "partially_fulfilled" : "open";
    return { ok: true, value: { ...query, status, shipped: shippedBySku(ctx, lines, "shippedQuantity") } };
  }
  if (answer.value.status !== 404)
    return ctx.client.get(`${ctx.config.company}/salesOrders(${query.erpId})`) as Promise<Step<never>>;
  const invoice = await findOne(
    ctx.client,
    `${ctx.config.company}/salesInvoices`,
    `orderId eq ${query.erpId}`,
  );
  if (!invoice.ok) return invoice;
  if (!invoice.value) return { ok: true, value: { ...query, status: "cancelled", shipped: [] } };
  const shipments = await ctx.client.get(
    withQuery(`${ctx.config.company}/salesShipments`, {
      $filter: `orderNumber eq ${odataString(text(invoice.value.orderNumber))}`,
      $expand: "salesShipmentLines",
    }),
  );
  if (!shipments.ok) return shipments;
  const lines = (Array.isArray(shipments.value.value) ? (shipments.value.value as Json[]) : []).flatMap(
    (s) => (Array.isArray(s.salesShipmentLines) ? (s.salesShipmentLines as Json[]) : []),
  );
  return { ok: true, value: { ...query, status: "closed", shipped: shippedBySku(ctx, lines, "quantity") } };
}
