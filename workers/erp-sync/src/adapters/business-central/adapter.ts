import type { ErpConnectionOf } from "../../../../../shared/erp";
import type { OutboxClaim } from "../../../../../shared/internal-api";
import type { AdapterDeps, ErpAdapter, PushResult } from "../erp-adapter";
import { BcClient } from "./client";
import { bcConfig } from "./config";
import type { BcContext } from "./context";
import { pushCreditMemo } from "./credit-memo";
import { pushCustomer } from "./customer";
import { pushFulfillment } from "./fulfillment";
import { pushInventoryAdjustment } from "./inventory-adjustment";
import { pushJournalEntry } from "./journal-entry";
import { pushPayment } from "./payment";
import { readOnHand, readOrderStatus } from "./read-back";
import { pushRefund } from "./refund";
import { pushItemReceipt, pushReturnAuthorization } from "./returns";
import { pushSalesOrder } from "./sales-order";

/**
 * Business Central online through API v2.0 (and the custom item-journal API for adjustments).
 * BC has no idempotency of its own: every document is looked up by the key BC stores for it (its
 * external document number, document number, email or number; see the README) before anything is
 * written, and documents that take several writes are written in one snapshot `$batch`, so a retry
 * after a lost answer finds all of it or none. Never throws for BC or network trouble.
 */
export function createBusinessCentralAdapter(
  connection: ErpConnectionOf<"business_central">,
  deps: AdapterDeps,
): ErpAdapter {
  const config = bcConfig(connection);
  const ctx: BcContext = {
    client: new BcClient(config, deps),
    config,
    mappings: connection.mappings,
    now: deps.now,
  };

  return {
    system: "business_central",
    async push(claim): Promise<PushResult> {
      try {
        return await pushDocument(ctx, claim);
      } catch (err) {
        // Not BC's trouble (that is classified where it happens) but a bug here: park, do not loop.
        const message = `Business Central adapter error: ${err instanceof Error ? err.message : String(err)}`;
        return {
          ok: false,
          errorClass: "validation",
          httpStatus: null,
          message: message.slice(0, 500),
          detail: null,
        };
      }
    },
    readOnHand: (query) => readOnHand(ctx, query.skus),
    readOrderStatus: (orders) => readOrderStatus(ctx, orders),
  };
}

function pushDocument(ctx: BcContext, claim: OutboxClaim): Promise<PushResult> {
  const doc = claim.document;
  switch (doc.kind) {
    case "customer":
      return pushCustomer(ctx, doc, claim.docKey);
    case "sales_order":
      return pushSalesOrder(ctx, claim, doc);
    case "customer_payment":
      return pushPayment(ctx, claim, doc);
    case "fulfillment":
      return pushFulfillment(ctx, claim, doc);
    case "return_authorization":
      return pushReturnAuthorization(ctx, claim, doc);
    case "item_receipt":
      return pushItemReceipt(ctx, claim, doc);
    case "credit_memo":
      return pushCreditMemo(ctx, claim, doc);
    case "customer_refund":
      return pushRefund(ctx, claim, doc);
    case "journal_entry":
      return pushJournalEntry(ctx, claim, doc);
    case "inventory_adjustment":
      return pushInventoryAdjustment(ctx, claim, doc);
  }
}
