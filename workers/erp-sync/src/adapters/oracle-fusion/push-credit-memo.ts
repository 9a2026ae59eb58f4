import type { ErpConnectionOf, ErpDocumentOf } from "../../../../../shared/erp";
import type { PushResult } from "../erp-adapter";
import { validation } from "./classify";
import type { Json } from "./client";
import { findOrCreate } from "./find-or-create";
import { decimal, itemNumber } from "./lookups";
import { orderKeyOf, readOrder } from "./read-order";
import { LIMITS, reference, rowMatch } from "./references";
import type { Rest } from "./rest";

/**
 * A refund's credit as a Receivables on-account credit memo for the order's buying party, keyed by
 * TransactionNumber = the refund's natural key compacted to 20 characters. Each credited amount is
 * one line of quantity -1 at its exact amount (goods per refund line, then tax, shipping and the
 * adjustment), so the memo totals exactly the refund; lines of zero are left out.
 */
export const TRANSACTION_SOURCE = "Manual";
export const TRANSACTION_TYPE = "Credit Memo";

export async function pushCreditMemo(
  rest: Rest,
  connection: ErpConnectionOf<"oracle_fusion">,
  doc: ErpDocumentOf<"credit_memo">,
  docKey: string,
): Promise<PushResult> {
  const { refund } = doc;
  const currency = refund.currency;
  const credits: { description: string; amount: number; item?: string }[] = [];
  for (const line of refund.lines) {
    const sku =
      line.sku ?? doc.order.lines.find((l) => l.externalLineId === line.externalLineId)?.sku ?? null;
    credits.push({
      description: `${line.quantity} x ${sku ?? line.externalLineId}`,
      amount: line.amount.amount,
      ...(sku ? { item: itemNumber(connection.mappings, sku) } : {}),
    });
  }
  credits.push({ description: "Tax", amount: refund.lines.reduce((t, l) => t + l.tax.amount, 0) });
  credits.push({ description: "Shipping", amount: refund.shipping.amount });
  credits.push({ description: "Adjustment", amount: refund.adjustment.amount });
  const lines: Json[] = credits
    .filter((c) => c.amount !== 0)
    .map((c, i) => ({
      LineNumber: i + 1,
      Description: c.description.slice(0, 240),
      ...(c.item ? { ItemNumber: c.item } : {}),
      Quantity: -1,
      UnitSellingPrice: decimal(c.amount, currency),
    }));
  if (lines.length === 0) return validation("the refund credits nothing");
  const order = await readOrder(rest, await orderKeyOf(rest.config.sourceSystem, doc.order), "sales order");
  if (!order.ok) return order;
  if (!order.value.buyingPartyNumber) return validation("the sales order has no buying party number");
  const number = await reference(docKey, LIMITS.transactionNumber);
  return findOrCreate(rest, {
    collection: `${rest.config.fscm}/receivablesCreditMemos`,
    q: rowMatch({ TransactionNumber: number }),
    body: {
      TransactionNumber: number,
      TransactionSource: TRANSACTION_SOURCE,
      TransactionType: TRANSACTION_TYPE,
      TransactionDate: refund.createdAt.slice(0, 10),
      AccountingDate: refund.createdAt.slice(0, 10),
      BusinessUnit: rest.config.businessUnit,
      BillToCustomerNumber: order.value.buyingPartyNumber,
      InvoiceCurrencyCode: currency,
      CrossReference: `${doc.order.channel} order ${doc.order.orderNumber} refund ${refund.externalId}`.slice(
        0,
        150,
      ),
      receivablesCreditMemoLines: lines,
    },
    idField: "CustomerTransactionId",
    numberField: "TransactionNumber",
    what: "credit memo",
  });
}
