import { beforeEach, describe, expect, it } from "vitest";
import type { ErpDocKind, ErpDocument } from "../../shared/erp";
import { everyDocument, testOrder } from "../support/netsuite-documents";
import { FLOW_MAPPINGS, OutboxFlow } from "./netsuite-flow";
import {
  claimFor,
  injectFault,
  netsuiteAdapter,
  resetSandbox,
  sandboxRecords,
  tbaConnection,
} from "./sandbox-netsuite";

// For every document kind: pushing the same claim twice, a retry after a write committed but never
// answered, and a replayed claim (a new lease of a row that was parked) all leave one NetSuite record.
const RECORD_TYPE: Record<ErpDocKind, { type: string; write: "PUT" | "POST"; sublist: string }> = {
  customer: { type: "customer", write: "PUT", sublist: "addressBook" },
  sales_order: { type: "salesOrder", write: "PUT", sublist: "item" },
  customer_payment: { type: "customerDeposit", write: "PUT", sublist: "apply" },
  fulfillment: { type: "itemFulfillment", write: "POST", sublist: "item" },
  return_authorization: { type: "returnAuthorization", write: "POST", sublist: "item" },
  item_receipt: { type: "itemReceipt", write: "POST", sublist: "item" },
  credit_memo: { type: "creditMemo", write: "POST", sublist: "item" },
  customer_refund: { type: "customerRefund", write: "PUT", sublist: "apply" },
  journal_entry: { type: "journalEntry", write: "PUT", sublist: "line" },
  inventory_adjustment: { type: "inventoryAdjustment", write: "PUT", sublist: "inventory" },
};

async function recordsOf(type: string) {
  return sandboxRecords(type);
}

function linesOf(body: Record<string, unknown>, sublist: string): number {
  const holder = body[sublist];
  return typeof holder === "object" && holder !== null && "items" in holder && Array.isArray(holder.items)
    ? holder.items.length
    : 0;
}

describe("NetSuite adapter: exactly one record per document", () => {
  beforeEach(async () => {
    await resetSandbox();
  });

  const docs = everyDocument(testOrder());
  it.each(docs.map((doc, index) => [doc.kind, index] as const))("%s", async (kind, index) => {
    const { type, write, sublist } = RECORD_TYPE[kind];
    const flow = new OutboxFlow(netsuiteAdapter(tbaConnection(FLOW_MAPPINGS)));
    await flow.pushAll(docs.slice(0, index));
    const doc = docs[index] as ErpDocument;
    const claim = flow.claim(doc);

    // (a) the same claim twice
    const first = await flow.push(doc, claim);
    const second = await flow.push(doc, claim);
    expect(first).toMatchObject({ ok: true });
    expect(second).toEqual(first);
    const [record] = await recordsOf(type);
    expect(await recordsOf(type)).toHaveLength(1);
    const lines = linesOf(record?.body ?? {}, sublist);

    // (b) the write commits, its answer never arrives (the adapter times out), then the retry
    await resetSandbox();
    const again = new OutboxFlow(netsuiteAdapter(tbaConnection(FLOW_MAPPINGS)));
    await again.pushAll(docs.slice(0, index));
    const retried = again.claim(doc);
    await injectFault({ mode: "commit_then_timeout", count: 1, delayMs: 8_000, methods: [write] });
    const lost = await again.push(doc, retried);
    expect(lost).toMatchObject({ ok: false, errorClass: "transient", httpStatus: null });
    expect(await recordsOf(type)).toHaveLength(1);
    const retry = await again.push(doc, { ...retried, attempts: 2 });
    expect(retry).toMatchObject({ ok: true });
    const afterRetry = await recordsOf(type);
    expect(afterRetry).toHaveLength(1);
    expect(retry.ok && retry.erpId).toBe(afterRetry[0]?.id);
    expect(linesOf(afterRetry[0]?.body ?? {}, sublist)).toBe(lines);

    // (c) a replay: a fresh claim for the same document, as when a parked row is made due again
    const replayed = await again.push(doc, claimFor(doc, { refs: retried.refs }));
    expect(replayed).toEqual(retry);
    const afterReplay = await recordsOf(type);
    expect(afterReplay).toHaveLength(1);
    expect(linesOf(afterReplay[0]?.body ?? {}, sublist)).toBe(lines);
  });
});
