import { formatDecimal, parseDecimal } from "../../../../shared/canonical";
import { type JournalRequest, parseBulkRequest } from "./journal-soap";
import { edmDate } from "./render";
import type { ServiceContext } from "./service-context";
import { SID } from "./sessions";
import type { WireResponse } from "./wire";
import { escapeXml, tag } from "./xml";

/**
 * Posting for JournalEntryCreateRequestConfirmation_In, answered the way S/4HANA Cloud answers it:
 * HTTP 200 with a JournalEntryBulkCreateConfirmation whose Log says what happened (severity 1 and
 * RW/605 "Document posted successfully: BKPFF <doc><cc><year> <system>", or severity 3 with the
 * application's messages and AccountingDocument 0000000000), and a SOAP fault for a message that is
 * not a journal entry request at all. Response shape as captured from a live tenant (public sample).
 */
export const JOURNAL_PATH = "/sap/bc/srt/scs_ext/sap/journalentrycreaterequestconfi";
const SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/";
const SFIN = "http://sap.com/xi/SAPSCORE/SFIN";

interface LogItem {
  typeId: string;
  severity: 1 | 2 | 3;
  note: string;
}

function envelope(body: string): string {
  return `<soap-env:Envelope xmlns:soap-env="${SOAP_ENV}"><soap-env:Header/><soap-env:Body>${body}</soap-env:Body></soap-env:Envelope>`;
}

export function soapFault(status: number, text: string, outcome: string): WireResponse {
  const fault = `<soap-env:Fault><faultcode>soap-env:Client</faultcode><faultstring xml:lang="en">${escapeXml(text)}</faultstring><detail/></soap-env:Fault>`;
  return { status, headers: { "content-type": "text/xml; charset=utf-8" }, body: envelope(fault), outcome };
}

function header(referenceId: string, now: number, sender: boolean): string {
  const uuid = crypto.randomUUID();
  return tag(
    "MessageHeader",
    tag("UUID", uuid) +
      tag("ReferenceID", escapeXml(referenceId)) +
      tag("CreationDateTime", new Date(now).toISOString()) +
      (sender ? tag("SenderBusinessSystemID", SID) : ""),
  );
}

function check(entry: JournalRequest): LogItem[] {
  const errors: LogItem[] = [];
  if (!entry.companyCode) errors.push({ typeId: "082(F5)", severity: 3, note: "Enter a company code" });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(entry.postingDate))
    errors.push({ typeId: "069(F5)", severity: 3, note: "Enter a valid posting date" });
  if (entry.documentReferenceId.length > 16)
    errors.push({ typeId: "011(F5)", severity: 3, note: "Reference is longer than 16 characters" });
  // DocumentHeaderText is BKTXT (CHAR 25), DocumentItemText SGTXT (CHAR 50); message numbers approximated.
  if (entry.headerText.length > 25)
    errors.push({
      typeId: "011(F5)",
      severity: 3,
      note: "Document header text is longer than 25 characters",
    });
  if (entry.lines.some((l) => l.text.length > 50))
    errors.push({ typeId: "011(F5)", severity: 3, note: "Item text is longer than 50 characters" });
  if (entry.lines.length < 2)
    errors.push({ typeId: "704(F5)", severity: 3, note: "A document must contain at least two line items" });
  const currency = entry.lines[0]?.currency ?? "";
  let balance = 0;
  for (const l of entry.lines) {
    if (!l.account)
      errors.push({ typeId: "087(F5)", severity: 3, note: `Enter an account for ${l.kind} item` });
    if (l.currency !== currency)
      errors.push({ typeId: "167(F5)", severity: 3, note: "Only one transaction currency per document" });
    try {
      const amount = Math.abs(parseDecimal(l.amount, currency || "USD"));
      balance += l.debitCredit === "H" ? -amount : amount;
    } catch {
      errors.push({ typeId: "001(FINS_ACDOC_CUST)", severity: 3, note: `Amount ${l.amount} is not valid` });
    }
  }
  if (errors.length === 0 && balance !== 0) {
    errors.push({ typeId: "702(F5)", severity: 3, note: "Balance in transaction currency" });
  }
  return errors;
}

