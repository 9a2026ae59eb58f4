import { beforeEach, describe, expect, it } from "vitest";
import type { ErpDocument, ErpRefs } from "../../shared/erp";
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
import { claimFor, resetSap, sapAdapter, sapFault, sapRecords, sapRequests } from "./sap-sandbox";

/**
 * Exactly once, per document kind: (a) the same claim pushed twice, (b) a write SAP commits but whose
 * answer never arrives (the sandbox's commit_then_timeout; the adapter times out at 3 s) followed by
 * a retry, and (c) the claim replayed later as a new claim, all leave exactly one SAP document.
 */
interface Case {
  kind: ErpDocument["kind"];
  recordType: string;
  needs: keyof ChainIds | null;
  document: () => ErpDocument;
  refs: (ids: Partial<ChainIds>) => ErpRefs;
}

const CASES: Case[] = [
  { kind: "customer", recordType: "A_BusinessPartner", needs: null, document: customerDoc, refs: () => ({}) },
  {
    kind: "sales_order",
    recordType: "A_SalesOrder",
    needs: "customer",
    document: orderDoc,
    refs: (i) => ({ customer: i.customer }),
  },
  {
    kind: "customer_payment",
    recordType: "JournalEntry",
    needs: "sales_order",
    document: paymentDoc,
    refs: (i) => ({ sales_order: i.sales_order }),
  },
  {
    kind: "fulfillment",
    recordType: "A_OutbDeliveryHeader",
    needs: "sales_order",
    document: fulfillmentDoc,
    refs: (i) => ({ sales_order: i.sales_order }),
  },
  {
    kind: "return_authorization",
    recordType: "A_CustomerReturn",
    needs: "sales_order",
    document: returnDoc,
    refs: (i) => ({ sales_order: i.sales_order }),
  },
  {
    kind: "item_receipt",
    recordType: "A_MaterialDocumentHeader",
    needs: "return_authorization",
    document: receiptDoc,
    refs: (i) => ({ return_authorization: i.return_authorization }),
  },
  {
    kind: "credit_memo",
    recordType: "A_CreditMemoRequest",
    needs: "return_authorization",
    document: creditMemoDoc,
    refs: (i) => ({ return_authorization: i.return_authorization }),
  },
  {
    kind: "customer_refund",
    recordType: "JournalEntry",
    needs: "credit_memo",
    document: refundDoc,
    refs: (i) => ({ credit_memo: i.credit_memo }),
  },
  {
    kind: "journal_entry",
    recordType: "JournalEntry",
    needs: null,
    document: () => journalDoc(),
    refs: () => ({}),
  },
  {
    kind: "inventory_adjustment",
    recordType: "A_MaterialDocumentHeader",
    needs: null,
    document: () => adjustmentDoc(),
    refs: () => ({}),
  },
];

