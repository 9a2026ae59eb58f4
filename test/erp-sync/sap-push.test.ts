import { beforeEach, describe, expect, it } from "vitest";
import type { PushResult } from "../../workers/erp-sync/src/adapters/erp-adapter";
import {
  adjustmentDoc,
  creditMemoDoc,
  customerDoc,
  fulfillmentDoc,
  journalDoc,
  orderDoc,
  paymentDoc,
  receiptDoc,
  refundDoc,
  returnDoc,
} from "./sap-documents";
import { claimFor, resetSap, sapAdapter, sapConnection, sapMappings, sapRecords } from "./sap-sandbox";

function idOf(result: PushResult): string {
  if (!result.ok) throw new Error(`push failed: ${result.errorClass} ${result.message}`);
  return result.erpId;
}

describe("SAP adapter: every document kind lands in the sandbox once", () => {
  beforeEach(async () => {
    await resetSap();
  });

  it("writes the whole order-to-refund chain, each document as S/4HANA models it, and a second push changes nothing", async () => {
    const adapter = sapAdapter();
    const push = async (claim: ReturnType<typeof claimFor>) => {
      const first = idOf(await adapter.push(claim));
      const before = await sapRecords();
      expect(idOf(await adapter.push(claim))).toBe(first);
      expect(await sapRecords()).toEqual(before);
      return first;
    };

    const customer = await push(claimFor(customerDoc()));
    const [partner] = await sapRecords("A_BusinessPartner");
    expect(partner?.body).toMatchObject({
      BusinessPartner: customer,
      LastName: "Norman",
      BusinessPartnerIDByExtSystem: partner?.key,
    });

    const order = await push(claimFor(orderDoc(), { customer }));
    const [so] = await sapRecords("A_SalesOrder");
    expect(so?.body).toMatchObject({
      SalesOrder: order,
      SalesOrderType: "OR",
      SalesOrganization: "1710",
      SoldToParty: customer,
      TransactionCurrency: "USD",
    });
    expect(so?.key).toHaveLength(35);
    expect(so?.body.items).toEqual([
      expect.objectContaining({
        SalesOrderItem: "10",
        Material: "IPOD2008GREEN",
        RequestedQuantity: "1.000",
        NetAmount: "189.00",
      }),
      expect.objectContaining({
        SalesOrderItem: "20",
        Material: "IPOD2008RED",
        RequestedQuantity: "2.000",
        NetAmount: "398.00",
      }),
    ]);

    const payment = await push(claimFor(paymentDoc(), { sales_order: order }));
    expect(payment).toMatch(/^1710\/\d{10}\/2026$/);

    const delivery = await push(claimFor(fulfillmentDoc(), { sales_order: order }));
    const [outbound] = await sapRecords("A_OutbDeliveryHeader");
    expect(outbound?.body).toMatchObject({
      DeliveryDocument: delivery,
      OverallGoodsMovementStatus: "C",
      BillOfLading: "1Z2345",
    });
    expect(outbound?.body.items).toEqual([
      expect.objectContaining({
        ReferenceSDDocument: order,
        ReferenceSDDocumentItem: "20",
        ActualDeliveryQuantity: "1.000",
        Plant: "1710",
      }),
    ]);

    const customerReturn = await push(claimFor(returnDoc(), { sales_order: order }));
    const [ret] = await sapRecords("A_CustomerReturn");
    expect(ret?.body).toMatchObject({
      CustomerReturn: customerReturn,
      CustomerReturnType: "CBAR",
      SDDocumentReason: "001",
      SoldToParty: customer,
    });
    expect(ret?.body.items).toEqual([
      expect.objectContaining({
        ReferenceSDDocument: order,
        ReferenceSDDocumentItem: "20",
        NetAmount: "199.00",
      }),
    ]);

    const receipt = await push(claimFor(receiptDoc(), { return_authorization: customerReturn }));
    const [materialDoc] = await sapRecords("A_MaterialDocumentHeader");
    expect(receipt).toBe(`2026/${materialDoc?.id}`);
    expect(materialDoc?.body.items).toEqual([
      expect.objectContaining({
        GoodsMovementType: "651",
        Material: "IPOD2008RED",
        Plant: "1710",
        StorageLocation: "171A",
        QuantityInEntryUnit: "1.000",
      }),
    ]);

    const creditMemo = await push(claimFor(creditMemoDoc(), { return_authorization: customerReturn }));
    const [request] = await sapRecords("A_CreditMemoRequest");
    expect(request?.body).toMatchObject({
      CreditMemoRequest: creditMemo,
      ReferenceSDDocument: customerReturn,
      SoldToParty: customer,
    });
    expect(request?.body.items).toEqual([
      expect.objectContaining({ Material: "IPOD2008RED", NetAmount: "199.00" }),
      expect.objectContaining({ Material: "SHIPPING", NetAmount: "5.00" }),
    ]);

    const refund = await push(claimFor(refundDoc(), { credit_memo: creditMemo }));
    const journals = await sapRecords("JournalEntry");
    expect(journals).toHaveLength(2);
    const refundEntry = journals.find((j) => refund.includes(j.id));
    expect(refundEntry?.body).toMatchObject({
      AccountingDocumentType: "DZ",
      DocumentReferenceID: refundEntry?.key,
    });
    expect(refundEntry?.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Customer: customer,
          DebitCreditCode: "S",
          AmountInTransactionCurrency: "215.94",
        }),
        expect.objectContaining({
          GLAccount: "11001000",
          DebitCreditCode: "H",
          AmountInTransactionCurrency: "-215.94",
        }),
      ]),
    );

    const journal = await push(claimFor(journalDoc()));
    const fees = (await sapRecords("JournalEntry")).find((j) => journal.includes(j.id));
    expect(fees?.body).toMatchObject({ AccountingDocumentType: "SA", CompanyCode: "1710" });
    expect(fees?.body.items).toEqual([
      expect.objectContaining({ GLAccount: "65008000", AmountInTransactionCurrency: "12.34" }),
      expect.objectContaining({ GLAccount: "12100000", AmountInTransactionCurrency: "-12.34" }),
    ]);

    const adjustment = await push(claimFor(adjustmentDoc()));
    const adjustmentDocs = await sapRecords("A_MaterialDocumentHeader");
    expect(adjustmentDocs).toHaveLength(2);
    expect(adjustmentDocs.find((d) => adjustment.endsWith(d.id))?.body.items).toEqual([
      expect.objectContaining({ GoodsMovementType: "561", QuantityInEntryUnit: "5.000" }),
    ]);

    const counts: Record<string, number> = {};
    for (const r of await sapRecords()) counts[r.recordType] = (counts[r.recordType] ?? 0) + 1;
    expect(counts).toEqual({
      A_BusinessPartner: 1,
      A_SalesOrder: 1,
      JournalEntry: 3,
      A_OutbDeliveryHeader: 1,
      A_CustomerReturn: 1,
      A_MaterialDocumentHeader: 2,
      A_CreditMemoRequest: 1,
    });
  });

  it("books to the default customer when the channel maps one, and finds an existing partner by e-mail", async () => {
    const adapter = sapAdapter();
    const created = idOf(await adapter.push(claimFor(customerDoc("Shared@Example.com"))));
    // Another store's buyer with the same address: SAP already knows the partner, none is created.
    const other = customerDoc("shared@example.com");
    other.customer.storeId = "sto_other";
    expect(idOf(await adapter.push(claimFor(other)))).toBe(created);
    expect(await sapRecords("A_BusinessPartner")).toHaveLength(1);

    const withDefault = sapAdapter(
      sapConnection({ ...sapMappings(), defaultCustomer: { shopify: "17100001" } }),
    );
    expect(idOf(await withDefault.push(claimFor(customerDoc("new@example.com"))))).toBe("17100001");
    expect(idOf(await withDefault.push(claimFor(orderDoc())))).toBe("1");
    expect((await sapRecords("A_SalesOrder"))[0]?.body.SoldToParty).toBe("17100001");
  });
});
