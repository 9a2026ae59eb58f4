import type { PushResult } from "../erp-adapter";
import { failureOf, localFailure } from "./classify";
import { SERVICE } from "./config";
import { stampWithin } from "./correlation";
import { type JournalInput, type JournalLineInput, journalEnvelope, readConfirmation } from "./journal-soap";
import { field, literal, resultsOf } from "./odata";
import type { PushContext } from "./push-context";
import { referenceFor } from "./references";

/**
 * Posts a journal entry through the SOAP service, exactly once: the entry carries the document's
 * reference in DocumentReferenceID (the FI "Reference", 16 characters), and the posted items are
 * searched by it (API_OPLACCTGDOCITEMCUBE_SRV) before posting. The ERP id is
 * `<company code>/<accounting document>/<fiscal year>`, the key of a journal entry in SAP. Every line's
 * item text (DocumentItemText, 50 characters) starts with `mesh <correlation id>` (correlation.ts);
 * the header text (DocumentHeaderText, 25) is too short for it and keeps the document's description.
 *
 * The company code is the connection's sales organization: the settings carry no company code, and
 * in SAP Best Practices each sales organization (1010, 1710) belongs to the company code of that number.
 */
export interface JournalRequest {
  documentType: string;
  headerText: string;
  date: string;
  currency: string;
  lines: JournalLineInput[];
}

const ITEM_TEXT_LENGTH = 50;

export async function postJournal(ctx: PushContext, request: JournalRequest): Promise<PushResult> {
  const companyCode = ctx.config.settings.companyCode ?? ctx.config.settings.salesOrganization;
  const reference = await referenceFor(ctx.claim.docKey, "documentReferenceId");
  const lookup = await ctx.client.get(SERVICE.accountingItems, "A_OperationalAcctgDocItemCube", {
    $filter: `CompanyCode eq ${literal(companyCode)} and DocumentReferenceID eq ${literal(reference)}`,
    $select: "CompanyCode,AccountingDocument,FiscalYear",
    $top: "50",
  });
  const found = resultsOf(lookup);
  if (!found || (lookup.kind === "response" && lookup.status !== 200)) {
    return failureOf(lookup, ctx.now(), "looking up the journal entry by DocumentReferenceID");
  }
  const documents = new Set(
    found.map(
      (e) => `${field(e, "CompanyCode")}/${field(e, "AccountingDocument")}/${field(e, "FiscalYear")}`,
    ),
  );
  if (documents.size > 1) {
    return localFailure(
      "duplicate",
      `SAP holds ${documents.size} journal entries with reference '${reference}'`,
    );
  }
  const [existing] = documents;
  if (existing) return { ok: true, erpId: existing };

  const input: JournalInput = {
    ...request,
    lines: request.lines.map((l) => ({
      ...l,
      text: stampWithin(ITEM_TEXT_LENGTH, ctx.claim.correlationId, l.text),
    })),
    companyCode,
    reference,
    messageId: crypto.randomUUID(),
  };
  const outcome = await ctx.client.soap(journalEnvelope(input, new Date(ctx.now()).toISOString()));
  if (outcome.kind === "no_response") return failureOf(outcome, ctx.now(), "posting the journal entry");
  const confirmation = readConfirmation(outcome.body);
  if (!confirmation || (outcome.status !== 200 && !("fault" in confirmation))) {
    return failureOf(outcome, ctx.now(), "posting the journal entry");
  }
  if (confirmation.ok) {
    const erpId = `${confirmation.companyCode}/${confirmation.accountingDocument}/${confirmation.fiscalYear}`;
    return { ok: true, erpId, erpNumber: confirmation.accountingDocument };
  }
  if ("fault" in confirmation) {
    const client = /client/i.test(confirmation.faultCode);
    return {
      ok: false,
      errorClass: client ? "validation" : "transient",
      httpStatus: outcome.status,
      message: `posting the journal entry: SOAP fault ${confirmation.faultCode}: ${confirmation.fault}`.slice(
        0,
        500,
      ),
      detail: outcome.body.slice(0, 8_000),
    };
  }
  return {
    ok: false,
    errorClass: "business",
    httpStatus: outcome.status,
    message: `posting the journal entry: SAP ${confirmation.notes.join("; ")}`.slice(0, 500),
    detail: confirmation.log.slice(0, 8_000),
  };
}