function post(ctx: ServiceContext, entry: JournalRequest): { document: string; year: string } {
  const id = ctx.store.nextNumber("journal_entry", 100000000).padStart(10, "0");
  const year = entry.postingDate.slice(0, 4);
  const currency = entry.lines[0]?.currency ?? "";
  const header = {
    CompanyCode: entry.companyCode,
    FiscalYear: year,
    AccountingDocument: id,
    AccountingDocumentType: entry.documentType || "SA",
    DocumentReferenceID: entry.documentReferenceId,
    AccountingDocumentHeaderText: entry.headerText,
    PostingDate: edmDate(entry.postingDate),
    DocumentDate: edmDate(entry.documentDate || entry.postingDate),
    TransactionCurrency: currency,
  };
  const items = entry.lines.map((l, i) => {
    const amount = Math.abs(parseDecimal(l.amount, currency));
    return {
      AccountingDocumentItem: String(i + 1).padStart(3, "0"),
      GLAccount: l.kind === "gl" ? l.account : "",
      Customer: l.kind === "debtor" ? l.account : "",
      Supplier: l.kind === "creditor" ? l.account : "",
      DebitCreditCode: l.debitCredit,
      AmountInTransactionCurrency: formatDecimal(l.debitCredit === "H" ? -amount : amount, currency),
      DocumentItemText: l.text,
    };
  });
  ctx.store.insert("journal_entry", id, entry.documentReferenceId || null, header, items, ctx.now);
  return { document: id, year };
}

function log(items: readonly LogItem[]): string {
  const max = Math.max(1, ...items.map((i) => i.severity));
  const rendered = items
    .map((i) =>
      tag(
        "Item",
        tag("TypeID", i.typeId) + tag("SeverityCode", String(i.severity)) + tag("Note", escapeXml(i.note)),
      ),
    )
    .join("");
  return tag("Log", tag("MaximumLogItemSeverityCode", String(max)) + rendered);
}

export function postJournalEntries(ctx: ServiceContext, xml: string): WireResponse {
  const request = parseBulkRequest(xml);
  if (!request)
    return soapFault(500, "Message is not a JournalEntryBulkCreateRequest", "rejected:soap_fault");
  const client = `${SID}CLNT100`;
  let posted = 0;
  const confirmations = request.entries.map((entry) => {
    const errors = check(entry);
    let result =
      tag("AccountingDocument", "0000000000") +
      tag("CompanyCode", escapeXml(entry.companyCode)) +
      tag("FiscalYear", "0000");
    let items: LogItem[] = [
      ...errors,
      { typeId: "609(RW)", severity: 3, note: `Error in document: BKPFF $ ${client}` },
    ];
    if (errors.length === 0) {
      const { document, year } = post(ctx, entry);
      posted += 1;
      result =
        tag("AccountingDocument", document) +
        tag("CompanyCode", escapeXml(entry.companyCode)) +
        tag("FiscalYear", year);
      items = [
        {
          typeId: "605(RW)",
          severity: 1,
          note: `Document posted successfully: BKPFF ${document}${entry.companyCode}${year} ${client}`,
        },
      ];
    }
    return tag(
      "JournalEntryCreateConfirmation",
      header(entry.messageId, ctx.now, false) + tag("JournalEntryCreateConfirmation", result) + log(items),
    );
  });
  const body = `<n0:JournalEntryBulkCreateConfirmation xmlns:n0="${SFIN}">${header(request.messageId, ctx.now, true)}${confirmations.join("")}<Log/></n0:JournalEntryBulkCreateConfirmation>`;
  const outcome = posted === request.entries.length ? "created" : "rejected:journal";
  return {
    status: 200,
    headers: { "content-type": "text/xml; charset=utf-8" },
    body: envelope(body),
    outcome,
  };
}
