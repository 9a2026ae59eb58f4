import { beforeEach, describe, expect, it } from "vitest";
import { control, ODATA, ORIGIN, sap } from "./sap-client";

const JOURNAL = `${ORIGIN}/sap/bc/srt/scs_ext/sap/journalentrycreaterequestconfi`;

/** A request shaped like SAP's Journal Entry - Post (Synchronous) payload sample. */
function request(reference: string, debit: string, credit: string): string {
  const item = (account: string, amount: string, code: string) =>
    `<Item><GLAccount>${account}</GLAccount><AmountInTransactionCurrency currencyCode="USD">${amount}</AmountInTransactionCurrency><DebitCreditCode>${code}</DebitCreditCode></Item>`;
  return `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sfin="http://sap.com/xi/SAPSCORE/SFIN">
  <soapenv:Header/><soapenv:Body><sfin:JournalEntryBulkCreateRequest>
    <MessageHeader><ID>MSG-1</ID><CreationDateTime>2026-11-25T10:00:00Z</CreationDateTime></MessageHeader>
    <JournalEntryCreateRequest><MessageHeader><ID>SUB-1</ID><CreationDateTime>2026-11-25T10:00:00Z</CreationDateTime></MessageHeader>
      <JournalEntry><OriginalReferenceDocumentType>BKPFF</OriginalReferenceDocumentType><BusinessTransactionType>RFBU</BusinessTransactionType>
        <AccountingDocumentType>SA</AccountingDocumentType><DocumentReferenceID>${reference}</DocumentReferenceID>
        <DocumentHeaderText>fees &amp; charges</DocumentHeaderText><CompanyCode>1710</CompanyCode>
        <DocumentDate>2026-11-25</DocumentDate><PostingDate>2026-11-25</PostingDate>
        ${item("65008000", debit, "S")}${item("12100000", credit, "H")}
      </JournalEntry></JournalEntryCreateRequest>
  </sfin:JournalEntryBulkCreateRequest></soapenv:Body></soapenv:Envelope>`;
}

function post(xml: string) {
  return sap("POST", JOURNAL, { headers: { "content-type": "text/xml; charset=utf-8" }, body: xml });
}

describe("sandbox SAP: Journal Entry - Post (SOAP)", () => {
  beforeEach(async () => {
    expect((await control("POST", "/reset")).status).toBe(200);
  });

  it("posts a balanced entry and confirms it with the accounting document and RW/605", async () => {
    const res = await post(request("REF-1", "12.34", "-12.34"));
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect(xml).toContain("<n0:JournalEntryBulkCreateConfirmation");
    expect(xml).toContain("<ReferenceID>MSG-1</ReferenceID>");
    expect(xml).toContain(
      "<JournalEntryCreateConfirmation><AccountingDocument>0100000000</AccountingDocument><CompanyCode>1710</CompanyCode><FiscalYear>2026</FiscalYear></JournalEntryCreateConfirmation>",
    );
    expect(xml).toContain("<MaximumLogItemSeverityCode>1</MaximumLogItemSeverityCode>");
    expect(xml).toContain("<TypeID>605(RW)</TypeID>");
    const cube = await sap(
      "GET",
      `${ODATA}/API_OPLACCTGDOCITEMCUBE_SRV/A_OperationalAcctgDocItemCube?$filter=${encodeURIComponent("CompanyCode eq '1710' and DocumentReferenceID eq 'REF-1'")}`,
    );
    const items: {
      d: {
        results: Array<{
          AccountingDocument: string;
          AmountInTransactionCurrency: string;
          AccountingDocumentHeaderText: string;
        }>;
      };
    } = await cube.json();
    expect(items.d.results.map((i) => i.AmountInTransactionCurrency)).toEqual(["12.34", "-12.34"]);
    expect(items.d.results[0]).toMatchObject({
      AccountingDocument: "0100000000",
      AccountingDocumentHeaderText: "fees & charges",
    });
  });

  it("refuses an unbalanced entry in the log (F5/702, severity 3) and posts nothing", async () => {
    const res = await post(request("REF-2", "12.34", "-12.00"));
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect(xml).toContain("<AccountingDocument>0000000000</AccountingDocument>");
    expect(xml).toContain("<MaximumLogItemSeverityCode>3</MaximumLogItemSeverityCode>");
    expect(xml).toContain(
      "<TypeID>702(F5)</TypeID><SeverityCode>3</SeverityCode><Note>Balance in transaction currency</Note>",
    );
    const cube = await sap("GET", `${ODATA}/API_OPLACCTGDOCITEMCUBE_SRV/A_OperationalAcctgDocItemCube`);
    expect(((await cube.json()) as { d: { results: unknown[] } }).d.results).toHaveLength(0);
  });

  it("answers a message that is no journal entry request with a SOAP client fault", async () => {
    const res = await post(
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body/></soapenv:Envelope>',
    );
    expect(res.status).toBe(500);
    expect(await res.text()).toContain("<faultcode>soap-env:Client</faultcode>");
  });
});
