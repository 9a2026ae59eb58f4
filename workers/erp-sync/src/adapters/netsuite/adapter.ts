import type { OutboxClaim } from "../../../../../shared/internal-api";
import type { ErpAdapter, PushResult } from "../erp-adapter";
import { classifyWrite } from "./classify";
import { callNetSuite, type NetSuiteClientDeps } from "./client";
import type { NetSuiteConfig } from "./config";
import { salesOrderExternalId } from "./external-id";
import { mapSalesOrder } from "./map";

/**
 * NetSuite REST adapter. Every sales order is written with `PUT salesOrder/eid:<external id>`, an
 * upsert keyed on the order's natural key: a retry after a lost response updates the record the
 * first attempt created instead of making a second one.
 */
export function createNetSuiteAdapter(config: NetSuiteConfig, deps: NetSuiteClientDeps): ErpAdapter {
  async function pushSalesOrder(claim: OutboxClaim): Promise<PushResult> {
    const eid = salesOrderExternalId(claim.order);
    const url = `${config.baseUrl}/services/rest/record/v1/salesOrder/eid:${eid}`;
    const body = mapSalesOrder(claim.order, claim.correlationId, { customerId: config.defaultCustomerId });
    return classifyWrite(await callNetSuite(config, deps, "PUT", url, body), deps.now());
  }

  return {
    system: "netsuite",
    async push(claim) {
      switch (claim.kind) {
        case "sales_order":
          return pushSalesOrder(claim);
        default: {
          const kind: string = claim.kind;
          return {
            ok: false,
            errorClass: "business",
            httpStatus: null,
            message: `the NetSuite adapter does not handle outbox kind ${kind}`,
            detail: null,
          };
        }
      }
    },
  };
}
