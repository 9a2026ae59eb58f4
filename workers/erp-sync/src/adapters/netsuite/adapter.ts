import type { ErpConnectionOf, ErpDocumentOf } from "../../../../../shared/erp";
import type { AdapterDeps, ErpAdapter, PushResult } from "../erp-adapter";
import { unsupported } from "../unsupported";
import { classifyWrite } from "./classify";
import { callNetSuite } from "./client";
import { netsuiteConfig } from "./config";
import { salesOrderExternalId } from "./external-id";
import { mapSalesOrder } from "./map";

/**
 * NetSuite REST adapter. Every sales order is written with `PUT salesOrder/eid:<external id>`, an
 * upsert keyed on the order's natural key: a retry after a lost response updates the record the
 * first attempt created instead of making a second one.
 */
export function createNetSuiteAdapter(
  connection: ErpConnectionOf<"netsuite">,
  deps: AdapterDeps,
): ErpAdapter {
  const config = netsuiteConfig(connection);

  async function pushSalesOrder(
    doc: ErpDocumentOf<"sales_order">,
    correlationId: string,
  ): Promise<PushResult> {
    if (!config) return unsupported("netsuite", "OAuth 2.0 connections yet");
    const eid = salesOrderExternalId(doc.order);
    const url = `${config.baseUrl}/services/rest/record/v1/salesOrder/eid:${eid}`;
    const customerId = connection.mappings.defaultCustomer[doc.order.channel] ?? null;
    const body = mapSalesOrder(doc.order, correlationId, { customerId });
    return classifyWrite(await callNetSuite(config, deps, "PUT", url, body), deps.now());
  }

  return {
    system: "netsuite",
    async push(claim) {
      const doc = claim.document;
      switch (doc.kind) {
        case "sales_order":
          return pushSalesOrder(doc, claim.correlationId);
        default:
          return unsupported("netsuite", doc.kind);
      }
    },
    readOnHand: async () => unsupported("netsuite", "on-hand read-back"),
    readOrderStatus: async () => unsupported("netsuite", "order status read-back"),
  };
}
