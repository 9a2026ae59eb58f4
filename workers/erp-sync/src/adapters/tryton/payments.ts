import type { ErpConnectionOf, ErpDocumentOf } from "../../../../../shared/erp";
import type { PushSuccess } from "../erp-adapter";
import { journalByType, postMove } from "./account-move";
import { type ModelApi, refuse } from "./model-api";
import { reconcileLines } from "./reconcile";
import { receivableOf, resolveTenderAccount } from "./resolve";
import { meshStamp } from "./stamp";

/**
 * customer_payment -> a posted account.move in the cash journal, one per tender: debit the tender's
 * account (payment_method mapping, else undeposited_funds), credit the customer's receivable with
 * the sale's party. It stays on the party's receivable as a payment on account: the sale's invoices
 * are only created as it ships (invoice method `shipment`) and are left to Tryton's own
 * reconciliation. (account_statement, the other 6.0 route, needs a statement per tender batch and
 * its own journal setup; a move is the smaller real record.)
 *
 * customer_refund -> the mirror move (debit receivable, credit the tender's account), then added to
 * the credit note's payment lines and reconciled with it when it settles it, so the credit note
 * is `paid`.
 */
type Connection = ErpConnectionOf<"tryton">;

export async function pushCustomerPayment(
  api: ModelApi,
  connection: Connection,
  doc: ErpDocumentOf<"customer_payment">,
  saleId: number,
  reference: string,
  correlationId: string,
): Promise<PushSuccess> {
  const { payment, order } = doc;
  if (payment.amount.amount <= 0) throw refuse("validation", "a customer payment must be a positive amount");
  const [sale] = await api.read("sale.sale", [saleId], ["party"]);
  const party = Number(sale?.party);
  const receivable = await receivableOf(api, party);
  const tender = await resolveTenderAccount(api, connection, payment.gateway);
  const memo = meshStamp(correlationId, `${order.channel} order ${order.orderNumber} ${payment.gateway}`);
  const move = await postMove(api, {
    journal: await journalByType(api, "cash", "CASH"),
    isoDate: order.placedAt,
    reference,
    currency: payment.amount.currency,
    lines: [
      { account: tender, debit: payment.amount.amount, credit: 0, description: memo },
      { account: receivable, debit: 0, credit: payment.amount.amount, party, description: memo },
    ],
  });
  return { ok: true, erpId: String(move.id), erpNumber: move.number };
}

export async function pushCustomerRefund(
  api: ModelApi,
  connection: Connection,
  doc: ErpDocumentOf<"customer_refund">,
  creditNoteId: number,
  reference: string,
  correlationId: string,
): Promise<PushSuccess> {
  const { transaction, refund } = doc;
  const [invoice] = await api.read(
    "account.invoice",
    [creditNoteId],
    ["party", "account", "state", "lines_to_pay", "payment_lines"],
  );
  if (!invoice) throw refuse("business", `Tryton has no credit note ${creditNoteId}`);
  const party = Number(invoice.party);
  const receivable = Number(invoice.account);
  const tender = await resolveTenderAccount(api, connection, transaction.gateway);
  const memo = meshStamp(correlationId, `refund ${refund.externalId} ${transaction.gateway}`);
  const move = await postMove(api, {
    journal: await journalByType(api, "cash", "CASH"),
    isoDate: refund.createdAt,
    reference,
    currency: transaction.amount.currency,
    lines: [
      { account: receivable, debit: transaction.amount.amount, credit: 0, party, description: memo },
      { account: tender, debit: 0, credit: transaction.amount.amount, description: memo },
    ],
  });
  if (invoice.state === "posted") {
    const line = move.lines.find((l) => l.account === receivable && l.debit > 0);
    const paying = Array.isArray(invoice.payment_lines) ? invoice.payment_lines : [];
    if (line && !paying.includes(line.id)) {
      await api.write("account.invoice", [creditNoteId], { payment_lines: [["add", [line.id]]] });
    }
    await settleIfPaid(api, creditNoteId);
  }
  return { ok: true, erpId: String(move.id), erpNumber: move.number };
}

/** When the payment lines cover the credit note, reconcile them with its lines to pay: it becomes paid. */
async function settleIfPaid(api: ModelApi, invoiceId: number): Promise<void> {
  const [invoice] = await api.read(
    "account.invoice",
    [invoiceId],
    ["amount_to_pay", "lines_to_pay", "payment_lines", "state"],
  );
  const toPay = invoice?.amount_to_pay;
  const zero =
    typeof toPay === "object" && toPay !== null && "decimal" in toPay && Number(toPay.decimal) === 0;
  if (invoice?.state !== "posted" || !zero) return;
  const lines = [invoice.lines_to_pay, invoice.payment_lines].flatMap((v) => (Array.isArray(v) ? v : []));
  await reconcileLines(
    api,
    lines.filter((v): v is number => typeof v === "number"),
  );
}
