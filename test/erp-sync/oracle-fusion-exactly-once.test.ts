import { beforeEach, describe, expect, it } from "vitest";
import type { ErpDocument, ErpRefs } from "../../shared/erp";
import type { ErpAdapter } from "../../workers/erp-sync/src/adapters/erp-adapter";
import {
  adjustmentDoc,
  creditMemoDoc,
  customerDoc,
  fulfillmentDoc,
  GL_ACCOUNTS,
  journalDoc,
  LOCATIONS,
  orderDoc,
  paymentDoc,
  receiptDoc,
  refundDoc,
  returnDoc,
} from "./oracle-fusion-documents";
import { pushOk } from "./oracle-fusion-flow";
import {
  claimOf,
  losingFirstWrite,
  oracleAdapter,
  oracleConnection,
  podRecords,
  resetPod,
} from "./oracle-fusion-harness";

/**
 * Exactly-once, per document kind: the same claim pushed twice, a write whose answer is lost
 * (commit_then_timeout) followed by a retry, and a replay of the finished claim each leave one Fusion
 * record, written once.
 */
const connection = oracleConnection({ glAccount: GL_ACCOUNTS, location: LOCATIONS });

interface Case {
  kind: string;
  resource: string;
  /** Pushes what this document depends on and returns the refs its claim carries. */
  prepare: (adapter: ErpAdapter) => Promise<ErpRefs>;
  document: () => ErpDocument;
}

async function order(adapter: ErpAdapter): Promise<string> {
  const customer = await pushOk(adapter, customerDoc());
  return (await pushOk(adapter, orderDoc(), { customer: customer.erpId })).erpId;
}

async function rma(adapter: ErpAdapter): Promise<string> {
  const salesOrder = await order(adapter);
  await pushOk(adapter, fulfillmentDoc(), { sales_order: salesOrder });
  return (await pushOk(adapter, returnDoc(), { sales_order: salesOrder })).erpId;
}

async function memo(adapter: ErpAdapter): Promise<string> {
  return (await pushOk(adapter, creditMemoDoc(), { return_authorization: await rma(adapter) })).erpId;
}

const CASES: Case[] = [
  { kind: "customer", resource: "accounts", prepare: async () => ({}), document: customerDoc },
  {
    kind: "sales_order",
    resource: "salesOrdersForOrderHub",
    prepare: async (a) => ({ customer: (await pushOk(a, customerDoc())).erpId }),
    document: orderDoc,
  },
  {
    kind: "customer_payment",
    resource: "standardReceipts",
    prepare: async (a) => ({ sales_order: await order(a) }),
    document: () => paymentDoc(),
  },
  {
    kind: "fulfillment",
    resource: "shipments",
    prepare: async (a) => ({ sales_order: await order(a) }),
    document: () => fulfillmentDoc(),
  },
  {
    kind: "return_authorization",
    resource: "salesOrdersForOrderHub",
    prepare: async (a) => {
      const salesOrder = await order(a);
      await pushOk(a, fulfillmentDoc(), { sales_order: salesOrder });
      return { sales_order: salesOrder };
    },
    document: () => returnDoc(),
  },
  {
    kind: "item_receipt",
    resource: "receivingReceiptRequests",
    prepare: async (a) => ({ return_authorization: await rma(a) }),
    document: () => receiptDoc(),
  },
  {
    kind: "credit_memo",
    resource: "receivablesCreditMemos",
    prepare: async (a) => ({ return_authorization: await rma(a) }),
    document: creditMemoDoc,
  },
  {
    kind: "customer_refund",
    resource: "invoices",
    prepare: async (a) => ({ credit_memo: await memo(a) }),
    document: refundDoc,
  },
  {
    kind: "journal_entry",
    resource: "journalBatches",
    prepare: async () => ({}),
    document: () => journalDoc(),
  },
  {
    kind: "inventory_adjustment",
    resource: "inventoryStagedTransactions",
    prepare: async () => ({}),
    document: () => adjustmentDoc(),
  },
];

async function recordsOf(resource: string, before: Set<string>) {
  return (await podRecords(resource)).filter((r) => !before.has(r.id));
}

describe.each(CASES)("Oracle Fusion exactly-once: $kind", ({ resource, prepare, document }) => {
  beforeEach(async () => {
    await resetPod();
  });

  async function setUp() {
    const adapter = oracleAdapter(connection);
    const refs = await prepare(adapter);
    const before = new Set((await podRecords(resource)).map((r) => r.id));
    return { adapter, refs, before };
  }

  it("pushing the same claim twice leaves one record", async () => {
    const { adapter, refs, before } = await setUp();
    const claim = claimOf(document(), refs);
    const first = await adapter.push(claim);
    const second = await adapter.push(claim);
    expect(first).toMatchObject({ ok: true });
    expect(second).toEqual(first);
    const records = await recordsOf(resource, before);
    expect(records).toHaveLength(1);
    expect(records[0]?.writeCount).toBe(1);
  });

  it("a write whose answer is lost, then a retry, leaves one record", async () => {
    const { refs, before } = await setUp();
    const claim = claimOf(document(), refs);
    const lost = await oracleAdapter(connection, losingFirstWrite()).push(claim);
    expect(lost).toMatchObject({ ok: false, errorClass: "transient", httpStatus: null });
    expect(await recordsOf(resource, before)).toHaveLength(1);
    const retried = await oracleAdapter(connection).push({ ...claim, attempts: 2 });
    expect(retried).toMatchObject({ ok: true });
    const records = await recordsOf(resource, before);
    expect(records).toHaveLength(1);
    expect(records[0]?.writeCount).toBe(1);
    if (retried.ok) expect(retried.erpId).toBe(records[0]?.id);
  });

  it("a replayed claim, after it succeeded, leaves one record", async () => {
    const { adapter, refs, before } = await setUp();
    const done = await adapter.push(claimOf(document(), refs));
    if (!done.ok) throw new Error(done.message);
    const replay = await oracleAdapter(connection).push(
      claimOf(document(), refs, { attempts: 1, erpId: done.erpId }),
    );
    expect(replay).toEqual(done);
    expect(await recordsOf(resource, before)).toHaveLength(1);
  });
});
