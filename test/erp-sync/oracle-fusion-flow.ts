import type { ErpDocument, ErpRefs } from "../../shared/erp";
import type { ErpAdapter, PushSuccess } from "../../workers/erp-sync/src/adapters/erp-adapter";
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
} from "./oracle-fusion-documents";
import { claimOf } from "./oracle-fusion-harness";

/**
 * Pushes documents in dependency order the way the outbox releases them, each claim carrying the ERP
 * ids of what it depends on, and fails the test on the first push that does not succeed.
 */
export async function pushOk(
  adapter: ErpAdapter,
  document: ErpDocument,
  refs: ErpRefs = {},
): Promise<PushSuccess> {
  const result = await adapter.push(claimOf(document, refs));
  if (!result.ok) throw new Error(`${document.kind} failed: ${result.errorClass} ${result.message}`);
  return result;
}

export interface Chain {
  customer: PushSuccess;
  order: PushSuccess;
}

export async function pushOrderChain(adapter: ErpAdapter): Promise<Chain> {
  const customer = await pushOk(adapter, customerDoc());
  const order = await pushOk(adapter, orderDoc(), { customer: customer.erpId });
  return { customer, order };
}

/** Every document kind once: the order chain, then everything that hangs off it, then GL and stock. */
export async function pushEverything(adapter: ErpAdapter): Promise<Record<string, PushSuccess>> {
  const { customer, order } = await pushOrderChain(adapter);
  const payment = await pushOk(adapter, paymentDoc(), { sales_order: order.erpId });
  const fulfillment = await pushOk(adapter, fulfillmentDoc(), { sales_order: order.erpId });
  const rma = await pushOk(adapter, returnDoc(), { sales_order: order.erpId });
  const receipt = await pushOk(adapter, receiptDoc(), { return_authorization: rma.erpId });
  const memo = await pushOk(adapter, creditMemoDoc(), { return_authorization: rma.erpId });
  const refund = await pushOk(adapter, refundDoc(), { credit_memo: memo.erpId });
  const journal = await pushOk(adapter, journalDoc());
  const adjustment = await pushOk(adapter, adjustmentDoc());
  return { customer, order, payment, fulfillment, rma, receipt, memo, refund, journal, adjustment };
}
