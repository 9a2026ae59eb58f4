import type { ErpDocumentOf } from "../../../../../shared/erp";
import type { OutboxClaim } from "../../../../../shared/internal-api";
import type { PushResult } from "../erp-adapter";
import { classifyWrite, validationFailure } from "./classify";
import { RECORD } from "./config";
import type { NsContext } from "./context";
import { documentExternalId } from "./external-id";
import { mapFulfillment, orderLineKeys, packageLines } from "./map-fulfillment";
import { createByTransform } from "./push-transform";
import { findByExternalId, linesOf, readExpanded } from "./records";
import { salesOrderId } from "./source-order";

/**
 * A shipment: an item fulfilment transformed from the sales order (reference/erp.md §1.3), created at
 * most once (push-transform.ts). A fulfilment NetSuite already holds is not transformed again; its
 * packages are brought up to date instead (`PATCH ...?replace=package`), since tracking numbers often
 * arrive after the shipment.
 */
export async function pushFulfillment(
  ctx: NsContext,
  claim: OutboxClaim,
  doc: ErpDocumentOf<"fulfillment">,
): Promise<PushResult> {
  const { order, fulfillment } = doc;
  if (fulfillment.status === "cancelled") {
    return validationFailure(
      `fulfilment ${fulfillment.externalId} is cancelled: reverse it in NetSuite, the mesh does not delete`,
    );
  }
  const externalId = documentExternalId(doc);
  const existing = claim.erpId
    ? { ok: true as const, id: claim.erpId }
    : await findByExternalId(ctx, "itemFulfillment", externalId);
  if (!existing.ok) return existing;
  if (existing.id) {
    if (fulfillment.packages.length === 0) return { ok: true, erpId: existing.id };
    const outcome = await ctx.client.call("PATCH", `${RECORD}/itemFulfillment/${existing.id}`, {
      body: { package: { items: packageLines(fulfillment.packages) } },
      query: { replace: "package" },
    });
    return classifyWrite(outcome, ctx.now());
  }

  const salesOrder = await salesOrderId(ctx, claim.refs, order);
  if (!salesOrder.ok) return salesOrder;
  const so = await readExpanded(ctx, "salesOrder", salesOrder.id);
  if (!so.ok) return so;
  if (!so.found) return validationFailure(`NetSuite has no sales order ${salesOrder.id}`);
  const keys = orderLineKeys(order, linesOf(so.found, "item"));
  if (!keys.ok) return keys;
  const body = mapFulfillment(order, fulfillment, keys.value, ctx.connection.mappings, claim.correlationId);
  if (!body.ok) return body;
  return createByTransform(ctx, {
    sourceType: "salesOrder",
    sourceId: salesOrder.id,
    targetType: "itemFulfillment",
    externalId,
    body: body.value,
  });
}
