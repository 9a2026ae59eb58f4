import { elements, firstElement, textOf } from "./xml";

/**
 * The request side of the synchronous SOAP interface JournalEntryCreateRequestConfirmation_In
 * (Journal Entry - Post, SAP_COM_0002): a JournalEntryBulkCreateRequest holding one or more
 * JournalEntryCreateRequest, each with its own MessageHeader and a JournalEntry whose lines are
 * `Item` (G/L account), `DebtorItem` (customer) or `CreditorItem` (supplier) — SAP KBA 3476534.
 */
export interface JournalLine {
  kind: "gl" | "debtor" | "creditor";
  account: string;
  amount: string;
  currency: string;
  debitCredit: string;
  text: string;
}

export interface JournalRequest {
  messageId: string;
  companyCode: string;
  documentType: string;
  documentReferenceId: string;
  headerText: string;
  documentDate: string;
  postingDate: string;
  lines: JournalLine[];
}

export interface BulkRequest {
  messageId: string;
  entries: JournalRequest[];
}

function line(kind: JournalLine["kind"], xml: string, accountTag: string): JournalLine {
  const amount = firstElement(xml, "AmountInTransactionCurrency");
  return {
    kind,
    account: textOf(xml, accountTag),
    amount: textOf(xml, "AmountInTransactionCurrency"),
    currency: amount?.attributes.currencyCode ?? "",
    debitCredit: textOf(xml, "DebitCreditCode"),
    text: textOf(xml, "DocumentItemText"),
  };
}

/** Null when the body is not a JournalEntryBulkCreateRequest envelope (answered with a SOAP fault). */
export function parseBulkRequest(xml: string): BulkRequest | null {
  const envelope = firstElement(xml, "Envelope");
  const body = envelope ? firstElement(envelope.inner, "Body") : null;
  const bulk = body ? firstElement(body.inner, "JournalEntryBulkCreateRequest") : null;
  if (!bulk) return null;
  const requests = elements(bulk.inner, "JournalEntryCreateRequest");
  if (requests.length === 0) return null;
  const bulkHeader = firstElement(bulk.inner, "MessageHeader");
  const entries = requests.map((request) => {
    const entry = firstElement(request.inner, "JournalEntry")?.inner ?? "";
    const entryHeader = firstElement(request.inner, "MessageHeader")?.inner ?? "";
    const strip = (x: string) =>
      x.replace(/<(?:[\w.-]+:)?(Item|DebtorItem|CreditorItem)[\s>][\s\S]*?<\/(?:[\w.-]+:)?\1\s*>/g, "");
    const head = strip(entry);
    return {
      messageId: textOf(entryHeader, "ID"),
      companyCode: textOf(head, "CompanyCode"),
      documentType: textOf(head, "AccountingDocumentType"),
      documentReferenceId: textOf(head, "DocumentReferenceID"),
      headerText: textOf(head, "DocumentHeaderText"),
      documentDate: textOf(head, "DocumentDate"),
      postingDate: textOf(head, "PostingDate"),
      lines: [
        ...elements(entry, "Item").map((e) => line("gl", e.inner, "GLAccount")),
        ...elements(entry, "DebtorItem").map((e) => line("debtor", e.inner, "Debtor")),
        ...elements(entry, "CreditorItem").map((e) => line("creditor", e.inner, "Creditor")),
      ],
    };
  });
  return { messageId: textOf(bulkHeader?.inner ?? "", "ID"), entries };
}
