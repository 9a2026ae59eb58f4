import { beforeEach, describe, expect, it } from "vitest";
import type { ErpDocument } from "../../shared/erp";
import type { OutboxClaim } from "../../shared/internal-api";
import type { PushResult } from "../../workers/erp-sync/src/adapters/erp-adapter";
import {
  adjustment,
  customerDoc,
  fulfillment,
  fulfillmentDoc,
  journal,
  order,
  paymentDoc,
  refundOf,
  returnOf,
  salesOrderDoc,
} from "./business-central-documents";
import {
  type BcRecord,
  bcAdapter,
  bcApi,
  claimFor,
  documentLines,
  records,
  resetTenant,
} from "./business-central-harness";

/**
 * The claim's correlation id in Business Central: a Comment line `mesh <id>` on sales orders and
 * credit memos (API v2.0 sales headers have no free-text field), the start of the description on
 * journal lines (which posting copies to the ledger entries). Never a key: a second push under
 * another correlation id finds the record the first one wrote.
 */
beforeEach(resetTenant);

// Correlation ids as the mesh makes them: a W3C trace id, 32 lower-case hex digits.
const A = "4bf92f3577b34da6a3ce929d0e0e4736";
const B = "0af7651916cd43dd8448eb211c80319c";
const C = "d3b07384d113edec49eaa6238ad5ff00";
const D = "c157a79031e1c40f85931829bc5fc552";

function id(result: PushResult): string {
  if (!result.ok) throw new Error(`push failed: ${result.errorClass} ${result.message}`);
  return result.erpId;
}

const push = (document: ErpDocument, correlationId: string, overrides: Partial<OutboxClaim> = {}) =>
  bcAdapter().push(claimFor(document, { correlationId, ...overrides }));

const comments = async (set: "salesOrderLines" | "salesCreditMemoLines") =>
  (await records(set)).filter((r) => r.body.lineType === "Comment");
const descriptions = (rows: BcRecord[]) => rows.map((r) => r.body.description);

async function pushOrder(correlationId = A) {
  const customer = id(await push(customerDoc(), "customer-trace"));
  const orderId = id(await push(salesOrderDoc(), correlationId, { refs: { customer } }));
  return { customer, orderId };
}

type Line = Record<string, unknown> & { id: string; sequence: number };

async function orderAsRendered(orderId: string): Promise<Line[]> {
  const res = await bcApi("GET", `salesOrders(${orderId})?$expand=salesOrderLines`);
  expect(res.status).toBe(200);
  const json: { salesOrderLines: Line[] } = await res.json();
  return [...json.salesOrderLines].sort((a, b) => a.sequence - b.sequence);
}

