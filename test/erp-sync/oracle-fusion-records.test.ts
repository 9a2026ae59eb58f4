import { beforeEach, describe, expect, it } from "vitest";
import { adjustmentDoc, GL_ACCOUNTS, LOCATIONS } from "./oracle-fusion-documents";
import { pushEverything, pushOk } from "./oracle-fusion-flow";
import { oracleAdapter, oracleConnection, podRecords, resetPod } from "./oracle-fusion-harness";

/** Every document kind, pushed into the sandbox pod, lands as the Fusion resource the README names. */
describe("Oracle Fusion adapter: every document kind", () => {
  const adapter = oracleAdapter(oracleConnection({ glAccount: GL_ACCOUNTS, location: LOCATIONS }));

  beforeEach(async () => {
    await resetPod();
  });

  it("writes each kind once, as Fusion models it", async () => {
    const ids = await pushEverything(adapter);
    const byType = new Map<string, number>();
    for (const r of await podRecords()) byType.set(r.recordType, (byType.get(r.recordType) ?? 0) + 1);
    expect(Object.fromEntries(byType)).toEqual({
      accounts: 1,
      salesOrdersForOrderHub: 2,
      standardReceipts: 1,
      shipments: 1,
      receivingReceiptRequests: 1,
      receivablesCreditMemos: 1,
      invoices: 1,
      journalBatches: 1,
      erpintegrations: 1,
      inventoryStagedTransactions: 1,
    });
    expect(ids.order?.erpNumber).toMatch(/^\d+$/);
    expect(ids.customer?.erpNumber).toMatch(/^CDRM_/);
  });

  it("lists every record under the key the adapter looks it up by", async () => {
    await pushEverything(adapter);
    const fields: Record<string, (body: Record<string, unknown>) => unknown> = {
      accounts: (b) => `${b.SourceSystem}:${b.SourceSystemReferenceValue}`,
      salesOrdersForOrderHub: (b) => `${b.SourceTransactionSystem}:${b.SourceTransactionId}`,
      standardReceipts: (b) => b.ReceiptNumber,
      shipments: (b) => `${b.OrganizationCode}:${b.Shipment}`,
      receivingReceiptRequests: (b) => b.ShipmentNumber,
      receivablesCreditMemos: (b) => b.TransactionNumber,
      invoices: (b) => `${b.Party}:${b.InvoiceNumber}`,
      journalBatches: (b) => b.BatchName,
      inventoryStagedTransactions: (b) => b.TransactionReference,
    };
    for (const record of await podRecords()) {
      const field = fields[record.recordType];
      if (field) expect(record.key, record.recordType).toBe(field(record.body));
    }
  });

  it("books the order to the pushed customer with the channel's prices and a per-unit discount", async () => {
    const ids = await pushEverything(adapter);
    const [order] = (await podRecords("salesOrdersForOrderHub")).filter((r) => r.id === ids.order?.erpId);
    expect(order?.body).toMatchObject({
      SourceTransactionSystem: "MESH",
      SourceTransactionRevisionNumber: 1,
      BusinessUnitName: "US1 Business Unit",
      BuyingPartyId: Number(ids.customer?.erpId),
      TransactionalCurrencyCode: "USD",
      CustomerPONumber: "#1001",
      SubmittedFlag: true,
    });
    expect(order?.body.SourceTransactionId).toBe(order?.body.SourceTransactionNumber);
    expect(order?.body.lines).toMatchObject([
      {
        SourceTransactionLineId: "466157049",
        ProductNumber: "IPOD2008GREEN",
        OrderedQuantity: 1,
        UnitListPrice: 199,
        manualPriceAdjustments: [{ AdjustmentAmount: 10, AdjustmentTypeCode: "DISCOUNT_AMOUNT" }],
        ShippedQuantity: 1,
      },
      {
        SourceTransactionLineId: "518995019",
        ProductNumber: "IPOD2008RED",
        OrderedQuantity: 2,
        UnitListPrice: 199,
        ShippedQuantity: 1,
      },
    ]);
    expect(order?.body.lines).not.toHaveProperty("1.manualPriceAdjustments");
  });

  it("ships in two packing units with their own tracking numbers, from the mapped organization", async () => {
    await pushEverything(adapter);
    const [shipment] = await podRecords("shipments");
    expect(shipment?.body).toMatchObject({
      OrganizationCode: "M1",
      Carrier: "UPS",
      WaybillNumber: "1Z999AA10123456784",
      packingUnits: [{ TrackingNumber: "1Z999AA10123456784" }, { TrackingNumber: "1Z999AA10123456785" }],
      lines: [
        { OrderLine: 1, ShippedQuantity: 1 },
        { OrderLine: 2, ShippedQuantity: 1 },
      ],
    });
  });

  it("returns as a RETURN order referencing the original line, received into stock", async () => {
    const ids = await pushEverything(adapter);
    const [rma] = (await podRecords("salesOrdersForOrderHub")).filter((r) => r.id === ids.rma?.erpId);
    expect(rma?.body).toMatchObject({
      CustomerPONumber: "RMA-1001",
      BuyingPartyId: Number(ids.customer?.erpId),
    });
    expect(rma?.body.lines).toMatchObject([
      {
        TransactionCategoryCode: "RETURN",
        ReturnReasonCode: "DAMAGED_IN_TRANSIT",
        ReferenceSourceTransactionLineId: "518995019",
        OrderedQuantity: 1,
        ReceivedQuantity: 1,
        StatusCode: "RECEIVED",
      },
    ]);
    const [receipt] = await podRecords("receivingReceiptRequests");
    expect(receipt?.body.lines).toMatchObject([
      {
        SourceDocumentCode: "RMA",
        DocumentNumber: rma?.body.OrderNumber,
        Subinventory: "Stores",
        Quantity: 1,
      },
    ]);
  });

  it("credits and pays back exactly the refund, in minor units turned decimal only at the wire", async () => {
    await pushEverything(adapter);
    const [memo] = await podRecords("receivablesCreditMemos");
    expect(memo?.body).toMatchObject({
      EnteredAmount: -215.94,
      InvoiceCurrencyCode: "USD",
      TransactionSource: "Manual",
    });
    expect(memo?.body.receivablesCreditMemoLines).toMatchObject([
      { Description: "1 x IPOD2008RED", ItemNumber: "IPOD2008RED", Quantity: -1, UnitSellingPrice: 199 },
      { Description: "Tax", Quantity: -1, UnitSellingPrice: 11.94 },
      { Description: "Adjustment", Quantity: -1, UnitSellingPrice: 5 },
    ]);
    expect(String(memo?.body.TransactionNumber).length).toBeLessThanOrEqual(20);
    const [request] = await podRecords("invoices");
    expect(request?.body).toMatchObject({
      InvoiceType: "Payment Request",
      InvoiceAmount: 215.94,
      Party: "Bob Norman",
    });
    const [receipt] = await podRecords("standardReceipts");
    expect(receipt?.body).toMatchObject({ Amount: 622.22, Currency: "USD", ReceiptMethod: "bogus" });
    expect(String(receipt?.body.ReceiptNumber).length).toBeLessThanOrEqual(30);
  });

  it("imports the journal through GlInterface.csv with the mapped accounts, and stages the adjustment", async () => {
    await pushEverything(adapter);
    const [batch] = await podRecords("journalBatches");
    expect(batch?.body).toMatchObject({
      JournalSource: "Mesh",
      AccountingDate: "2026-11-25",
      CurrencyCode: "USD",
    });
    expect(batch?.body.lines).toEqual([
      expect.objectContaining({
        AccountCombination: "101-10-6110-000",
        EnteredDebitAmount: 12.34,
        EnteredCreditAmount: null,
      }),
      expect.objectContaining({ AccountCombination: "101-10-6120-000", EnteredDebitAmount: 0.66 }),
      expect.objectContaining({ AccountCombination: "101-10-1150-000", EnteredCreditAmount: 13 }),
    ]);
    const [staged] = await podRecords("inventoryStagedTransactions");
    expect(staged?.body).toMatchObject({
      OrganizationCode: "M1",
      ItemNumber: "IPOD2008RED",
      TransactionTypeName: "Miscellaneous Receipt",
      TransactionQuantity: 10,
      AccountCombination: "101-10-5110-000",
    });
  });

  it("references items and organizations by their mappings when they exist", async () => {
    const mapped = oracleAdapter(
      oracleConnection({
        item: { IPOD2008RED: "AS54888" },
        location: { "loc-east": { warehouse: "V1", subsidiary: null } },
      }),
    );
    await pushOk(mapped, adjustmentDoc());
    const [staged] = await podRecords("inventoryStagedTransactions");
    expect(staged?.body).toMatchObject({ ItemNumber: "AS54888", OrganizationCode: "V1" });
    expect(staged?.body).not.toHaveProperty("AccountCombination");
  });
});
