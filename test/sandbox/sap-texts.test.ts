import { beforeEach, describe, expect, it } from "vitest";
import {
  control,
  entityOf,
  fetchSession,
  ODATA,
  ORIGIN,
  records,
  type Session,
  salesOrderBody,
  sap,
  write,
} from "./sap-client";

/**
 * Where S/4HANA keeps free text an integration can write, as the sandbox models it: SD header texts
 * (to_Text), delivery header texts (to_DeliveryDocumentText), customer texts (to_CustomerText), the
 * material document item text and the journal entry item text.
 */
const ORDERS = `${ODATA}/API_SALES_ORDER_SRV/A_SalesOrder`;
const DELIVERY = `${ODATA}/API_OUTBOUND_DELIVERY_SRV;v=0002`;
const STAMP = "mesh 4bf92f3577b34da6a3ce929d0e0e4736";

interface Results {
  d: { results: Record<string, unknown>[] };
}

async function results(res: Response): Promise<Record<string, unknown>[]> {
  expect(res.status).toBe(200);
  return ((await res.json()) as Results).d.results;
}

describe("sandbox SAP: long texts and item texts", () => {
  let session: Session;

  beforeEach(async () => {
    expect((await control("POST", "/reset")).status).toBe(200);
    session = await fetchSession();
  });

  it("takes SD header texts with the deep insert and reads them through to_Text, $expand and the text set", async () => {
    const text = { Language: "EN", LongTextID: "0001", LongText: STAMP };
    const created = await write("POST", ORDERS, session, salesOrderBody({ to_Text: [text] }));
    expect(created.status).toBe(201);
    expect(((await entityOf(created)).to_Text as { results: unknown[] }).results).toEqual([
      expect.objectContaining({ SalesOrder: "1", ...text }),
    ]);

    const read = await entityOf(await sap("GET", `${ORDERS}('1')`));
    expect(read.to_Text).toEqual({ __deferred: { uri: `${ORDERS}('1')/to_Text` } });
    const texts = await results(await sap("GET", `${ORDERS}('1')/to_Text`));
    expect(texts).toEqual([
      {
        __metadata: {
          id: `${ODATA}/API_SALES_ORDER_SRV/A_SalesOrderText(SalesOrder='1',Language='EN',LongTextID='0001')`,
          uri: `${ODATA}/API_SALES_ORDER_SRV/A_SalesOrderText(SalesOrder='1',Language='EN',LongTextID='0001')`,
          type: "API_SALES_ORDER_SRV.A_SalesOrderTextType",
        },
        SalesOrder: "1",
        Language: "EN",
        LongTextID: "0001",
        LongText: STAMP,
      },
    ]);
    const expanded = await entityOf(await sap("GET", `${ORDERS}('1')?$expand=to_Text`));
    expect((expanded.to_Text as { results: unknown[] }).results).toHaveLength(1);
    const single = await entityOf(
      await sap(
        "GET",
        `${ODATA}/API_SALES_ORDER_SRV/A_SalesOrderText(SalesOrder='1',Language='EN',LongTextID='0001')`,
      ),
    );
    expect(single.LongText).toBe(STAMP);
    const [record] = await records();
    expect(record?.body.texts).toEqual([text]);

    // The text set is not creatable on its own (sap:creatable="false"): texts come with the document.
    expect((await write("POST", `${ODATA}/API_SALES_ORDER_SRV/A_SalesOrderText`, session, text)).status).toBe(
      405,
    );
  });

  it("refuses a text twice in one language, a text without an ID and an ID longer than four characters", async () => {
    const text = { Language: "EN", LongTextID: "0001", LongText: "a" };
    for (const to_Text of [
      [text, { ...text, LongText: "b" }],
      [{ Language: "EN", LongText: "a" }],
      [{ ...text, LongTextID: "00001" }],
    ]) {
      const res = await write("POST", ORDERS, session, salesOrderBody({ to_Text }));
      expect(res.status).toBe(400);
    }
    expect(await records()).toEqual([]);
  });

  it("keeps header texts of customer returns and credit memo requests", async () => {
    await write("POST", ORDERS, session, salesOrderBody());
    const text = { Language: "EN", LongTextID: "0001", LongText: STAMP };
    const area = { SalesOrganization: "1710", DistributionChannel: "10", OrganizationDivision: "00" };
    const returned = await write("POST", `${ODATA}/API_CUSTOMER_RETURN_SRV/A_CustomerReturn`, session, {
      CustomerReturnType: "CBAR",
      ...area,
      SoldToParty: "17100001",
      SDDocumentReason: "001",
      to_Item: [
        { Material: "TG11", RequestedQuantity: "1", ReferenceSDDocument: "1", ReferenceSDDocumentItem: "10" },
      ],
      to_Text: [text],
    });
    expect(returned.status).toBe(201);
    const returnId = (await entityOf(returned)).CustomerReturn as string;
    expect(
      await results(
        await sap("GET", `${ODATA}/API_CUSTOMER_RETURN_SRV/A_CustomerReturn('${returnId}')/to_Text`),
      ),
    ).toEqual([expect.objectContaining({ CustomerReturn: returnId, ...text })]);

    const credited = await write(
      "POST",
      `${ODATA}/API_CREDIT_MEMO_REQUEST_SRV/A_CreditMemoRequest`,
      session,
      {
        CreditMemoRequestType: "CR",
        ...area,
        SoldToParty: "17100001",
        SDDocumentReason: "001",
        ReferenceSDDocument: returnId,
        to_Item: [{ Material: "TG11", RequestedQuantity: "1" }],
        to_Text: { results: [text] },
      },
    );
    expect(credited.status).toBe(201);
    const requestId = (await entityOf(credited)).CreditMemoRequest as string;
    expect(
      await results(
        await sap(
          "GET",
          `${ODATA}/API_CREDIT_MEMO_REQUEST_SRV/A_CreditMemoReqText?$filter=${encodeURIComponent(`CreditMemoRequest eq '${requestId}'`)}`,
        ),
      ),
    ).toEqual([expect.objectContaining({ CreditMemoRequest: requestId, ...text })]);
  });

  it("adds a delivery header text through to_DeliveryDocumentText once, and the delivery's ETag moves", async () => {
    await write("POST", ORDERS, session, salesOrderBody());
    const delivery = await entityOf(
      await write("POST", `${DELIVERY}/A_OutbDeliveryHeader`, session, {
        to_DeliveryDocumentItem: [{ ReferenceSDDocument: "1", ReferenceSDDocumentItem: "10" }],
      }),
    );
    const texts = `${DELIVERY}/A_OutbDeliveryHeader('80000000')/to_DeliveryDocumentText`;
    const text = { TextElement: "0001", Language: "EN", TextElementText: STAMP };
    const created = await write("POST", texts, session, text);
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(
      `${ODATA}/API_OUTBOUND_DELIVERY_SRV/A_OutbDeliveryHeaderText(DeliveryDocument='80000000',TextElement='0001',Language='EN')`,
    );
    expect(await results(await sap("GET", texts))).toEqual([
      expect.objectContaining({ DeliveryDocument: "80000000", ...text, DeliveryLongTextIsFormatted: false }),
    ]);
    const after = await entityOf(await sap("GET", `${DELIVERY}/A_OutbDeliveryHeader('80000000')`));
    expect(after.__metadata.etag).not.toBe(delivery.__metadata.etag);

    expect((await write("POST", texts, session, { ...text, TextElementText: "other" })).status).toBe(400);
    expect((await write("POST", texts, session, { Language: "EN", TextElementText: "no id" })).status).toBe(
      400,
    );
    expect(
      (
        await write(
          "POST",
          `${DELIVERY}/A_OutbDeliveryHeader('80000000')/to_DeliveryDocumentItem`,
          session,
          {},
        )
      ).status,
    ).toBe(405);
    expect(await results(await sap("GET", texts))).toHaveLength(1);
  });

  it("keeps customer texts deep inserted with the business partner, read through A_Customer", async () => {
    const text = { Language: "EN", LongTextID: "TX01", LongText: STAMP };
    const created = await write("POST", `${ODATA}/API_BUSINESS_PARTNER/A_BusinessPartner`, session, {
      BusinessPartnerCategory: "1",
      LastName: "Norman",
      to_BusinessPartnerRole: [{ BusinessPartnerRole: "FLCU01" }],
      to_Customer: {
        to_CustomerText: [text],
        to_CustomerSalesArea: [{ SalesOrganization: "1710", DistributionChannel: "10", Division: "00" }],
      },
    });
    expect(created.status).toBe(201);
    const partner = (await entityOf(created)).BusinessPartner as string;
    expect(
      await results(
        await sap("GET", `${ODATA}/API_BUSINESS_PARTNER/A_Customer('${partner}')/to_CustomerText`),
      ),
    ).toEqual([expect.objectContaining({ Customer: partner, ...text })]);
  });

  it("stores material document item texts up to 50 characters and renders them on the items", async () => {
    const body = (itemText: string) => ({
      GoodsMovementCode: "05",
      MaterialDocumentHeaderText: "ref-1",
      to_MaterialDocumentItem: [
        {
          Material: "TG11",
          Plant: "1710",
          StorageLocation: "171A",
          GoodsMovementType: "561",
          QuantityInEntryUnit: "1",
          MaterialDocumentItemText: itemText,
        },
      ],
    });
    const matdoc = `${ODATA}/API_MATERIAL_DOCUMENT_SRV/A_MaterialDocumentHeader`;
    expect((await write("POST", matdoc, session, body("x".repeat(51)))).status).toBe(400);
    expect((await write("POST", matdoc, session, body(STAMP))).status).toBe(201);
    const items = await results(
      await sap("GET", `${ODATA}/API_MATERIAL_DOCUMENT_SRV/A_MaterialDocumentItem`),
    );
    expect(items).toEqual([expect.objectContaining({ MaterialDocumentItemText: STAMP })]);
  });

  it("posts journal entry item texts up to 50 characters and shows them in the item cube", async () => {
    const envelope = (itemText: string) => {
      const item = (account: string, amount: string, code: string) =>
        `<Item><GLAccount>${account}</GLAccount><AmountInTransactionCurrency currencyCode="USD">${amount}</AmountInTransactionCurrency><DebitCreditCode>${code}</DebitCreditCode><DocumentItemText>${itemText}</DocumentItemText></Item>`;
      return `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sfin="http://sap.com/xi/SAPSCORE/SFIN"><soapenv:Header/><soapenv:Body><sfin:JournalEntryBulkCreateRequest><MessageHeader><ID>M</ID></MessageHeader><JournalEntryCreateRequest><MessageHeader><ID>M-1</ID></MessageHeader><JournalEntry><AccountingDocumentType>SA</AccountingDocumentType><DocumentReferenceID>REF-1</DocumentReferenceID><DocumentHeaderText>fees</DocumentHeaderText><CompanyCode>1710</CompanyCode><DocumentDate>2026-11-25</DocumentDate><PostingDate>2026-11-25</PostingDate>${item("65008000", "1.00", "S")}${item("12100000", "-1.00", "H")}</JournalEntry></JournalEntryCreateRequest></sfin:JournalEntryBulkCreateRequest></soapenv:Body></soapenv:Envelope>`;
    };
    const post = (xml: string) =>
      sap("POST", `${ORIGIN}/sap/bc/srt/scs_ext/sap/journalentrycreaterequestconfi`, {
        headers: { "content-type": "text/xml; charset=utf-8" },
        body: xml,
      });
    const long = await (await post(envelope("x".repeat(51)))).text();
    expect(long).toContain("Item text is longer than 50 characters");
    expect(long).toContain("<AccountingDocument>0000000000</AccountingDocument>");
    expect(await (await post(envelope(STAMP))).text()).toContain("605(RW)");
    const cube = await results(
      await sap(
        "GET",
        `${ODATA}/API_OPLACCTGDOCITEMCUBE_SRV/A_OperationalAcctgDocItemCube?$filter=${encodeURIComponent("DocumentReferenceID eq 'REF-1'")}`,
      ),
    );
    expect(cube.map((i) => i.DocumentItemText)).toEqual([STAMP, STAMP]);
  });
});
