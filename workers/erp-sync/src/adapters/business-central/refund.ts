import type { ErpDocumentOf } from "../../../../../shared/erp";
import type { OutboxClaim } from "../../../../../shared/internal-api";
import type { PushResult } from "../erp-adapter";
import type { BcContext } from "./context";
import { decimal, glAccount, plainDate } from "./context";
import { customerFor } from "./customer";
import { postJournalDocument } from "./general-journal";
import { documentNumber, externalDocumentNumber, text } from "./odata";
import { stampedDescription } from "./trace";

/**
 * Customer refunds, one per refund transaction: BC pays a credit memo back with a refund line in a
 * journal, debiting the customer and crediting the bank. API v2.0's journalLines have no Document
 * Type or Applies-to fields, so the line is posted unapplied (with the credit memo's number in its
 * description); BC's "Apply Entries" pairs it with the memo. The bank is `mappings.glAccount.bank`.
 * The description starts with `mesh <correlation id>`, and posting copies it to both G/L entries.
 */
export async function pushRefund(
  ctx: BcContext,
  claim: OutboxClaim,
  doc: ErpDocumentOf<"customer_refund">,
): Promise<PushResult> {
  const bank = glAccount(ctx, "bank");
  if (typeof bank !== "string") return bank;
  const memoId = claim.refs.credit_memo;
  let customerNumber = "";
  let memoNumber = "";
  if (memoId) {
    const memo = await ctx.client.get(`${ctx.config.company}/salesCreditMemos(${memoId})`);
    if (!memo.ok) return memo;
    customerNumber = text(memo.value.customerNumber);
    memoNumber = text(memo.value.number);
  }
  if (customerNumber === "") {
    const customer = await customerFor(ctx, doc.order, claim.refs);
    if (!customer.ok) return customer;
    customerNumber = "customerNumber" in customer.value ? customer.value.customerNumber : "";
    if (customerNumber === "" && "customerId" in customer.value) {
      const found = await ctx.client.get(`${ctx.config.company}/customers(${customer.value.customerId})`);
      if (!found.ok) return found;
      customerNumber = text(found.value.number);
    }
  }
  const docNo = await documentNumber(claim.docKey);
  const reference = await externalDocumentNumber(claim.docKey);
  const { transaction } = doc;
  const line = {
    accountType: "Customer",
    accountNumber: customerNumber,
    postingDate: plainDate(doc.refund.createdAt),
    documentNumber: docNo,
    externalDocumentNumber: reference,
    amount: decimal(transaction.amount.amount, transaction.amount.currency),
    description: stampedDescription(
      claim.correlationId,
      `Refund ${memoNumber || doc.refund.externalId} ${transaction.gateway}`,
    ),
    balanceAccountType: "G/L Account",
    balancingAccountNumber: bank,
  };
  return postJournalDocument(ctx, docNo, reference, [line]);
}
