import type { ErpDocumentOf } from "../../../../../shared/erp";
import type { OutboxClaim } from "../../../../../shared/internal-api";
import type { PushResult } from "../erp-adapter";
import { validationFailure } from "./classify";
import type { NsContext } from "./context";
import { customerFor } from "./customer-ref";
import { documentExternalId } from "./external-id";
import { decimal } from "./map";
import { creditLines, creditMemoHeader } from "./map-credit";
import { createByTransform } from "./push-transform";
import { findByExternalId, linesOf, readExpanded, upsert } from "./records";
import { memo, paymentMethodRef, subsidiaryRef } from "./refs";
import { creditMemoId, returnAuthorizationId, salesOrderId } from "./source-order";

/**
 * Refunds. The credit memo is transformed from the return authorization when the refund settles a
 * return (at most once, push-transform.ts), or upserted standalone (`PUT creditMemo/eid:`) when it does
 * not. Each refund transaction (tender) is then its own customer refund applying the credit memo
 * (`apply.items[{doc, apply, amount}]`, reference/erp.md §1.4), upserted by its external id.
 */
export async function pushCreditMemo(
  ctx: NsContext,
  claim: OutboxClaim,
  doc: ErpDocumentOf<"credit_memo">,
): Promise<PushResult> {
  const { order, refund } = doc;
  const ret = doc.return;
  const externalId = documentExternalId(doc);
  const header = creditMemoHeader(order, refund, claim.correlationId);
  if (!ret) {
    const lines = creditLines(order, refund, null, [], ctx.connection.mappings);
    if (!lines.ok) return lines;
    const salesOrder = await salesOrderId(ctx, claim.refs, order);
    if (!salesOrder.ok) return salesOrder;
    const customer = await customerFor(ctx, claim, order, { type: "salesOrder", id: salesOrder.id });
    if (!customer.ok) return customer;
    const subsidiary = subsidiaryRef(ctx.connection);
    const body = {
      ...header,
      entity: customer.ref,
      currency: { externalId: refund.currency },
      ...(subsidiary ? { subsidiary } : {}),
      item: { items: lines.value },
    };
    return upsert(ctx, "creditMemo", externalId, body, ["item"]);
  }

  const found = claim.erpId
    ? { ok: true as const, id: claim.erpId }
    : await findByExternalId(ctx, "creditMemo", externalId);
  if (!found.ok) return found;
  if (found.id) return { ok: true, erpId: found.id };
  const ra = await returnAuthorizationId(ctx, claim.refs, order, ret.externalId);
  if (!ra.ok) return ra;
  const authorization = await readExpanded(ctx, "returnAuthorization", ra.id);
  if (!authorization.ok) return authorization;
  if (!authorization.found) return validationFailure(`NetSuite has no return authorization ${ra.id}`);
  const lines = creditLines(
    order,
    refund,
    ret,
    linesOf(authorization.found, "item"),
    ctx.connection.mappings,
  );
  if (!lines.ok) return lines;
  return createByTransform(ctx, {
    sourceType: "returnAuthorization",
    sourceId: ra.id,
    targetType: "creditMemo",
    externalId,
    body: { ...header, item: { items: lines.value } },
    replace: ["item"],
  });
}

export async function pushCustomerRefund(
  ctx: NsContext,
  claim: OutboxClaim,
  doc: ErpDocumentOf<"customer_refund">,
): Promise<PushResult> {
  const { order, refund, transaction } = doc;
  if (transaction.amount.amount <= 0)
    return validationFailure(`refund transaction ${transaction.externalId} has no positive amount`);
  const creditMemo = await creditMemoId(ctx, claim.refs, order, refund.externalId);
  if (!creditMemo.ok) return creditMemo;
  const customer = await customerFor(ctx, claim, order, { type: "creditMemo", id: creditMemo.id });
  if (!customer.ok) return customer;
  const subsidiary = subsidiaryRef(ctx.connection);
  const amount = decimal(transaction.amount.amount, transaction.amount.currency);
  const body = {
    customer: customer.ref,
    paymentMethod: paymentMethodRef(ctx.connection.mappings, transaction.gateway),
    currency: { externalId: transaction.amount.currency },
    ...(subsidiary ? { subsidiary } : {}),
    tranDate: refund.createdAt.slice(0, 10),
    memo: memo(
      claim.correlationId,
      `${order.channel} order ${order.orderNumber}`,
      `refund ${refund.externalId} via ${transaction.gateway}`,
    ),
    apply: { items: [{ doc: { id: creditMemo.id }, apply: true, amount }] },
  };
  return upsert(ctx, "customerRefund", documentExternalId(doc), body, ["apply"]);
}
