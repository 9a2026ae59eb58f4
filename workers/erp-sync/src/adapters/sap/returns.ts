import { formatDecimal } from "../../../../../shared/canonical";
import type { ErpDocumentOf } from "../../../../../shared/erp";
import type { PushResult } from "../erp-adapter";
import { localFailure } from "./classify";
import { SERVICE } from "./config";
import { longText, SD_HEADER_TEXT_ID } from "./correlation";
import { findByReference } from "./lookup";
import { materialOf } from "./mapping";
import { field } from "./odata";
import { createdResult, missingRef, type PushContext, soldToOf } from "./push-context";
import { referenceFor } from "./references";
import { itemNumber, lineNet } from "./sales-order-map";

/**
 * A return authorization is an A_CustomerReturn (API_CUSTOMER_RETURN_SRV), created by deep insert
 * with its items, each referring to the sales order item it returns, and with an order reason
 * (SDDocumentReason, mandatory). Its reference is PurchaseOrderByCustomer, looked up first, as for
 * sales orders, and the claim's correlation id goes in a header text (`to_Text`, correlation.ts).
 * Items are priced like the order's: the line's net value per the line's quantity.
 */
export const RETURN_ORDER_REASON = "001";

export async function pushReturn(
  ctx: PushContext,
  doc: ErpDocumentOf<"return_authorization">,
): Promise<PushResult> {
  const reference = await referenceFor(ctx.claim.docKey, "purchaseOrderByCustomer");
  const found = await findByReference(
    ctx.client,
    SERVICE.customerReturn,
    "A_CustomerReturn",
    "PurchaseOrderByCustomer",
    reference,
    { now: ctx.now() },
  );
  if (!found.ok) return found;
  if (found.entity) return { ok: true, erpId: field(found.entity, "CustomerReturn") };

  const salesOrder = ctx.claim.refs.sales_order;
  if (!salesOrder) return missingRef("return authorization", "sales order");
  const customer = await soldToOf(ctx, SERVICE.salesOrder, `A_SalesOrder('${salesOrder}')`);
  if (!customer.ok) return customer;
  const items = [];
  for (const line of doc.return.lines) {
    const index = doc.order.lines.findIndex((l) => l.externalLineId === line.externalLineId);
    const orderLine = doc.order.lines[index];
    if (!orderLine)
      return localFailure("validation", `return line ${line.externalLineId} is not a line of the order`);
    const sku = line.sku ?? orderLine.sku;
    items.push({
      CustomerReturnItem: itemNumber(items.length),
      Material: sku ? materialOf(ctx.connection.mappings, sku) : "",
      RequestedQuantity: String(line.quantity),
      RequestedQuantityUnit: "EA",
      ReferenceSDDocument: salesOrder,
      ReferenceSDDocumentItem: itemNumber(index),
      to_PricingElement: [
        {
          ConditionType: "PPR0",
          ConditionRateValue: formatDecimal(lineNet(orderLine, doc.order.taxesIncluded), doc.order.currency),
          ConditionCurrency: doc.order.currency,
          ConditionQuantity: String(orderLine.quantity),
        },
      ],
    });
  }
  const settings = ctx.config.settings;
  const body = {
    CustomerReturnType: settings.returnOrderType,
    SalesOrganization: settings.salesOrganization,
    DistributionChannel: settings.distributionChannel,
    OrganizationDivision: settings.organizationDivision,
    SoldToParty: customer.soldTo,
    PurchaseOrderByCustomer: reference,
    SDDocumentReason: RETURN_ORDER_REASON,
    ReferenceSDDocument: salesOrder,
    TransactionCurrency: doc.order.currency,
    to_Item: items,
    to_Text: [
      longText(
        SD_HEADER_TEXT_ID,
        ctx.claim.correlationId,
        `${doc.return.channel} return ${doc.return.rmaNumber ?? doc.return.externalId}`,
      ),
    ],
  };
  const outcome = await ctx.client.write("POST", SERVICE.customerReturn, "A_CustomerReturn", body);
  return createdResult(outcome, ctx.now(), "CustomerReturn", "the customer return");
}
