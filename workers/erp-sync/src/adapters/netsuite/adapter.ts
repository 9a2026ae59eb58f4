import type { ErpConnectionOf } from "../../../../../shared/erp";
import type { OutboxClaim } from "../../../../../shared/internal-api";
import type { AdapterDeps, ErpAdapter, PushResult } from "../erp-adapter";
import { createAuthorizer } from "./auth";
import { createClient } from "./client";
import { baseUrlOf } from "./config";
import type { NsContext } from "./context";
import { pushAdjustment, pushJournal } from "./push-accounting";
import { pushCreditMemo, pushCustomerRefund } from "./push-credit";
import { pushCustomer } from "./push-customer";
import { pushDeposit } from "./push-deposit";
import { pushFulfillment } from "./push-fulfillment";
import { pushItemReceipt, pushReturnAuthorization } from "./push-returns";
import { pushSalesOrder } from "./push-sales-order";
import { readOnHand, readOrderStatus } from "./read-back";

/**
 * NetSuite REST adapter (README.md in this folder): every document kind written exactly once, by
 * upsert on an external id where NetSuite allows it and by look-up-then-transform where it must be a
 * transform; TBA or OAuth 2.0 M2M; reads through SuiteQL and expanded records.
 */
export function createNetSuiteAdapter(
  connection: ErpConnectionOf<"netsuite">,
  deps: AdapterDeps,
): ErpAdapter {
  const baseUrl = baseUrlOf(connection);
  const ctx: NsContext = {
    client: createClient(baseUrl, createAuthorizer(connection, baseUrl, deps), deps),
    connection,
    now: deps.now,
  };

  function push(claim: OutboxClaim): Promise<PushResult> {
    const doc = claim.document;
    switch (doc.kind) {
      case "customer":
        return pushCustomer(ctx, claim, doc);
      case "sales_order":
        return pushSalesOrder(ctx, claim, doc);
      case "customer_payment":
        return pushDeposit(ctx, claim, doc);
      case "fulfillment":
        return pushFulfillment(ctx, claim, doc);
      case "return_authorization":
        return pushReturnAuthorization(ctx, claim, doc);
      case "item_receipt":
        return pushItemReceipt(ctx, claim, doc);
      case "credit_memo":
        return pushCreditMemo(ctx, claim, doc);
      case "customer_refund":
        return pushCustomerRefund(ctx, claim, doc);
      case "journal_entry":
        return pushJournal(ctx, claim, doc);
      case "inventory_adjustment":
        return pushAdjustment(ctx, claim, doc);
    }
  }

  return {
    system: "netsuite",
    push,
    readOnHand: (query) => readOnHand(ctx, query),
    readOrderStatus: (orders) => readOrderStatus(ctx, orders),
  };
}
