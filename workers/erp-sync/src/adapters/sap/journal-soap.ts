import { formatDecimal } from "../../../../../shared/canonical";
import { element, escapeXml, innerOf, textOf } from "./soap-xml";

/**
 * The SOAP message of Journal Entry - Post (Synchronous), JournalEntryCreateRequestConfirmation_In:
 * a JournalEntryBulkCreateRequest with one JournalEntryCreateRequest. G/L lines are `Item`, customer
 * lines `DebtorItem` (SAP KBA 3476534); credits carry a negative amount with DebitCreditCode H, debits
 * a positive one with S, as SAP's payload samples do. Amounts are exact decimals from minor units.
 */
export interface JournalLineInput {
  kind: "gl" | "debtor";
  /** G/L account or customer number. */
  account: string;
  side: "debit" | "credit";
  /** Positive minor units. */
  amount: number;
  text: string;
}

export interface JournalInput {
  messageId: string;
  companyCode: string;
  documentType: string;
  reference: string;
  headerText: string;
  date: string;
  currency: string;
  lines: JournalLineInput[];
}

const SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/";
const SFIN = "http://sap.com/xi/SAPSCORE/SFIN";

function line(input: JournalInput, l: JournalLineInput, index: number): string {
  const signed = l.side === "credit" ? -l.amount : l.amount;
  const body =
    element("ReferenceDocumentItem", String(index + 1)) +
    (l.kind === "gl" ? element("GLAccount", escapeXml(l.account)) : element("Debtor", escapeXml(l.account))) +
    element("AmountInTransactionCurrency", formatDecimal(signed, input.currency), {
      currencyCode: input.currency,
    }) +
    element("DebitCreditCode", l.side === "credit" ? "H" : "S") +
    element("DocumentItemText", escapeXml(l.text.slice(0, 50)));
  return element(l.kind === "gl" ? "Item" : "DebtorItem", body);
}

export function journalEnvelope(input: JournalInput, createdAt: string): string {
  const header = (id: string) =>
    element("MessageHeader", element("ID", escapeXml(id)) + element("CreationDateTime", createdAt));
  const entry =
    element("OriginalReferenceDocumentType", "BKPFF") +
    element("BusinessTransactionType", "RFBU") +
    element("AccountingDocumentType", escapeXml(input.documentType)) +
    element("DocumentReferenceID", escapeXml(input.reference)) +
    element("DocumentHeaderText", escapeXml(input.headerText.slice(0, 25))) +
    element("CompanyCode", escapeXml(input.companyCode)) +
    element("DocumentDate", input.date) +
    element("PostingDate", input.date) +
    input.lines.map((l, i) => line(input, l, i)).join("");
  const request = element(
    "JournalEntryCreateRequest",
    header(`${input.messageId}-1`) + element("JournalEntry", entry),
  );
  const bulk = `<sfin:JournalEntryBulkCreateRequest>${header(input.messageId)}${request}</sfin:JournalEntryBulkCreateRequest>`;
  return `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV}" xmlns:sfin="${SFIN}"><soapenv:Header/><soapenv:Body>${bulk}</soapenv:Body></soapenv:Envelope>`;
}

export type JournalConfirmation =
  | { ok: true; accountingDocument: string; companyCode: string; fiscalYear: string }
  | { ok: false; notes: string[]; log: string }
  | { ok: false; fault: string; faultCode: string };

/** SAP's JournalEntryBulkCreateConfirmation (or a SOAP fault) read back. */
export function readConfirmation(xml: string): JournalConfirmation | null {
  const fault = innerOf(xml, "Fault")[0];
  if (fault !== undefined)
    return { ok: false, fault: textOf(fault, "faultstring"), faultCode: textOf(fault, "faultcode") };
  const outer = innerOf(xml, "JournalEntryBulkCreateConfirmation")[0];
  if (outer === undefined) return null;
  const document = textOf(outer, "AccountingDocument");
  const log = innerOf(outer, "Log")[0] ?? "";
  const severity = Number(textOf(log, "MaximumLogItemSeverityCode") || "0");
  if (document && !/^0+$/.test(document) && severity < 3) {
    return {
      ok: true,
      accountingDocument: document,
      companyCode: textOf(outer, "CompanyCode"),
      fiscalYear: textOf(outer, "FiscalYear"),
    };
  }
  const notes = innerOf(log, "Item").map((item) =>
    `${textOf(item, "TypeID")} ${textOf(item, "Note")}`.trim(),
  );
  return { ok: false, notes, log };
}
