import type { ErpDocumentOf } from "../../../../../shared/erp";
import type { OutboxClaim } from "../../../../../shared/internal-api";
import type { PushResult } from "../erp-adapter";
import { validationFailure } from "./classify";
import type { NsContext } from "./context";
import { documentExternalId } from "./external-id";
import { orderLineKeys } from "./map-fulfillment";
import { mapItemReceipt, mapReturnAuthorization } from "./map-returns";
import { createByTransform } from "./push-transform";
import { findByExternalId, linesOf, readExpanded } from "./records";
import { returnAuthorizationId, salesOrderId } from "./source-order";

/**
 * Returns: the authorization is transformed from the sales order, the receipt from the authorization
 * (reference/erp.md §1.3; both pairs [unverified] for REST), each at most once: looked up by external
 * id first, and a duplicate external id answer read back (push-transform.ts).
 */
async function existing(ctx: NsContext, claim: OutboxClaim, type: string, externalId: string) {
  return claim.erpId ? { ok: true as const, id: claim.erpId } : findByExternalId(ctx, type, externalId);
}

export async function pushReturnAuthorization(
  ctx: NsContext,
  claim: OutboxClaim,
  doc: ErpDocumentOf<"return_authorization">,
): Promise<PushResult> {
  const externalId = documentExternalId(doc);
  const found = await existing(ctx, claim, "returnAuthorization", externalId);
  if (!found.ok) return found;
  if (found.id) return { ok: true, erpId: found.id };
  const salesOrder = await salesOrderId(ctx, claim.refs, doc.order);
  if (!salesOrder.ok) return salesOrder;
  const so = await readExpanded(ctx, "salesOrder", salesOrder.id);
  if (!so.ok) return so;
  if (!so.found) return validationFailure(`NetSuite has no sales order ${salesOrder.id}`);
  const keys = orderLineKeys(doc.order, linesOf(so.found, "item"));
  if (!keys.ok) return keys;
  const body = mapReturnAuthorization(
    doc.order,
    doc.return,
    keys.value,
    ctx.connection.mappings,
    claim.correlationId,
  );
  if (!body.ok) return body;
  return createByTransform(ctx, {
    sourceType: "salesOrder",
    sourceId: salesOrder.id,
    targetType: "returnAuthorization",
    externalId,
    body: body.value,
    replace: ["item"],
  });
}

export async function pushItemReceipt(
  ctx: NsContext,
  claim: OutboxClaim,
  doc: ErpDocumentOf<"item_receipt">,
): Promise<PushResult> {
  const externalId = documentExternalId(doc);
  const found = await existing(ctx, claim, "itemReceipt", externalId);
  if (!found.ok) return found;
  if (found.id) return { ok: true, erpId: found.id };
  const ra = await returnAuthorizationId(ctx, claim.refs, doc.order, doc.return.externalId);
  if (!ra.ok) return ra;
  const authorization = await readExpanded(ctx, "returnAuthorization", ra.id);
  if (!authorization.ok) return authorization;
  if (!authorization.found) return validationFailure(`NetSuite has no return authorization ${ra.id}`);
  const lines = linesOf(authorization.found, "item");
  const body = mapItemReceipt(doc.order, doc.return, lines, ctx.connection.mappings, claim.correlationId);
  if (!body.ok) return body;
  return createByTransform(ctx, {
    sourceType: "returnAuthorization",
    sourceId: ra.id,
    targetType: "itemReceipt",
    externalId,
    body: body.value,
  });
}