describe("Business Central: the correlation id on sales orders", () => {
  it("writes it as the order's first line, a Comment line, in the deep insert, and GET renders it", async () => {
    const { orderId } = await pushOrder(A);
    const lines = await orderAsRendered(orderId);
    expect(lines[0]).toMatchObject({
      lineType: "Comment",
      description: `mesh ${A}`,
      lineObjectNumber: "",
      quantity: 0,
      unitPrice: 0,
      netAmount: 0,
    });
    expect(lines.slice(1).map((l) => [l.lineType, l.lineObjectNumber, l.quantity])).toEqual([
      ["Item", "IPOD2008GREEN", 1],
      ["Item", "IPOD2008RED", 2],
    ]);
    // The trace line adds nothing to the order's amounts.
    expect((await records("salesOrders"))[0]?.body.totalAmountExcludingTax).toBe(587);
  });

  it("restamps that one line when an update or a replay comes under another correlation id, and writes no second order", async () => {
    const { customer, orderId } = await pushOrder(A);
    const changed = order({ lines: order().lines.map((l, i) => (i === 1 ? { ...l, quantity: 3 } : l)) });
    expect(id(await push(salesOrderDoc(changed), B, { refs: { customer }, erpId: orderId }))).toBe(orderId);
    expect(await records("salesOrders")).toHaveLength(1);
    expect(descriptions(await comments("salesOrderLines"))).toEqual([`mesh ${B}`]);
    expect((await documentLines("salesOrderLines")).map((l) => l.body.quantity)).toEqual([1, 3]);

    // The same version again under its own id: nothing to write.
    const before = (await records("salesOrderLines")).map((l) => l.writeCount);
    expect(id(await push(salesOrderDoc(changed), B, { refs: { customer }, erpId: orderId }))).toBe(orderId);
    expect((await records("salesOrderLines")).map((l) => l.writeCount)).toEqual(before);

    // The first claim replayed (no ERP id, its own correlation id): found by external document number.
    expect(id(await push(salesOrderDoc(changed), A, { refs: { customer } }))).toBe(orderId);
    expect(await records("salesOrders")).toHaveLength(1);
    expect(descriptions(await comments("salesOrderLines"))).toEqual([`mesh ${A}`]);
    expect(await documentLines("salesOrderLines")).toHaveLength(2);
  });

  it("keeps exactly one trace line: adds a missing one, deletes a second, leaves a person's comment alone", async () => {
    const { customer, orderId } = await pushOrder(A);
    const trace = (await orderAsRendered(orderId))[0];
    expect((await bcApi("DELETE", `salesOrderLines(${trace?.id})`, { ifMatch: "*" })).status).toBe(204);
    const note = { lineType: "Comment", description: "Call before delivery" };
    expect((await bcApi("POST", `salesOrders(${orderId})/salesOrderLines`, { body: note })).status).toBe(201);

    id(await push(salesOrderDoc(), B, { refs: { customer }, erpId: orderId }));
    expect(descriptions(await comments("salesOrderLines"))).toEqual(["Call before delivery", `mesh ${B}`]);

    const duplicate = { lineType: "Comment", description: `mesh ${C}` };
    await bcApi("POST", `salesOrders(${orderId})/salesOrderLines`, { body: duplicate });
    id(await push(salesOrderDoc(), B, { refs: { customer }, erpId: orderId }));
    expect(descriptions(await comments("salesOrderLines"))).toEqual(["Call before delivery", `mesh ${B}`]);
    expect((await documentLines("salesOrderLines")).map((l) => l.body.quantity)).toEqual([1, 2]);
  });

  it("ships past the trace line: nothing is shipped or invoiced for it, and the fully shipped order is deleted", async () => {
    const { orderId } = await pushOrder(A);
    const all = fulfillment([
      { externalLineId: "466157049", sku: "IPOD2008GREEN", quantity: 1 },
      { externalLineId: "518995019", sku: "IPOD2008RED", quantity: 2 },
    ]);
    id(await push(fulfillmentDoc(all), B, { refs: { sales_order: orderId } }));
    expect(await records("salesOrders")).toHaveLength(0);
    const shipped = await records("salesShipmentLines");
    expect(shipped.map((l) => [l.body.lineType, l.body.quantity])).toEqual([
      ["Item", 1],
      ["Item", 2],
    ]);
    expect((await records("salesInvoices"))[0]?.body.totalAmountExcludingTax).toBe(587);
    expect((await records("itemLedgerEntries")).map((e) => e.body.quantity)).toEqual([-1, -2]);
  });
});

describe("Business Central: the correlation id on credit memos", () => {
  it("stamps the return's draft, keeps it through the receipt, and restamps it with the credit memo's id on posting", async () => {
    const { orderId } = await pushOrder();
    const ra = id(
      await push({ kind: "return_authorization", order: order(), return: returnOf() }, A, {
        refs: { sales_order: orderId },
      }),
    );
    expect(descriptions(await comments("salesCreditMemoLines"))).toEqual([`mesh ${A}`]);

    id(
      await push({ kind: "item_receipt", order: order(), return: returnOf(1) }, B, {
        refs: { return_authorization: ra },
      }),
    );
    expect(descriptions(await comments("salesCreditMemoLines"))).toEqual([`mesh ${A}`]);
    expect((await documentLines("salesCreditMemoLines")).map((l) => l.body.quantity)).toEqual([1]);

    const credit = { kind: "credit_memo", order: order(), refund: refundOf(), return: returnOf(1) } as const;
    expect(id(await push(credit, C, { refs: { return_authorization: ra } }))).toBe(ra);
    const [memo] = await records("salesCreditMemos");
    expect(memo?.body.status).toBe("Open");
    expect(descriptions(await comments("salesCreditMemoLines"))).toEqual([`mesh ${C}`]);
    expect((await documentLines("salesCreditMemoLines")).map((l) => l.body.quantity)).toEqual([1]);
    const red = (await records("items")).find((i) => i.body.number === "IPOD2008RED");
    expect(red?.body.inventory).toBe(11); // 10 - 0 shipped + 1 credited: the comment line moved nothing

    // Replayed under yet another id: the posted memo is the answer, unchanged.
    expect(id(await push(credit, D, { refs: { return_authorization: ra } }))).toBe(ra);
    expect(await records("salesCreditMemos")).toHaveLength(1);
    expect(descriptions(await comments("salesCreditMemoLines"))).toEqual([`mesh ${C}`]);
  });

  it("stamps a standalone credit memo, and a replay under another id finds the posted memo", async () => {
    const { customer } = await pushOrder();
    const credit = { kind: "credit_memo", order: order(), refund: refundOf(null), return: null } as const;
    const memo = id(await push(credit, A, { refs: { customer } }));
    expect((await records("salesCreditMemos"))[0]?.body.status).toBe("Open");
    expect(id(await push(credit, B, { refs: { customer } }))).toBe(memo);
    expect(await records("salesCreditMemos")).toHaveLength(1);
    expect(descriptions(await comments("salesCreditMemoLines"))).toEqual([`mesh ${A}`]);
  });
});

