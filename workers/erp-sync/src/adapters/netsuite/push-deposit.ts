import type { ErpDocumentOf } from "../../../../../shared/erp";
import type { OutboxClaim } from "../../../../../shared/internal-api";
import type { PushResult } from "../erp-adapter";
import { validationFailure } from "./classify";
import type { NsContext } from "./context";
import { customerFor } from "./customer-ref";
import { documentExternalId } from "./external-id";
import { decimal } from "./map";
import { upsert } from "./records";
import { memo, paymentMethodRef, subsidiaryRef } from "./refs";
import { salesOrderId } from "./source-order";

/**
 * A captured tender: a customer deposit against the sales order, `PUT customerDeposit/eid:<DEP-...>`
 * with `customer`, `salesOrder`, `payment` and `paymentMethod` (reference/erp.md §1.4). Split tenders
 * arrive as separate documents and become separate deposits, never one merged amount.
 */
export async function pushDeposit(
  ctx: NsContext,
  claim: OutboxClaim,
  doc: ErpDocumentOf<"customer_payment">,
): Promise<PushResult> {
  const { order, payment } = doc;
  if (payment.amount.amount <= 0) {
    return validationFailure(
      `tender ${doc.tenderIndex} of ${order.orderNumber} has no positive amount to deposit`,
    );
  }
  const salesOrder = await salesOrderId(ctx, claim.refs, order);
  if (!salesOrder.ok) return salesOrder;
  const customer = await customerFor(ctx, claim, order, { type: "salesOrder", id: salesOrder.id });
  if (!customer.ok) return customer;
  const subsidiary = subsidiaryRef(ctx.connection);
  const body = {
    customer: customer.ref,
    salesOrder: { id: salesOrder.id },
    payment: decimal(payment.amount.amount, payment.amount.currency),
    paymentMethod: paymentMethodRef(ctx.connection.mappings, payment.gateway),
    currency: { externalId: payment.amount.currency },
    ...(subsidiary ? { subsidiary } : {}),
    tranDate: order.placedAt.slice(0, 10),
    memo: memo(
      claim.correlationId,
      `${order.channel} order ${order.orderNumber}`,
      `tender ${doc.tenderIndex + 1} ${payment.gateway}`,
    ),
  };
  return upsert(ctx, "customerDeposit", documentExternalId(doc), body);
}
