import type { ErpDocumentOf } from "../../../../../shared/erp";
import type { PushFailure, PushResult } from "../erp-adapter";
import { failureOf, localFailure } from "./classify";
import { SERVICE } from "./config";
import { longText, SD_HEADER_TEXT_ID } from "./correlation";
import { findByReference } from "./lookup";
import { defaultCustomerOf } from "./mapping";
import { type Entity, etagOf, expanded, field, isStatus } from "./odata";
import { createdResult, type PushContext, readEntity } from "./push-context";
import { referenceFor } from "./references";
import { itemNumber, mapSalesOrder, openQuantity, REJECTION_REASON } from "./sales-order-map";

/**
 * Sales orders in API_SALES_ORDER_SRV, exactly once: the order's reference is looked up in
 * PurchaseOrderByCustomer before every create; the order is created with a header text carrying the
 * claim's correlation id (correlation.ts), which later pushes leave as it is. An order SAP already holds is brought in line with the
 * canonical one the way SAP changes orders: an item's RequestedQuantity is reduced for a partial
 * cancellation, and an item is rejected (SalesDocumentRjcnReason) when nothing of it is left; a full
 * cancellation rejects every item. Each change is a PATCH with the order's current ETag in If-Match;
 * a 412 (the order changed meanwhile) reads the order again and tries once more.
 */
export async function pushSalesOrder(
  ctx: PushContext,
  doc: ErpDocumentOf<"sales_order">,
): Promise<PushResult> {
  const reference = await referenceFor(ctx.claim.docKey, "purchaseOrderByCustomer");
  const found = await findByReference(
    ctx.client,
    SERVICE.salesOrder,
    "A_SalesOrder",
    "PurchaseOrderByCustomer",
    reference,
    {
      expand: "to_Item",
      now: ctx.now(),
    },
  );
  if (!found.ok) return found;
  if (found.entity) return reconcile(ctx, doc, field(found.entity, "SalesOrder"));

  const soldTo = ctx.claim.refs.customer ?? defaultCustomerOf(ctx.connection.mappings, doc.order.channel);
  if (!soldTo) {
    return localFailure(
      "validation",
      `the order has no customer in SAP and no default_customer mapping for channel '${doc.order.channel}'`,
    );
  }
  const body = {
    ...mapSalesOrder(doc.order, ctx.config, ctx.connection.mappings, soldTo, reference),
    to_Text: [
      longText(
        SD_HEADER_TEXT_ID,
        ctx.claim.correlationId,
        `${doc.order.channel} order ${doc.order.orderNumber}`,
      ),
    ],
  };
  const outcome = await ctx.client.write("POST", SERVICE.salesOrder, "A_SalesOrder", body);
  const result = createdResult(outcome, ctx.now(), "SalesOrder", "the sales order");
  return result.ok ? { ...result, erpNumber: result.erpId } : result;
}

interface ItemChange {
  item: string;
  body: Record<string, string>;
}

/** What must change on SAP's items for them to match the canonical order. */
function changesFor(doc: ErpDocumentOf<"sales_order">, items: readonly Entity[]): ItemChange[] {
  const cancelled = doc.order.status === "cancelled";
  const changes: ItemChange[] = [];
  doc.order.lines.forEach((line, index) => {
    const item = items.find((i) => field(i, "SalesOrderItem") === itemNumber(index));
    if (!item || field(item, "SalesDocumentRjcnReason")) return;
    const open = openQuantity(line, cancelled);
    if (open === 0)
      changes.push({ item: itemNumber(index), body: { SalesDocumentRjcnReason: REJECTION_REASON } });
    else if (Number(field(item, "RequestedQuantity")) !== open) {
      changes.push({ item: itemNumber(index), body: { RequestedQuantity: String(open) } });
    }
  });
  if (cancelled) {
    for (const item of items.slice(doc.order.lines.length)) {
      if (!field(item, "SalesDocumentRjcnReason")) {
        changes.push({
          item: field(item, "SalesOrderItem"),
          body: { SalesDocumentRjcnReason: REJECTION_REASON },
        });
      }
    }
  }
  return changes;
}

async function reconcile(
  ctx: PushContext,
  doc: ErpDocumentOf<"sales_order">,
  salesOrder: string,
): Promise<PushResult> {
  const resource = `A_SalesOrder('${salesOrder}')`;
  for (let round = 0; round < 50; round += 1) {
    const read = await readEntity(ctx, SERVICE.salesOrder, resource, { $expand: "to_Item" });
    if (!read.ok) return read;
    const [change] = changesFor(doc, expanded(read.entity, "to_Item"));
    if (!change) return { ok: true, erpId: salesOrder, erpNumber: salesOrder };
    const failure = await applyChange(ctx, salesOrder, change, etagOf(read.entity, read.outcome));
    if (failure) return failure;
  }
  return localFailure("transient", `sales order ${salesOrder} did not settle after 50 changes`);
}

async function applyChange(
  ctx: PushContext,
  salesOrder: string,
  change: ItemChange,
  etag: string | null,
): Promise<PushFailure | null> {
  const resource = `A_SalesOrderItem(SalesOrder='${salesOrder}',SalesOrderItem='${change.item}')`;
  let ifMatch = etag ?? "";
  for (const attempt of [1, 2]) {
    const outcome = await ctx.client.write("PATCH", SERVICE.salesOrder, resource, change.body, { ifMatch });
    if (isStatus(outcome, 204, 200)) return null;
    if (!isStatus(outcome, 412) || attempt === 2)
      return failureOf(outcome, ctx.now(), `changing item ${change.item} of sales order ${salesOrder}`);
    const fresh = await readEntity(ctx, SERVICE.salesOrder, `A_SalesOrder('${salesOrder}')`);
    if (!fresh.ok) return fresh;
    ifMatch = etagOf(fresh.entity, fresh.outcome) ?? "";
  }
  return null;
}
