import type { ErpDocumentOf } from "../../../../../shared/erp";
import type { PushResult } from "../erp-adapter";
import { localFailure } from "./classify";
import { SERVICE } from "./config";
import { postJournal } from "./journal-post";
import { glAccountOf, missingGlAccount } from "./mapping";
import { missingRef, type PushContext, soldToOf } from "./push-context";

/**
 * Money in S/4HANA is posted in Financial Accounting, and S/4HANA Cloud offers no simple OData API
 * for incoming payments, so payments, refunds and journals all go through Journal Entry - Post
 * (SOAP, SAP_COM_0002):
 *
 * - customer payment: document type DZ, debit the gateway clearing account (gl_account
 *   `undeposited_funds`), credit the customer (DebtorItem, the order's sold-to party): a payment
 *   on account that the receivables team clears against the invoice.
 * - customer refund: document type DZ, debit the customer, credit the same clearing account. SAP's
 *   own route for paying money back is the payment run (F110), which the mesh does not drive: the
 *   money already left through the channel's gateway, so the refund is a clearing posting.
 * - journal entry: document type SA, one G/L line per canonical line, accounts from gl_account.
 */
export async function pushPayment(
  ctx: PushContext,
  doc: ErpDocumentOf<"customer_payment">,
): Promise<PushResult> {
  const salesOrder = ctx.claim.refs.sales_order;
  if (!salesOrder) return missingRef("customer payment", "sales order");
  const clearing = glAccountOf(ctx.connection.mappings, "undeposited_funds");
  if (!clearing) return localFailure("validation", missingGlAccount("undeposited_funds"));
  if (doc.payment.amount.amount <= 0)
    return localFailure("validation", "a customer payment needs a positive amount");
  const customer = await soldToOf(ctx, SERVICE.salesOrder, `A_SalesOrder('${salesOrder}')`);
  if (!customer.ok) return customer;
  const amount = doc.payment.amount.amount;
  const text = `${doc.order.channel} ${doc.order.orderNumber} ${doc.payment.gateway}`;
  return postJournal(ctx, {
    documentType: "DZ",
    headerText: text,
    date: doc.order.placedAt.slice(0, 10),
    currency: doc.payment.amount.currency,
    lines: [
      { kind: "gl", account: clearing, side: "debit", amount, text },
      { kind: "debtor", account: customer.soldTo, side: "credit", amount, text },
    ],
  });
}

export async function pushRefund(
  ctx: PushContext,
  doc: ErpDocumentOf<"customer_refund">,
): Promise<PushResult> {
  const creditMemo = ctx.claim.refs.credit_memo;
  if (!creditMemo) return missingRef("customer refund", "credit memo request");
  const clearing = glAccountOf(ctx.connection.mappings, "undeposited_funds");
  if (!clearing) return localFailure("validation", missingGlAccount("undeposited_funds"));
  const customer = await soldToOf(ctx, SERVICE.creditMemoRequest, `A_CreditMemoRequest('${creditMemo}')`);
  if (!customer.ok) return customer;
  const amount = doc.transaction.amount.amount;
  const text = `${doc.order.channel} ${doc.order.orderNumber} refund ${doc.transaction.gateway}`;
  return postJournal(ctx, {
    documentType: "DZ",
    headerText: text,
    date: doc.refund.createdAt.slice(0, 10),
    currency: doc.transaction.amount.currency,
    lines: [
      { kind: "debtor", account: customer.soldTo, side: "debit", amount, text },
      { kind: "gl", account: clearing, side: "credit", amount, text },
    ],
  });
}

export async function pushJournal(
  ctx: PushContext,
  doc: ErpDocumentOf<"journal_entry">,
): Promise<PushResult> {
  const lines = [];
  for (const line of doc.journal.lines) {
    const account = glAccountOf(ctx.connection.mappings, line.purpose);
    if (!account) return localFailure("validation", missingGlAccount(line.purpose));
    lines.push({
      kind: "gl" as const,
      account,
      side: line.side,
      amount: line.amount.amount,
      text: line.memo ?? doc.journal.memo,
    });
  }
  return postJournal(ctx, {
    documentType: "SA",
    headerText: doc.journal.memo,
    date: doc.journal.date,
    currency: doc.journal.currency,
    lines,
  });
}
