import { beforeEach, describe, expect, it } from "vitest";
import type { ErpDocument, ErpRefs } from "../../shared/erp";
import type { OutboxClaim } from "../../shared/internal-api";
import { sandboxFetch } from "./sandbox-env";
import { type ChainIds, erpIdOf, pushChain } from "./sap-chain";
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
import { claimFor, resetSap, type SapRecord, sapAdapter, sapRecords, sapRequests } from "./sap-sandbox";

/**
 * The claim's correlation id stamped where S/4HANA has room for it, so a finance user can go from an
 * SAP document to `GET /v1/traces/{correlationId}`: the pushed document carries `mesh <id>` after one
 * push, and a second push of the same document under another correlation id (a retry or a replay)
 * still leaves one document, with the first stamp and no second text or line.
 */
const FIRST = "4bf92f3577b34da6a3ce929d0e0e4736";
const SECOND = "0af7651916cd43dd8448eb211c80319c";

function claimWith(document: ErpDocument, refs: ErpRefs, correlationId: string): OutboxClaim {
  return { ...claimFor(document, refs), correlationId };
}

/** Pushes the document under FIRST, then as a new claim under SECOND; returns its SAP records. */
async function pushTwice(
  document: () => ErpDocument,
  refs: ErpRefs,
  recordType: string,
): Promise<{ erpId: string; added: SapRecord[] }> {
  const before = new Set((await sapRecords(recordType)).map((r) => r.id));
  const erpId = erpIdOf(await sapAdapter().push(claimWith(document(), refs, FIRST)));
  const afterFirst = await sapRecords(recordType);
  expect(erpIdOf(await sapAdapter().push(claimWith(document(), refs, SECOND)))).toBe(erpId);
  const added = (await sapRecords(recordType)).filter((r) => !before.has(r.id));
  expect(added).toHaveLength(1);
  expect(added).toEqual(afterFirst.filter((r) => !before.has(r.id)));
  return { erpId, added };
}

const sdText = (context: string) => [
  { Language: "EN", LongTextID: "0001", LongText: `mesh ${FIRST} | ${context}` },
];

function itemTexts(record: SapRecord | undefined, field: string): string[] {
  return (record?.body.items ?? []).map((i) => String(i[field]));
}

describe("SAP adapter: the correlation id in SAP's text fields", () => {
  let ids: Partial<ChainIds>;

  beforeEach(async () => {
    await resetSap();
    ids = await pushChain(sapAdapter(), "credit_memo");
  });

  it("customer: a customer text (A_CustomerText, TX01) of the business partner it creates", async () => {
    await resetSap();
    const { erpId, added } = await pushTwice(
      () => customerDoc("ann@mail.example.com"),
      {},
      "A_BusinessPartner",
    );
    expect(added[0]?.id).toBe(erpId);
    expect(added[0]?.body.texts).toEqual([
      { Language: "EN", LongTextID: "TX01", LongText: `mesh ${FIRST} | shopify store sto_test` },
    ]);
  });

  it("sales order, customer return and credit memo request: a header text (to_Text, 0001)", async () => {
    await resetSap();
    const customer = erpIdOf(await sapAdapter().push(claimFor(customerDoc())));
    const order = await pushTwice(orderDoc, { customer }, "A_SalesOrder");
    expect(order.added[0]?.body.texts).toEqual(sdText("shopify order #1001"));

    const returned = await pushTwice(returnDoc, { sales_order: order.erpId }, "A_CustomerReturn");
    expect(returned.added[0]?.body.texts).toEqual(sdText("shopify return RMA-1"));

    const credit = await pushTwice(
      creditMemoDoc,
      { return_authorization: returned.erpId },
      "A_CreditMemoRequest",
    );
    expect(credit.added[0]?.body.texts).toEqual(
      sdText(`shopify refund ${creditMemoDoc().refund.externalId}`),
    );
  });

  it("fulfillment: a delivery header text (to_DeliveryDocumentText, 0001) written before goods issue", async () => {
    const { added } = await pushTwice(
      fulfillmentDoc,
      { sales_order: ids.sales_order },
      "A_OutbDeliveryHeader",
    );
    expect(added[0]?.body).toMatchObject({ OverallGoodsMovementStatus: "C" });
    expect(added[0]?.body.texts).toEqual([
      {
        TextElement: "0001",
        Language: "EN",
        TextElementText: `mesh ${FIRST} | shopify fulfillment 255858046`,
      },
    ]);
    const texts = (await sapRequests()).filter((r) => r.path.includes("/to_DeliveryDocumentText"));
    expect(texts.map((r) => r.status)).toEqual([201]);
  });

  it("fulfillment: a header text whose answer is lost is not written twice", async () => {
    let dropped = false;
    const losing = async (request: Request) => {
      const response = await sandboxFetch(request);
      if (
        !dropped &&
        request.method === "POST" &&
        new URL(request.url).pathname.endsWith("/to_DeliveryDocumentText")
      ) {
        dropped = true;
        throw new Error("connection reset");
      }
      return response;
    };
    const refs = { sales_order: ids.sales_order };
    expect(
      await sapAdapter(undefined, { fetch: losing }).push(claimWith(fulfillmentDoc(), refs, FIRST)),
    ).toMatchObject({ ok: false, errorClass: "transient" });
    erpIdOf(await sapAdapter().push(claimWith(fulfillmentDoc(), refs, SECOND)));
    const texts = (await sapRequests()).filter((r) => r.path.includes("/to_DeliveryDocumentText"));
    expect(texts).toHaveLength(1);
    const [delivery] = await sapRecords("A_OutbDeliveryHeader");
    expect(delivery?.body).toMatchObject({ OverallGoodsMovementStatus: "C" });
    expect(delivery?.body.texts).toEqual([
      expect.objectContaining({ TextElementText: expect.stringContaining(FIRST) }),
    ]);
  });

  it("item receipt and inventory adjustment: every material document item's text (50 characters)", async () => {
    const receipt = await pushTwice(
      receiptDoc,
      { return_authorization: ids.return_authorization },
      "A_MaterialDocumentHeader",
    );
    const adjustment = await pushTwice(() => adjustmentDoc(), {}, "A_MaterialDocumentHeader");
    for (const { added } of [receipt, adjustment]) {
      const texts = itemTexts(added[0], "MaterialDocumentItemText");
      expect(texts.length).toBeGreaterThan(0);
      for (const text of texts) {
        expect(text.startsWith(`mesh ${FIRST} | `)).toBe(true);
        expect(text.length).toBeLessThanOrEqual(50);
      }
    }
    expect(itemTexts(receipt.added[0], "MaterialDocumentItemText")[0]).toBe(`mesh ${FIRST} | RMA-1`);
  });

  it("payment, refund and journal entry: every journal entry line's item text (50 characters)", async () => {
    const payment = await pushTwice(paymentDoc, { sales_order: ids.sales_order }, "JournalEntry");
    const refund = await pushTwice(refundDoc, { credit_memo: ids.credit_memo }, "JournalEntry");
    const journal = await pushTwice(() => journalDoc(), {}, "JournalEntry");
    for (const { added } of [payment, refund, journal]) {
      const texts = itemTexts(added[0], "DocumentItemText");
      expect(texts.length).toBeGreaterThanOrEqual(2);
      for (const text of texts) {
        expect(text.startsWith(`mesh ${FIRST}`)).toBe(true);
        expect(text.length).toBeLessThanOrEqual(50);
      }
    }
  });
});
