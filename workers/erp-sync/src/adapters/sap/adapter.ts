import type { ErpConnectionOf } from "../../../../../shared/erp";
import type { AdapterDeps, ErpAdapter, PushResult } from "../erp-adapter";
import { SapClient } from "./client";
import { sapConfig } from "./config";
import { pushCreditMemo } from "./credit-memo";
import { pushCustomer } from "./customer";
import { pushJournal, pushPayment, pushRefund } from "./finance";
import { pushFulfillment } from "./fulfillment";
import { pushInventoryAdjustment, pushItemReceipt } from "./material-movements";
import type { PushContext } from "./push-context";
import { readOnHand, readOrderStatus } from "./read-back";
import { pushReturn } from "./returns";
import { pushSalesOrder } from "./sales-order";

/**
 * SAP S/4HANA Cloud adapter: OData v2 A2X services with Basic auth and CSRF, and Journal Entry - Post
 * over SOAP. Every document is keyed on its natural key through an SAP reference field that is
 * looked up before any create (see references.ts and the README), so pushing twice, retrying after a
 * lost answer or replaying a claim leaves one SAP document.
 */
export function createSapAdapter(connection: ErpConnectionOf<"sap_s4hana">, deps: AdapterDeps): ErpAdapter {
  const config = sapConfig(connection);
  const client = new SapClient(config, deps);

  return {
    system: "sap_s4hana",
    async push(claim): Promise<PushResult> {
      const ctx: PushContext = { client, config, connection, claim, now: deps.now };
      const doc = claim.document;
      switch (doc.kind) {
        case "customer":
          return pushCustomer(ctx, doc);
        case "sales_order":
          return pushSalesOrder(ctx, doc);
        case "customer_payment":
          return pushPayment(ctx, doc);
        case "fulfillment":
          return pushFulfillment(ctx, doc);
        case "return_authorization":
          return pushReturn(ctx, doc);
        case "item_receipt":
          return pushItemReceipt(ctx, doc);
        case "credit_memo":
          return pushCreditMemo(ctx, doc);
        case "customer_refund":
          return pushRefund(ctx, doc);
        case "journal_entry":
          return pushJournal(ctx, doc);
        case "inventory_adjustment":
          return pushInventoryAdjustment(ctx, doc);
      }
    },
    readOnHand: (query) => readOnHand(client, connection.mappings, query, deps.now()),
    readOrderStatus: (orders) => readOrderStatus(client, connection.mappings, orders, deps.now()),
  };
}
