import type { ErpMappings } from "../../../../../shared/erp";
import type { ErpOrderStatus, OnHandLevel, OnHandQuery, OrderStatusQuery, ReadResult } from "../erp-adapter";
import { failureOf } from "./classify";
import type { SapClient } from "./client";
import { SERVICE } from "./config";
import { locationOf, materialOf, skuOf } from "./mapping";
import { type Entity, entityOf, field, literal, resultsOf } from "./odata";

/**
 * Read-back from SAP: on-hand from API_MATERIAL_STOCK_SRV (A_MatlStkInAcctMod, unrestricted-use
 * stock, InventoryStockType 01, summed per plant and storage location), and order status from the
 * order's OverallDeliveryStatus / OverallSDDocumentRejectionSts with shipped quantities from the
 * delivery items whose goods issue is posted.
 */
const PAGE = 1000;

async function readAll(
  client: SapClient,
  service: Parameters<SapClient["get"]>[0],
  set: string,
  filter: string,
  now: number,
) {
  const rows: Entity[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const outcome = await client.get(service, set, {
      $filter: filter,
      $top: String(PAGE),
      $skip: String(skip),
    });
    const page = outcome.kind === "response" && outcome.status === 200 ? resultsOf(outcome) : null;
    if (!page) return failureOf(outcome, now, `reading ${set}`);
    rows.push(...page);
    if (page.length < PAGE) return { ok: true as const, rows };
  }
}

export async function readOnHand(
  client: SapClient,
  mappings: ErpMappings,
  query: OnHandQuery,
  now: number,
): Promise<ReadResult<OnHandLevel[]>> {
  const filters =
    query.skus === null
      ? ["InventoryStockType eq '01'"]
      : query.skus.map(
          (sku) => `Material eq ${literal(materialOf(mappings, sku))} and InventoryStockType eq '01'`,
        );
  const totals = new Map<string, OnHandLevel>();
  for (const filter of filters) {
    const read = await readAll(client, SERVICE.materialStock, "A_MatlStkInAcctMod", filter, now);
    if (!read.ok) return read;
    for (const row of read.rows) {
      const [material, plant, sloc] = [
        field(row, "Material"),
        field(row, "Plant"),
        field(row, "StorageLocation"),
      ];
      const key = `${material}|${plant}|${sloc}`;
      const level = totals.get(key) ?? {
        sku: skuOf(mappings, material),
        locationId: locationOf(mappings, plant, sloc),
        erpLocation: `${plant}/${sloc}`,
        onHand: 0,
      };
      level.onHand += Number(field(row, "MatlWrhsStkQtyInMatlBaseUnit") || "0");
      totals.set(key, level);
    }
  }
  return { ok: true, value: [...totals.values()] };
}

function statusOf(order: Entity): ErpOrderStatus["status"] {
  if (field(order, "OverallSDDocumentRejectionSts") === "C") return "cancelled";
  const delivery = field(order, "OverallDeliveryStatus");
  if (delivery === "C") return "fulfilled";
  if (delivery === "B") return "partially_fulfilled";
  return field(order, "OverallSDProcessStatus") === "C" ? "closed" : "open";
}

export async function readOrderStatus(
  client: SapClient,
  mappings: ErpMappings,
  orders: readonly OrderStatusQuery[],
  now: number,
): Promise<ReadResult<ErpOrderStatus[]>> {
  const statuses: ErpOrderStatus[] = [];
  for (const query of orders) {
    const outcome = await client.get(SERVICE.salesOrder, `A_SalesOrder(${literal(query.erpId)})`);
    const order = outcome.kind === "response" && outcome.status === 200 ? entityOf(outcome) : null;
    if (!order) return failureOf(outcome, now, `reading sales order ${query.erpId}`);
    const items = await readAll(
      client,
      SERVICE.outboundDelivery,
      "A_OutbDeliveryItem",
      `ReferenceSDDocument eq ${literal(query.erpId)}`,
      now,
    );
    if (!items.ok) return items;
    const shipped = new Map<string, number>();
    for (const item of items.rows) {
      if (field(item, "GoodsMovementStatus") !== "C") continue;
      const sku = skuOf(mappings, field(item, "Material"));
      shipped.set(sku, (shipped.get(sku) ?? 0) + Number(field(item, "ActualDeliveryQuantity") || "0"));
    }
    statuses.push({
      docKey: query.docKey,
      erpId: query.erpId,
      status: statusOf(order),
      shipped: [...shipped.entries()].map(([sku, quantity]) => ({ sku, quantity })),
    });
  }
  return { ok: true, value: statuses };
}
