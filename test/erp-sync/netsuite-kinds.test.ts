import { beforeEach, describe, expect, it } from "vitest";
import { everyDocument, testOrder, testRefund } from "../support/netsuite-documents";
import { FLOW_MAPPINGS, OutboxFlow } from "./netsuite-flow";
import {
  netsuiteAdapter,
  resetSandbox,
  type SandboxRecord,
  sandboxRecords,
  tbaConnection,
} from "./sandbox-netsuite";

function only(records: SandboxRecord[], type: string): SandboxRecord {
  const found = records.filter((r) => r.recordType === type);
  expect(found, type).toHaveLength(1);
  const [record] = found;
  if (!record) throw new Error(`no ${type}`);
  return record;
}

describe("NetSuite adapter: every document kind against the sandbox", () => {
  beforeEach(async () => {
    await resetSandbox();
  });

  it("writes an order's whole life, each record linked to the one it follows", async () => {
    const flow = new OutboxFlow(netsuiteAdapter(tbaConnection(FLOW_MAPPINGS)));
    const ids = await flow.pushAll(everyDocument(testOrder()));
    expect(new Set(ids).size).toBe(10);
    const records = await sandboxRecords();
    expect(records.map((r) => r.recordType).sort()).toEqual(
      [
        "creditMemo",
        "customer",
        "customerDeposit",
        "customerRefund",
        "inventoryAdjustment",
        "itemFulfillment",
        "itemReceipt",
        "journalEntry",
        "returnAuthorization",
        "salesOrder",
      ].sort(),
    );
    const [customerId, soId, depositId, ifId, raId, irId, cmId] = ids;
    const customer = only(records, "customer");
    expect(customer.body).toMatchObject({
      isPerson: true,
      email: "bob.norman@mail.example.com",
      firstName: "Bob",
    });
    const so = only(records, "salesOrder");
    expect(so.body.entity).toEqual({ id: customerId });
    expect(only(records, "customerDeposit").body).toMatchObject({
      salesOrder: { id: soId },
      payment: 622.22,
    });
    const fulfillment = only(records, "itemFulfillment");
    expect(fulfillment.id).toBe(ifId);
    expect(fulfillment.body).toMatchObject({
      createdFrom: { id: soId },
      item: {
        items: [
          expect.objectContaining({
            orderLine: 2,
            quantity: 1,
            itemReceive: true,
            location: { externalId: "loc-main" },
          }),
        ],
      },
      package: {
        items: [
          { packageTrackingNumber: "1Z999AA10123456784", packageDescr: "UPS Ground" },
          { packageTrackingNumber: "1Z999AA10123456785", packageDescr: "UPS Ground" },
        ],
      },
    });
    expect(only(records, "returnAuthorization").body).toMatchObject({ createdFrom: { id: soId } });
    expect(only(records, "itemReceipt").body).toMatchObject({ createdFrom: { id: raId } });
    expect(irId).toBeDefined();
    expect(only(records, "creditMemo").body).toMatchObject({ createdFrom: { id: raId } });
    expect(only(records, "customerRefund").body).toMatchObject({
      customer: { id: customerId },
      apply: { items: [{ doc: { id: cmId }, apply: true, amount: 50 }] },
    });
    expect(depositId).toBeDefined();
    expect(only(records, "journalEntry").body).toMatchObject({
      line: {
        items: [
          { account: { id: "601" }, debit: 12.34, memo: "referral fees" },
          { account: { id: "602" }, debit: 0.66 },
          { account: { id: "120" }, credit: 13 },
        ],
      },
    });
    expect(only(records, "inventoryAdjustment").body).toMatchObject({
      account: { id: "500" },
      inventory: {
        items: [
          { item: { externalId: "IPOD2008RED" }, location: { externalId: "loc-main" }, adjustQtyBy: 25 },
        ],
      },
    });
    // The correlation id is on every record that has a memo (a customer has comments instead).
    for (const record of records) {
      const trace = record.recordType === "customer" ? record.body.comments : record.body.memo;
      expect(String(trace), record.recordType).toMatch(/^mesh corr\d{28}/);
    }
  });

  it("keeps split tenders apart: one deposit per tender, one refund per refund transaction", async () => {
    const usd = (amount: number) => ({ amount, currency: "USD" });
    const order = testOrder({
      payments: [
        {
          externalId: "P1",
          gateway: "gift_card",
          kind: "sale",
          status: "success",
          amount: usd(10000),
          method: null,
        },
        {
          externalId: "P2",
          gateway: "shopify_payments",
          kind: "sale",
          status: "success",
          amount: usd(52222),
          method: "visa",
        },
      ],
    });
    // A refund without a return: a standalone credit memo, shipping and goodwill as their own lines.
    const refund = testRefund(order, {
      returnExternalId: null,
      shipping: usd(500),
      adjustment: usd(300),
      total: usd(21894),
      transactions: [
        { externalId: "T1", gateway: "gift_card", method: null, amount: usd(10000) },
        { externalId: "T2", gateway: "shopify_payments", method: "visa", amount: usd(11894) },
      ],
    });
    const [p1, p2] = order.payments;
    const [t1, t2] = refund.transactions;
    if (!p1 || !p2 || !t1 || !t2) throw new Error("fixtures");
    const mappings = { ...FLOW_MAPPINGS, paymentMethod: { shopify_payments: "8" } };
    const flow = new OutboxFlow(netsuiteAdapter(tbaConnection(mappings)));
    const [soId, d1, d2, cmId] = await flow.pushAll([
      { kind: "sales_order", order },
      { kind: "customer_payment", order, payment: p1, tenderIndex: 0 },
      { kind: "customer_payment", order, payment: p2, tenderIndex: 1 },
      { kind: "credit_memo", order, refund, return: null },
      { kind: "customer_refund", order, refund, transaction: t1 },
      { kind: "customer_refund", order, refund, transaction: t2 },
    ]);
    expect(d1).not.toBe(d2);
    const deposits = await sandboxRecords("customerDeposit");
    expect(deposits.map((d) => [d.body.payment, d.body.paymentMethod])).toEqual([
      [100, { externalId: "gift_card" }],
      [522.22, { id: "8" }],
    ]);
    expect(deposits.every((d) => JSON.stringify(d.body.salesOrder) === JSON.stringify({ id: soId }))).toBe(
      true,
    );
    const [memo] = await sandboxRecords("creditMemo");
    // Booked to the sales order's customer, as NetSuite holds it (the deposits read it the same way).
    if (!memo) throw new Error("no credit memo");
    expect(memo.body.entity).toEqual(deposits[0]?.body.customer);
    const lines = (memo.body.item as { items: Array<Record<string, unknown>> }).items;
    expect(lines.map((l) => [l.item, l.quantity ?? null, l.amount])).toEqual([
      [{ externalId: "IPOD2008RED" }, 1, 199],
      [{ externalId: "mesh-shipping-refund" }, null, 5],
      [{ externalId: "mesh-refund-adjustment" }, null, 3],
    ]);
    const refunds = await sandboxRecords("customerRefund");
    expect(refunds.map((r) => r.body.apply)).toEqual([
      { items: [{ doc: { id: cmId }, apply: true, amount: 100 }] },
      { items: [{ doc: { id: cmId }, apply: true, amount: 118.94 }] },
    ]);
  });
});