describe("Business Central: the correlation id on journal lines and ledger entries", () => {
  it("starts a customer payment's description, and a replay under another id leaves the one line", async () => {
    const { customer, orderId } = await pushOrder();
    const refs = { customer, sales_order: orderId };
    const first = id(await push(paymentDoc(), A, { refs }));
    expect(id(await push(paymentDoc(), B, { refs }))).toBe(first);
    const payments = await records("customerPayments");
    expect(payments).toHaveLength(1);
    expect(payments[0]?.body.description).toMatch(new RegExp(`^mesh ${A} \\| shopify `));
    expect(payments[0]?.body.comment).not.toContain("mesh"); // the comment keeps the payment method
  });

  it("carries a journal entry's id into its G/L entries, within Text[100], and a replay posts nothing more", async () => {
    const long = { ...journal(), lines: journal().lines.map((l) => ({ ...l, memo: "x".repeat(200) })) };
    const docNo = id(await push({ kind: "journal_entry", journal: long }, A));
    expect(id(await push({ kind: "journal_entry", journal: long }, B))).toBe(docNo);
    const res = await bcApi("GET", `generalLedgerEntries?$filter=documentNumber eq '${docNo}'`);
    const entries: { value: { description: string }[] } = await res.json();
    expect(entries.value).toHaveLength(2);
    for (const entry of entries.value) {
      expect(entry.description.startsWith(`mesh ${A} | xxx`)).toBe(true);
      expect(entry.description).toHaveLength(100);
    }
  });

  it("carries a customer refund's id into both of its G/L entries", async () => {
    const { customer } = await pushOrder();
    const refund = refundOf(null);
    const transaction = refund.transactions[0];
    if (!transaction) throw new Error("refund fixture has no transaction");
    const memo = id(
      await push({ kind: "credit_memo", order: order(), refund, return: null }, A, { refs: { customer } }),
    );
    const refundDoc = { kind: "customer_refund", order: order(), refund, transaction } as const;
    const docNo = id(await push(refundDoc, B, { refs: { credit_memo: memo } }));
    expect(id(await push(refundDoc, C, { refs: { credit_memo: memo } }))).toBe(docNo);
    const entries = (await records("generalLedgerEntries")).filter((e) => e.body.documentNumber === docNo);
    expect(entries.map((e) => e.body.description)).toEqual([
      `mesh ${B} | Refund 104001 shopify_payments`,
      `mesh ${B} | Refund 104001 shopify_payments`,
    ]);
  });

  it("carries an inventory adjustment's id into its item ledger entry", async () => {
    const docNo = id(await push({ kind: "inventory_adjustment", adjustment: adjustment(3) }, A));
    expect(id(await push({ kind: "inventory_adjustment", adjustment: adjustment(3) }, B))).toBe(docNo);
    const entries = await records("itemLedgerEntries");
    expect(entries.map((e) => [e.body.documentNumber, e.body.description])).toEqual([
      [docNo, `mesh ${A} | cycle count`],
    ]);
  });
});
