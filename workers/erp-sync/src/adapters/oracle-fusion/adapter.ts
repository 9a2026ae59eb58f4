import type { ErpConnectionOf } from "../../../../../shared/erp";
import type { AdapterDeps, ErpAdapter, PushResult } from "../erp-adapter";
import { oracleConfig } from "./config";
import { pushAdjustment } from "./push-adjustment";
import { pushCreditMemo } from "./push-credit-memo";
import { pushCustomer } from "./push-customer";
import { pushFulfillment } from "./push-fulfillment";
import { pushItemReceipt } from "./push-item-receipt";
import { pushJournal } from "./push-journal";
import { pushPayment } from "./push-payment";
import { pushRefund } from "./push-refund";
import { pushReturnAuthorization } from "./push-return";
import { pushSalesOrder } from "./push-sales-order";
import { readOnHand, readOrderStatus } from "./read-backs";
import type { Rest } from "./rest";

/**
 * Oracle Fusion Cloud ERP over REST with Basic auth. Every document kind is keyed on a reference the
 * mesh derives from its natural key and looked up before it is created (see README.md for the table of
 * kinds, resources and keys), so a repeated, retried or replayed claim leaves one Fusion record.
 */
export function createOracleFusionAdapter(
  connection: ErpConnectionOf<"oracle_fusion">,
  deps: AdapterDeps,
): ErpAdapter {
  const rest: Rest = { config: oracleConfig(connection), deps };
  return {
    system: "oracle_fusion",
    async push(claim): Promise<PushResult> {
      const doc = claim.document;
      switch (doc.kind) {
        case "customer":
          return pushCustomer(rest, doc, claim.docKey);
        case "sales_order":
          return pushSalesOrder(rest, connection, claim, doc.order);
        case "customer_payment":
          return pushPayment(rest, connection, doc, claim.docKey, claim.refs.sales_order);
        case "fulfillment":
          return pushFulfillment(rest, connection, doc, claim.docKey, claim.refs.sales_order);
        case "return_authorization":
          return pushReturnAuthorization(rest, connection, claim, doc.order, doc.return);
        case "item_receipt":
          return pushItemReceipt(rest, connection, doc, claim.docKey, claim.refs.return_authorization);
        case "credit_memo":
          return pushCreditMemo(rest, connection, doc, claim.docKey);
        case "customer_refund":
          return pushRefund(rest, connection, doc, claim.docKey, claim.refs.credit_memo);
        case "journal_entry":
          return pushJournal(rest, connection, doc, claim.docKey);
        case "inventory_adjustment":
          return pushAdjustment(rest, connection, doc, claim.docKey);
      }
    },
    readOnHand: (query) => readOnHand(rest, connection.mappings, query),
    readOrderStatus: (orders) => readOrderStatus(rest, connection.mappings, orders),
  };
}
