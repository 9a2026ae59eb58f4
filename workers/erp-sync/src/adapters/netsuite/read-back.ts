import type { ErpOrderStatus, OnHandLevel, OnHandQuery, OrderStatusQuery, ReadResult } from "../erp-adapter";
import type { NsContext } from "./context";
import { itemIdsOf, meshLocationsOf, skusOf } from "./item-skus";
import { linesOf, readExpanded, refId } from "./records";
import { chunks, type Row, sqlString, suiteql } from "./suiteql";

/**
 * Reads for reconciliation. On hand comes from SuiteQL over `inventoryitemlocations` (item, location,
 * quantityonhand), mapped back to SKUs and mesh locations (item-skus.ts); items without a SKU are not
 * the mesh's and are left out. Order status comes from the sales order itself: its `orderStatus` and
 * its lines' `quantityFulfilled`, NetSuite's own roll-up of the order's item fulfilments.
 */
export async function readOnHand(ctx: NsContext, query: OnHandQuery): Promise<ReadResult<OnHandLevel[]>> {
  const { mappings } = ctx.connection;
  const base = "SELECT item, location, quantityonhand FROM inventoryitemlocations";
  const rows: Row[] = [];
  if (query.skus) {
    const ids = await itemIdsOf(ctx, mappings, query.skus);
    if (!ids.ok) return ids;
    for (const batch of chunks([...ids.names.keys()])) {
      const page = await suiteql(
        ctx,
        `${base} WHERE item IN (${batch.map(sqlString).join(", ")}) ORDER BY item, location`,
      );
      if (!page.ok) return page;
      rows.push(...page.rows);
    }
  } else {
    const all = await suiteql(ctx, `${base} ORDER BY item, location`);
    if (!all.ok) return all;
    rows.push(...all.rows);
  }
  const skus = await skusOf(
    ctx,
    mappings,
    rows.map((r) => r.item ?? ""),
  );
  if (!skus.ok) return skus;
  const locations = await meshLocationsOf(
    ctx,
    mappings,
    rows.map((r) => r.location ?? ""),
  );
  if (!locations.ok) return locations;
  const wanted = query.skus ? new Set(query.skus) : null;
  const levels: OnHandLevel[] = [];
  for (const row of rows) {
    const sku = skus.names.get(row.item ?? "");
    if (!sku || !row.location || (wanted && !wanted.has(sku))) continue;
    levels.push({
      sku,
      locationId: locations.names.get(row.location) ?? null,
      erpLocation: row.location,
      onHand: Number(row.quantityonhand ?? 0),
    });
  }
  return { ok: true, value: levels };
}

/** NetSuite's sales order status letters (SuiteQL `SalesOrd:X`) as the mesh's order states. */
function statusOf(letter: string, shipped: number): ErpOrderStatus["status"] {
  if (letter === "D" || letter === "E") return "partially_fulfilled";
  if (letter === "F" || letter === "G") return "fulfilled";
  if (letter === "C") return "cancelled";
  // Closed with nothing shipped is how a cancelled order looks after the mesh closed every line.
  if (letter === "H") return shipped > 0 ? "closed" : "cancelled";
  return "open";
}

export async function readOrderStatus(
  ctx: NsContext,
  orders: readonly OrderStatusQuery[],
): Promise<ReadResult<ErpOrderStatus[]>> {
  const read: Array<{
    query: OrderStatusQuery;
    letter: string;
    lines: Array<{ item: string; quantity: number }>;
  }> = [];
  for (const query of orders) {
    const so = await readExpanded(ctx, "salesOrder", query.erpId);
    if (!so.ok) return so;
    if (!so.found) continue;
    const lines = linesOf(so.found, "item").flatMap((line) => {
      const item = refId(line.item);
      const quantity = Number(line.quantityFulfilled ?? 0);
      return item && quantity > 0 ? [{ item, quantity }] : [];
    });
    read.push({ query, letter: refId(so.found.orderStatus) ?? "", lines });
  }
  const skus = await skusOf(
    ctx,
    ctx.connection.mappings,
    read.flatMap((r) => r.lines.map((l) => l.item)),
  );
  if (!skus.ok) return skus;
  return {
    ok: true,
    value: read.map(({ query, letter, lines }) => {
      const shipped = new Map<string, number>();
      for (const line of lines) {
        const sku = skus.names.get(line.item) ?? `netsuite-item-${line.item}`;
        shipped.set(sku, (shipped.get(sku) ?? 0) + line.quantity);
      }
      const total = lines.reduce((sum, l) => sum + l.quantity, 0);
      return {
        docKey: query.docKey,
        erpId: query.erpId,
        status: statusOf(letter, total),
        shipped: [...shipped].map(([sku, quantity]) => ({ sku, quantity })),
      };
    }),
  };
}
