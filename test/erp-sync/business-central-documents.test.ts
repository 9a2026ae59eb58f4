import { beforeEach, describe, expect, it } from "vitest";
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
import { bcAdapter, claimFor, documentLines, records, resetTenant } from "./business-central-harness";

/** Every document kind, written through the adapter into the sandbox tenant and read back there. */
beforeEach(resetTenant);

function id(result: PushResult): string {
  if (!result.ok) throw new Error(`push failed: ${result.message}`);
  return result.erpId;
}

async function pushOrder(o = order()) {
  const customer = id(await bcAdapter().push(claimFor(customerDoc())));
  const orderId = id(await bcAdapter().push(claimFor(salesOrderDoc(o), { refs: { customer } })));
  return { customer, orderId };
}

describe("Business Central documents", () => {
  it("matches a customer by email, and creates one when BC has none", async () => {
    const first = await bcAdapter().push(claimFor(customerDoc()));
    const again = await bcAdapter().push(claimFor(customerDoc()));
    expect(id(again)).toBe(id(first));
    const customers = await records("customers");
    expect(customers.filter((c) => c.key === "bob.norman@mail.example.com")).toHaveLength(1);
    const anonymous = await bcAdapter().push(claimFor(customerDoc(null)));
    const created = (await records("customers")).find((c) => c.id === id(anonymous));
    expect(created?.body.number).toMatch(/^CUS-[0-9A-F]{16}$/); // Code[20]: the compacted natural key
  });

  it("writes a sales order as a deep insert keyed by its external document number", async () => {
    const { orderId, customer } = await pushOrder();
    const [so] = await records("salesOrders");
    expect(so?.id).toBe(orderId);
    expect(so?.body.customerId).toBe(customer);
    expect(String(so?.body.externalDocumentNumber).length).toBeLessThanOrEqual(35);
    const lines = await documentLines("salesOrderLines");
    expect(
      lines.map((l) => [l.body.lineObjectNumber, l.body.quantity, l.body.unitPrice, l.body.discountAmount]),
    ).toEqual([
      ["IPOD2008GREEN", 1, 199, 10],
      ["IPOD2008RED", 2, 199, 0],
    ]);
    expect(so?.body.totalAmountExcludingTax).toBe(587);
  });

  it("looks up and writes keys with quotes in them, OData-escaped", async () => {
    const quoted = order({ storeId: "s1", externalId: "O'Brien" }); // short enough to keep the key readable
    const { customer } = await pushOrder();
    const first = id(await bcAdapter().push(claimFor(salesOrderDoc(quoted), { refs: { customer } })));
    expect(id(await bcAdapter().push(claimFor(salesOrderDoc(quoted), { refs: { customer } })))).toBe(first);
    const keys = (await records("salesOrders")).map((o) => o.key);
    expect(keys).toHaveLength(2);
    expect(keys.some((k) => k?.includes("O'BRIEN"))).toBe(true);
  });

  it("cancels part of a line by lowering its quantity, and a whole order by deleting it", async () => {
    const o = order();
    const { customer } = await pushOrder(o);
    const partial = order({ lines: o.lines.map((l, i) => (i === 1 ? { ...l, cancelledQuantity: 1 } : l)) });
    id(await bcAdapter().push(claimFor(salesOrderDoc(partial), { refs: { customer } })));
    expect((await documentLines("salesOrderLines")).map((l) => l.body.quantity)).toEqual([1, 1]);
    const cancelled = order({ status: "cancelled", cancelledAt: "2026-11-21T00:00:00Z" });
    id(await bcAdapter().push(claimFor(salesOrderDoc(cancelled), { refs: { customer } })));
    expect(await records("salesOrders")).toHaveLength(0);
  });

  it("updates the header and the lines that changed, with If-Match, in one snapshot $batch", async () => {
    const { customer } = await pushOrder();
    const before = await documentLines("salesOrderLines");
    const changed = order({
      customer: {
        ...order().customer,
        email: "bob@new.example",
        externalId: "207119551",
        phone: null,
        firstName: "Bob",
        lastName: "Norman",
      },
      lines: order().lines.map((l, i) => (i === 1 ? { ...l, quantity: 3 } : l)),
    });
    const result = await bcAdapter().push(claimFor(salesOrderDoc(changed), { refs: { customer } }));
    expect(result.ok).toBe(true);
    expect((await records("salesOrders"))[0]?.body.email).toBe("bob@new.example");
    const after = await documentLines("salesOrderLines");
    expect(after.map((l) => l.body.quantity)).toEqual([1, 3]);
    expect(after.map((l) => l.writeCount)).toEqual([before[0]?.writeCount, (before[1]?.writeCount ?? 0) + 1]);
  });

  it("books one payment per tender with BC's negative amount", async () => {
    const { customer, orderId } = await pushOrder();
    const result = await bcAdapter().push(
      claimFor(paymentDoc(), { refs: { customer, sales_order: orderId } }),
    );
    expect(result.ok).toBe(true);
    const [payment] = await records("customerPayments");
    expect(payment?.body.amount).toBe(-622.22);
    expect(payment?.body.customerId).toBe(customer);
  });

  it("ships part of an order through shipAndInvoice, then the rest, and reads the status back", async () => {
    const { orderId } = await pushOrder();
    const first = fulfillment([{ externalLineId: "518995019", sku: "IPOD2008RED", quantity: 1 }], "f-1");
    const shipped = await bcAdapter().push(
      claimFor(fulfillmentDoc(first), { refs: { sales_order: orderId } }),
    );
    expect(shipped.ok && shipped.erpNumber).toBe("102001");
    const [status] = await readStatus(orderId);
    expect(status?.status).toBe("partially_fulfilled");
    expect(status?.shipped).toEqual([{ sku: "IPOD2008RED", quantity: 1 }]);
    const so = (await records("salesOrders"))[0];
    expect(so?.body.externalDocumentNumber).not.toBe((await records("salesShipments"))[0]?.key);

    const rest = fulfillment(
      [
        { externalLineId: "466157049", sku: "IPOD2008GREEN", quantity: 1 },
        { externalLineId: "518995019", sku: "IPOD2008RED", quantity: 1 },
      ],
      "f-2",
    );
    expect(
      (await bcAdapter().push(claimFor(fulfillmentDoc(rest), { refs: { sales_order: orderId } }))).ok,
    ).toBe(true);
    expect(await records("salesOrders")).toHaveLength(0); // BC deletes a fully shipped and invoiced order
    const [closed] = await readStatus(orderId);
    expect(closed).toMatchObject({ status: "closed" });
    expect(closed?.shipped).toEqual([
      { sku: "IPOD2008RED", quantity: 2 },
      { sku: "IPOD2008GREEN", quantity: 1 },
    ]);
    const onHand = await bcAdapter().readOnHand({ skus: ["IPOD2008GREEN", "IPOD2008RED"] });
    expect(onHand.ok && onHand.value.map((l) => [l.sku, l.onHand])).toEqual([
      ["IPOD2008GREEN", 9],
      ["IPOD2008RED", 8],
    ]);
  });

  it("authorizes a return as a draft credit memo, receives into it, then credits, posts and refunds", async () => {
    const { customer, orderId } = await pushOrder();
    const refs = { sales_order: orderId };
    const ra = id(
      await bcAdapter().push(
        claimFor({ kind: "return_authorization", order: order(), return: returnOf() }, { refs }),
      ),
    );
    expect((await records("salesCreditMemos"))[0]?.body).toMatchObject({
      status: "Draft",
      customerId: customer,
    });
    id(
      await bcAdapter().push(
        claimFor(
          { kind: "item_receipt", order: order(), return: returnOf(1) },
          { refs: { return_authorization: ra } },
        ),
      ),
    );
    expect((await documentLines("salesCreditMemoLines")).map((l) => l.body.quantity)).toEqual([1]);

    const memo = await bcAdapter().push(
      claimFor(
        { kind: "credit_memo", order: order(), refund: refundOf(), return: returnOf(1) },
        { refs: { return_authorization: ra } },
      ),
    );
    expect(id(memo)).toBe(ra);
    const [posted] = await records("salesCreditMemos");
    expect(posted?.body.status).toBe("Open");
    const red = (await records("items")).find((i) => i.body.number === "IPOD2008RED");
    expect(red?.body.inventory).toBe(11);

    const refund = refundOf();
    const transaction = refund.transactions[0];
    if (!transaction) throw new Error("refund has no transaction");
    const paid = await bcAdapter().push(
      claimFor(
        { kind: "customer_refund", order: order(), refund, transaction },
        { refs: { credit_memo: ra } },
      ),
    );
    expect(paid.ok).toBe(true);
    const entries = await records("generalLedgerEntries");
    expect(entries.map((e) => [e.body.accountNumber, e.body.debitAmount, e.body.creditAmount])).toEqual([
      ["13100", 210.94, 0],
      ["10100", 0, 210.94],
    ]);
  });

  it("posts a balanced journal entry with accounts from the gl_account mappings", async () => {
    const result = await bcAdapter().push(claimFor({ kind: "journal_entry", journal: journal() }));
    expect(result.ok).toBe(true);
    const entries = await records("generalLedgerEntries");
    expect(entries.map((e) => [e.body.accountNumber, e.body.debitAmount, e.body.creditAmount])).toEqual([
      ["61100", 12.34, 0],
      ["20600", 0, 12.34],
    ]);
    expect(await records("journalLines")).toHaveLength(0);
  });

  it("adjusts inventory through the custom item journal API, both ways", async () => {
    expect(
      (await bcAdapter().push(claimFor({ kind: "inventory_adjustment", adjustment: adjustment(3) }))).ok,
    ).toBe(true);
    expect(
      (
        await bcAdapter().push(
          claimFor({ kind: "inventory_adjustment", adjustment: adjustment(-5, "adj-2") }),
        )
      ).ok,
    ).toBe(true);
    const onHand = await bcAdapter().readOnHand({ skus: ["IPOD2008GREEN"] });
    expect(onHand).toEqual({
      ok: true,
      value: [{ sku: "IPOD2008GREEN", locationId: null, erpLocation: "", onHand: 8 }],
    });
    const entries = await records("itemLedgerEntries");
    expect(entries.map((e) => [e.body.entryType, e.body.quantity])).toEqual([
      ["Positive Adjmt.", 3],
      ["Negative Adjmt.", -5],
    ]);
  });
});

async function readStatus(erpId: string) {
  const result = await bcAdapter().readOrderStatus([{ docKey: "sales_order:x", erpId }]);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}