describe("SAP adapter: exactly once for every document kind", () => {
  beforeEach(async () => {
    await resetSap();
  });

  for (const c of CASES) {
    it(`${c.kind}: push twice, commit-then-timeout and retry, replay: one ${c.recordType}`, async () => {
      const adapter = sapAdapter();
      const ids = c.needs ? await pushChain(adapter, c.needs) : {};
      const before = (await sapRecords(c.recordType)).length;
      const refs = c.refs(ids);

      await sapFault({ mode: "commit_then_timeout", count: 1, delayMs: 8_000 });
      const lost = await adapter.push(claimFor(c.document(), refs));
      expect(lost).toMatchObject({ ok: false, errorClass: "transient", httpStatus: null });
      expect((await sapRequests()).some((r) => r.outcome.endsWith("+fault:commit_then_timeout"))).toBe(true);
      expect(await sapRecords(c.recordType)).toHaveLength(before + 1);

      const claim = claimFor(c.document(), refs);
      const erpId = erpIdOf(await adapter.push(claim));
      expect(erpIdOf(await adapter.push(claim))).toBe(erpId);
      const replayed = claimFor(c.document(), refs);
      expect(erpIdOf(await sapAdapter().push(replayed))).toBe(erpId);

      const after = await sapRecords(c.recordType);
      expect(after).toHaveLength(before + 1);
      // At most: create, the reference PATCH, the header text and goods issue (a delivery's four steps).
      expect(after.every((r) => r.writeCount <= 4)).toBe(true);
    });
  }

  it("fulfillment: a goods issue whose answer is lost is not posted twice", async () => {
    const adapter = sapAdapter();
    const { sales_order } = await pushChain(adapter, "sales_order");
    const refs = { sales_order };
    const delivery = erpIdOf(await adapter.push(claimFor(fulfillmentDoc({ status: "pending" }), refs)));
    const [pending] = await sapRecords("A_OutbDeliveryHeader");
    expect(pending?.body.OverallGoodsMovementStatus).toBe("A");

    await sapFault({ mode: "commit_then_timeout", count: 1, delayMs: 8_000 });
    expect(await adapter.push(claimFor(fulfillmentDoc(), refs))).toMatchObject({
      ok: false,
      errorClass: "transient",
    });
    expect(erpIdOf(await adapter.push(claimFor(fulfillmentDoc(), refs)))).toBe(delivery);
    const issues = (await sapRequests()).filter((r) => r.path.includes("PostGoodsIssue"));
    expect(issues.map((r) => r.outcome)).toEqual(["goods_issue+fault:commit_then_timeout"]);
  });

  it("fulfillment: a delivery SAP created but the adapter never labelled is adopted, once, by the matching fulfilment", async () => {
    const adapter = sapAdapter();
    const { sales_order } = await pushChain(adapter, "sales_order");
    const refs = { sales_order };
    // The create is committed but its answer lost, so the delivery has no DeliveryDocumentBySupplier yet.
    await sapFault({ mode: "commit_then_timeout", count: 1, delayMs: 8_000 });
    expect(await adapter.push(claimFor(fulfillmentDoc(), refs))).toMatchObject({
      ok: false,
      errorClass: "transient",
    });
    const [orphan] = await sapRecords("A_OutbDeliveryHeader");
    expect(orphan?.body.DeliveryDocumentBySupplier).toBe("");
    // A different shipment of the same order does not take it: its lines differ.
    const other = fulfillmentDoc({
      externalId: "other-shipment",
      lines: [{ externalLineId: "466157049", sku: "IPOD2008GREEN", quantity: 1 }],
    });
    const otherId = erpIdOf(await adapter.push(claimFor(other, refs)));
    expect(otherId).not.toBe(orphan?.id);
    // The retry of the first one adopts the orphan, labels it and posts its goods issue.
    expect(erpIdOf(await adapter.push(claimFor(fulfillmentDoc(), refs)))).toBe(orphan?.id);
    const deliveries = await sapRecords("A_OutbDeliveryHeader");
    expect(deliveries).toHaveLength(2);
    expect(deliveries.every((d) => d.key !== null && d.body.OverallGoodsMovementStatus === "C")).toBe(true);
  });

  it("sales order: a partial cancellation whose answer is lost reduces the quantity once", async () => {
    const adapter = sapAdapter();
    const { customer } = await pushChain(adapter, "customer");
    const order = orderDoc();
    const id = erpIdOf(await adapter.push(claimFor(order, { customer })));
    const changed = orderDoc({
      lines: order.order.lines.map((l, i) => (i === 1 ? { ...l, cancelledQuantity: 1 } : l)),
    });
    await sapFault({ mode: "commit_then_timeout", count: 1, delayMs: 8_000 });
    expect(await adapter.push(claimFor(changed, { customer }, id))).toMatchObject({
      ok: false,
      errorClass: "transient",
    });
    expect(erpIdOf(await adapter.push(claimFor(changed, { customer }, id)))).toBe(id);
    const [so] = await sapRecords("A_SalesOrder");
    expect(so?.body.items[1]).toMatchObject({ RequestedQuantity: "1.000", NetAmount: "199.00" });
    expect(so?.writeCount).toBe(2);
  });
});
