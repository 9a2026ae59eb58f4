import type { ErpConnectionOf } from "../../../../../shared/erp";
import type { OutboxClaim } from "../../../../../shared/internal-api";
import type { AdapterDeps, ErpAdapter, PushResult } from "../erp-adapter";
import { pushCreditMemo } from "./credit-memo";
import { pushCustomer } from "./customer";
import { pushFulfillment } from "./fulfillment";
import { pushInventoryAdjustment } from "./inventory-adjustment";
import { pushItemReceipt } from "./item-receipt";
import { pushJournalEntry } from "./journal-entry";
import { guard, type ModelApi, modelApi, refuse } from "./model-api";
import { pushCustomerPayment, pushCustomerRefund } from "./payments";
import { readOnHand, readOrderStatus } from "./read-back";
import { referenceFor } from "./reference";
import { pushReturnAuthorization } from "./return-authorization";
import { pushSalesOrder } from "./sales-order";
import { createSession } from "./session";

/**
 * Tryton 6.0 over JSON-RPC (README.md beside this file). One session per adapter, logged in on
 * first use and again once when trytond answers 401. Every document is keyed by its reference
 * (reference.ts), looked up before it is created, and carried through Tryton's workflow step by
 * step from whatever state it is found in, so the same claim pushed twice, or again after a lost
 * response, leaves one record.
 */
export function createTrytonAdapter(connection: ErpConnectionOf<"tryton">, deps: AdapterDeps): ErpAdapter {
  const api = modelApi(createSession(connection, deps));
  return {
    system: "tryton",
    push: (claim) => guard(async () => push(api, connection, claim)),
    readOnHand: (query) => guard(() => readOnHand(api, connection, query)),
    readOrderStatus: (orders) => guard(() => readOrderStatus(api, orders)),
  };
}

async function push(
  api: ModelApi,
  connection: ErpConnectionOf<"tryton">,
  claim: OutboxClaim,
): Promise<PushResult> {
  const doc = claim.document;
  const reference = await referenceFor(claim.docKey);
  const ref = (kind: keyof OutboxClaim["refs"]) => {
    const id = claim.refs[kind];
    if (!id || !/^\d+$/.test(id))
      throw refuse("validation", `${doc.kind} needs the Tryton id of its ${kind}`);
    return Number(id);
  };
  switch (doc.kind) {
    case "customer":
      return pushCustomer(api, doc, reference, claim.correlationId);
    case "sales_order":
      return pushSalesOrder(
        api,
        connection,
        doc,
        claim.refs.customer ?? null,
        reference,
        claim.correlationId,
      );
    case "customer_payment":
      return pushCustomerPayment(api, connection, doc, ref("sales_order"), reference, claim.correlationId);
    case "fulfillment":
      return pushFulfillment(api, connection, doc, ref("sales_order"), reference);
    case "return_authorization":
      return pushReturnAuthorization(
        api,
        connection,
        doc,
        ref("sales_order"),
        reference,
        claim.correlationId,
      );
    case "item_receipt":
      return pushItemReceipt(api, connection, doc, ref("return_authorization"), reference);
    case "credit_memo":
      return pushCreditMemo(api, connection, doc, claim.refs, reference, claim.correlationId);
    case "customer_refund":
      return pushCustomerRefund(api, connection, doc, ref("credit_memo"), reference, claim.correlationId);
    case "journal_entry":
      return pushJournalEntry(api, connection, doc, reference, claim.correlationId);
    case "inventory_adjustment":
      return pushInventoryAdjustment(api, connection, doc, reference);
  }
}
