import type { Order } from "../../../../../shared/canonical";
import type { ErpRefs } from "../../../../../shared/erp";
import type { PushFailure } from "../erp-adapter";
import { validationFailure } from "./classify";
import type { NsContext } from "./context";
import { creditMemoExternalId, returnAuthorizationExternalId, salesOrderExternalId } from "./external-id";
import { findByExternalId } from "./records";

/**
 * The NetSuite id of a transaction a document depends on: from the claim's refs (the outbox releases
 * a row only after its dependencies are written), else looked up by the dependency's external id, so
 * a claim built without refs still finds its order. Missing altogether is a validation failure.
 */
type Found = { ok: true; id: string } | PushFailure;

async function resolve(
  ctx: NsContext,
  ref: string | undefined,
  type: string,
  externalId: string,
  what: string,
): Promise<Found> {
  if (ref) return { ok: true, id: ref };
  const found = await findByExternalId(ctx, type, externalId);
  if (!found.ok) return found;
  return found.id
    ? { ok: true, id: found.id }
    : validationFailure(`NetSuite has no ${what} ${externalId} yet`);
}

export function salesOrderId(ctx: NsContext, refs: ErpRefs, order: Order): Promise<Found> {
  return resolve(ctx, refs.sales_order, "salesOrder", salesOrderExternalId(order), "sales order");
}

export function returnAuthorizationId(
  ctx: NsContext,
  refs: ErpRefs,
  order: Order,
  returnId: string,
): Promise<Found> {
  const externalId = returnAuthorizationExternalId(order, returnId);
  return resolve(ctx, refs.return_authorization, "returnAuthorization", externalId, "return authorization");
}

export function creditMemoId(ctx: NsContext, refs: ErpRefs, order: Order, refundId: string): Promise<Found> {
  return resolve(ctx, refs.credit_memo, "creditMemo", creditMemoExternalId(order, refundId), "credit memo");
}
