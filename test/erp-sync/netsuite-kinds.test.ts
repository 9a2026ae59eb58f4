import { beforeEach, describe, expect, it } from "vitest";
import { everyDocument, testOrder } from "../support/netsuite-documents";
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
});
