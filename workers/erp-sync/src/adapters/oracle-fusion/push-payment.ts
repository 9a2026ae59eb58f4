import type { ErpConnectionOf, ErpDocumentOf } from "../../../../../shared/erp";
import type { PushResult } from "../erp-adapter";
import { validation } from "./classify";
import { findOrCreate } from "./find-or-create";
import { decimal } from "./lookups";
import { readOrder } from "./read-order";
import { LIMITS, reference, rowMatch } from "./references";
import type { Rest } from "./rest";

/**
 * One captured tender as a Receivables standard receipt for the order's buying party, keyed by
 * ReceiptNumber = the payment's natural key compacted to 30 characters. The receipt method is the
 * payment_method mapping of the gateway, or the gateway's own name (Fusion refuses one it lacks).
 */
export async function pushPayment(
  rest: Rest,
  connection: ErpConnectionOf<"oracle_fusion">,
  doc: ErpDocumentOf<"customer_payment">,
  docKey: string,
  orderRef: string | undefined,
): Promise<PushResult> {
  if (!orderRef) return validation("the payment's sales order has no Oracle id yet (refs.sales_order)");
  if (doc.payment.amount.amount <= 0) return validation("a customer payment must be a positive amount");
  const order = await readOrder(rest, orderRef, "sales order");
  if (!order.ok) return order;
  if (!order.value.buyingPartyNumber) return validation("the sales order has no buying party number");
  const number = await reference(docKey, LIMITS.receiptNumber);
  const { payment } = doc;
  return findOrCreate(rest, {
    collection: `${rest.config.fscm}/standardReceipts`,
    q: rowMatch({ ReceiptNumber: number }),
    body: {
      ReceiptNumber: number,
      ReceiptMethod: connection.mappings.paymentMethod[payment.gateway] ?? payment.gateway,
      ReceiptDate: doc.order.placedAt.slice(0, 10),
      AccountingDate: doc.order.placedAt.slice(0, 10),
      BusinessUnit: rest.config.businessUnit,
      CustomerAccountNumber: order.value.buyingPartyNumber,
      Amount: decimal(payment.amount.amount, payment.amount.currency),
      Currency: payment.amount.currency,
      Comments: `${doc.order.channel} order ${doc.order.orderNumber}, Oracle order ${order.value.orderNumber}, tender ${doc.tenderIndex + 1}`,
    },
    idField: "StandardReceiptId",
    numberField: "ReceiptNumber",
    what: "standard receipt",
  });
}
