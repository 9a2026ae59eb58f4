import type { ErpDocumentOf } from "../../../../../shared/erp";
import type { OutboxClaim } from "../../../../../shared/internal-api";
import type { PushResult } from "../erp-adapter";
import type { BcContext } from "./context";
import { decimal, plainDate } from "./context";
import { customerFor } from "./customer";
import { journalId, PAYMENT_JOURNAL, postedUnder } from "./journal-batch";
import { documentNumber, externalDocumentNumber, findOne, odataString, text } from "./odata";
import { stampedDescription } from "./trace";

/**
 * Customer payments, one per tender: a `customerPayments` line in the customer payment journal.
 * A payment credits the customer, so BC wants its amount negative (error table: `The "amount" should
 * be a negative number.`). Keys: the external document number (Code[35]) while the line waits in the
 * journal, and the document number (Code[20]) among posted G/L entries once finance posted it; the
 * adapter looks in both before it writes. The result's id is the document number. The description
 * starts with `mesh <correlation id>` (posting copies it to the customer and G/L entries; the line's
 * `comment`, which holds the payment method, is not posted anywhere).
 */
export async function pushPayment(
  ctx: BcContext,
  claim: OutboxClaim,
  doc: ErpDocumentOf<"customer_payment">,
): Promise<PushResult> {
  const reference = await externalDocumentNumber(claim.docKey);
  const docNo = await documentNumber(claim.docKey);
  const journal = await journalId(
    ctx,
    `${ctx.config.company}/customerPaymentJournals`,
    PAYMENT_JOURNAL,
    null,
  );
  if (!journal.ok) return journal;
  const lines = `${ctx.config.company}/customerPaymentJournals(${journal.value})/customerPayments`;
  const waiting = await findOne(ctx.client, lines, `externalDocumentNumber eq ${odataString(reference)}`);
  if (!waiting.ok) return waiting;
  if (waiting.value)
    return { ok: true, erpId: text(waiting.value.documentNumber) || docNo, erpNumber: docNo };
  const posted = await postedUnder(ctx, "generalLedgerEntries", docNo);
  if (!posted.ok) return posted;
  if (posted.value) return { ok: true, erpId: docNo, erpNumber: docNo };
  const customer = await customerFor(ctx, doc.order, claim.refs);
  if (!customer.ok) return customer;
  const { payment } = doc;
  const created = await ctx.client.send("POST", lines, {
    body: {
      ...customer.value,
      postingDate: plainDate(doc.order.placedAt),
      documentNumber: docNo,
      externalDocumentNumber: reference,
      amount: -decimal(payment.amount.amount, payment.amount.currency),
      description: stampedDescription(
        claim.correlationId,
        `${doc.order.channel} ${doc.order.orderNumber} ${payment.gateway}`,
      ),
      comment: (payment.method ?? payment.gateway).slice(0, 250),
    },
  });
  if (!created.ok) return created;
  return { ok: true, erpId: docNo, erpNumber: docNo };
}
