import type { ErpConnectionOf, ErpDocumentOf } from "../../../../../shared/erp";
import type { PushResult } from "../erp-adapter";
import { validation } from "./classify";
import { findOrCreate } from "./find-or-create";
import { decimal } from "./lookups";
import { orderKeyOf, readOrder } from "./read-order";
import { LIMITS, reference, rowMatch } from "./references";
import type { Rest } from "./rest";

/**
 * Money paid back through one tender as a Payables payment request to the customer (how Fusion pays a
 * Receivables refund out), keyed by InvoiceNumber = the refund transaction's natural key (50
 * characters) and citing the credit memo it settles. The payment method is the payment_method mapping
 * of the gateway, else the gateway's name.
 */
export async function pushRefund(
  rest: Rest,
  connection: ErpConnectionOf<"oracle_fusion">,
  doc: ErpDocumentOf<"customer_refund">,
  docKey: string,
  creditMemoRef: string | undefined,
): Promise<PushResult> {
  if (!creditMemoRef) return validation("the refund's credit memo has no Oracle id yet (refs.credit_memo)");
  const { transaction } = doc;
  if (transaction.amount.amount <= 0) return validation("a customer refund must be a positive amount");
  const order = await readOrder(rest, await orderKeyOf(rest.config.sourceSystem, doc.order), "sales order");
  if (!order.ok) return order;
  const party = order.value.buyingPartyName ?? order.value.buyingPartyNumber;
  if (!party) return validation("the sales order has no buying party");
  const number = await reference(docKey, LIMITS.invoiceNumber);
  const amount = decimal(transaction.amount.amount, transaction.amount.currency);
  const description = `Refund ${doc.refund.externalId} of ${doc.order.channel} order ${doc.order.orderNumber}, credit memo ${creditMemoRef}`;
  return findOrCreate(rest, {
    collection: `${rest.config.fscm}/invoices`,
    q: rowMatch({ InvoiceNumber: number }),
    body: {
      InvoiceNumber: number,
      InvoiceType: "Payment Request",
      BusinessUnit: rest.config.businessUnit,
      Party: party,
      InvoiceAmount: amount,
      InvoiceCurrency: transaction.amount.currency,
      InvoiceDate: doc.refund.createdAt.slice(0, 10),
      PaymentMethodCode: connection.mappings.paymentMethod[transaction.gateway] ?? transaction.gateway,
      Description: description.slice(0, 240),
      invoiceLines: [
        { LineNumber: 1, LineType: "Item", LineAmount: amount, Description: description.slice(0, 240) },
      ],
    },
    idField: "InvoiceId",
    numberField: "InvoiceNumber",
    what: "payment request",
  });
}
