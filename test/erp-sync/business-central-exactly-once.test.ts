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
  bcAdapter,
  claimFor,
  documentLines,
  injectFault,
  records,
  resetTenant,
} from "./business-central-harness";

/**
 * Exactly once, for every document kind: (a) the same claim pushed twice, (b) a write whose answer is
 * lost after BC committed it (the sandbox's commit_then_timeout on that write alone) and then
 * retried, and (c) the claim replayed later with the ERP id of its first success. Each leaves exactly
 * the one BC record (or one posted document) the first push made.
 */
interface Scenario {
  kind: ErpDocument["kind"];
  /** Writes what the document depends on and returns its claim. */
  setup(): Promise<OutboxClaim>;
  /** `METHOD /path` of the write whose answer the sandbox loses. */
  write: string;
  /** The BC records this document produced: must be exactly one after every path. */
  count(): Promise<number>;
}

function ok(result: PushResult): string {
  if (!result.ok) throw new Error(`push failed: ${result.errorClass} ${result.message}`);
  return result.erpId;
}

async function orderRefs() {
  const customer = ok(await bcAdapter().push(claimFor(customerDoc())));
  const salesOrder = ok(await bcAdapter().push(claimFor(salesOrderDoc(), { refs: { customer } })));
  return { customer, sales_order: salesOrder };
}

const refund = refundOf(null);
const transaction = refund.transactions[0];
if (!transaction) throw new Error("refund fixture has no transaction");
const countOf = async (set: string) => (await records(set)).length;
const distinctDocuments = async (set: string) =>
  new Set((await records(set)).map((r) => r.body.documentNumber)).size;

const SCENARIOS: Scenario[] = [
  {
    kind: "customer",
    setup: async () => claimFor(customerDoc()),
    write: "^POST .*/customers$",
    count: () => countOf("customers").then((n) => n - 1),
  },
  {
    kind: "sales_order",
    setup: async () =>
      claimFor(salesOrderDoc(), { refs: { customer: ok(await bcAdapter().push(claimFor(customerDoc()))) } }),
    write: "^POST .*/salesOrders$",
    count: () => countOf("salesOrders"),
  },
  {
    kind: "customer_payment",
    setup: async () => claimFor(paymentDoc(), { refs: await orderRefs() }),
    write: "^POST .*/customerPayments$",
    count: () => countOf("customerPayments"),
  },
  {
    kind: "fulfillment",
    setup: async () =>
      claimFor(
        fulfillmentDoc(fulfillment([{ externalLineId: "518995019", sku: "IPOD2008RED", quantity: 1 }])),
        { refs: await orderRefs() },
      ),
    write: "^POST .*/\\$batch$",
    count: async () => {
      const shipped = (await records("salesShipmentLines")).reduce((t, l) => t + Number(l.body.quantity), 0);
      return shipped === 1 ? countOf("salesShipments") : -shipped;
    },
  },
  {
    kind: "return_authorization",
    setup: async () =>
      claimFor(
        { kind: "return_authorization", order: order(), return: returnOf() },
        { refs: await orderRefs() },
      ),
    write: "^POST .*/salesCreditMemos$",
    count: () => countOf("salesCreditMemos"),
  },
  {
    kind: "item_receipt",
    setup: async () => {
      const refs = await orderRefs();
      const ra = ok(
        await bcAdapter().push(
          claimFor({ kind: "return_authorization", order: order(), return: returnOf() }, { refs }),
        ),
      );
      return claimFor(
        { kind: "item_receipt", order: order(), return: returnOf(1) },
        { refs: { return_authorization: ra } },
      );
    },
    write: "^POST .*/\\$batch$",
    count: async () => {
      const lines = await documentLines("salesCreditMemoLines");
      return lines.length === 1 && lines[0]?.body.quantity === 1 ? countOf("salesCreditMemos") : -1;
    },
  },
  {
    kind: "credit_memo",
    setup: async () =>
      claimFor({ kind: "credit_memo", order: order(), refund, return: null }, { refs: await orderRefs() }),
    write: "^POST .*/salesCreditMemos$",
    // After a lost create the memo is a draft; the retry finds and posts it (checked below).
    count: () => countOf("salesCreditMemos"),
  },
  {
    kind: "customer_refund",
    setup: async () => {
      const refs = await orderRefs();
      const memo = ok(
        await bcAdapter().push(
          claimFor({ kind: "credit_memo", order: order(), refund, return: null }, { refs }),
        ),
      );
      return claimFor(
        { kind: "customer_refund", order: order(), refund, transaction },
        { refs: { credit_memo: memo } },
      );
    },
    write: "^POST .*/\\$batch$",
    count: async () =>
      (await countOf("generalLedgerEntries")) === 2 ? distinctDocuments("generalLedgerEntries") : -1,
  },
  {
    kind: "journal_entry",
    setup: async () => claimFor({ kind: "journal_entry", journal: journal() }),
    write: "^POST .*/\\$batch$",
    count: async () =>
      (await countOf("generalLedgerEntries")) === 2 ? distinctDocuments("generalLedgerEntries") : -1,
  },
  {
    kind: "inventory_adjustment",
    setup: async () => claimFor({ kind: "inventory_adjustment", adjustment: adjustment(2) }),
    write: "^POST .*/\\$batch$",
    count: async () => {
      const green = (await records("items")).find((i) => i.body.number === "IPOD2008GREEN");
      return green?.body.inventory === 12 ? countOf("itemLedgerEntries") : -1;
    },
  },
];

beforeEach(resetTenant);

describe.each(SCENARIOS)("$kind is written exactly once", (scenario) => {
  it("when the same claim is pushed twice", async () => {
    const claim = await scenario.setup();
    const first = ok(await bcAdapter().push(claim));
    expect(ok(await bcAdapter().push(claim))).toBe(first);
    expect(await scenario.count()).toBe(1);
  });

  it("when BC commits a write but its answer is lost, and the claim is retried", async () => {
    const claim = await scenario.setup();
    await injectFault({ mode: "commit_then_timeout", count: 1, delayMs: 1_500, match: scenario.write });
    const lost = await bcAdapter({ timeoutMs: 400 }).push(claim);
    expect(lost).toMatchObject({ ok: false, errorClass: "transient", httpStatus: null });
    expect(await scenario.count()).toBe(1); // committed despite the lost answer
    ok(await bcAdapter().push({ ...claim, attempts: 2 }));
    expect(await scenario.count()).toBe(1);
    if (scenario.kind === "credit_memo")
      expect((await records("salesCreditMemos"))[0]?.body.status).toBe("Open");
  });

  it("when the claim is replayed with the ERP id of its first success", async () => {
    const claim = await scenario.setup();
    const first = ok(await bcAdapter().push(claim));
    const replayed = await bcAdapter().push({
      ...claim,
      id: `${claim.id}-replay`,
      erpId: first,
      attempts: 1,
    });
    expect(ok(replayed)).toBe(first);
    expect(await scenario.count()).toBe(1);
  });
});
