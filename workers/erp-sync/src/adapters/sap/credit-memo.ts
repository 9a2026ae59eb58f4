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
import { itemNumber } from "./sales-order-map";

/**
 * A refund's credit is an A_CreditMemoRequest (API_CREDIT_MEMO_REQUEST_SRV) with reference to the
 * customer return when the refund follows one, else to the sales order; billing it in SAP makes the
 * credit memo. (Billing the return directly is SAP's other route; it needs the billing API and a
 * posted returns delivery, so the request is the one document the mesh can write on its own.)
 *
 * Items: one per refunded line, at the refunded net amount for its quantity; refunded shipping and
 * adjustments are items of the materials mapped for the SKUs `SHIPPING` and `ADJUSTMENT` (or those
 * material numbers), so the request's net value is exactly what was credited. Tax is SAP's to compute.
 * The claim's correlation id goes in a header text (`to_Text`, correlation.ts).
 */
export const CREDIT_MEMO_REQUEST_TYPE = "CR";
export const CREDIT_ORDER_REASON = "001";
const SHIPPING_SKU = "SHIPPING";
const ADJUSTMENT_SKU = "ADJUSTMENT";

export async function pushCreditMemo(
  ctx: PushContext,
  doc: ErpDocumentOf<"credit_memo">,
): Promise<PushResult> {
  const reference = await referenceFor(ctx.claim.docKey, "purchaseOrderByCustomer");
  const found = await findByReference(
    ctx.client,
    SERVICE.creditMemoRequest,
    "A_CreditMemoRequest",
    "PurchaseOrderByCustomer",
    reference,
    { now: ctx.now() },
  );
  if (!found.ok) return found;
  if (found.entity) return { ok: true, erpId: field(found.entity, "CreditMemoRequest") };

  const returnId = ctx.claim.refs.return_authorization;
  const salesOrder = ctx.claim.refs.sales_order;
  const referenceDoc = returnId ?? salesOrder;
  if (!referenceDoc) return missingRef("credit memo", doc.return ? "customer return" : "sales order");
  const customer = returnId
    ? await soldToOf(ctx, SERVICE.customerReturn, `A_CustomerReturn('${returnId}')`)
    : await soldToOf(ctx, SERVICE.salesOrder, `A_SalesOrder('${referenceDoc}')`);
  if (!customer.ok) return customer;

  const { refund } = doc;
  const mappings = ctx.connection.mappings;
  const items: Record<string, unknown>[] = [];
  const item = (material: string, quantity: number, amount: number): Record<string, unknown> => ({
    CreditMemoRequestItem: itemNumber(items.length),
    Material: material,
    RequestedQuantity: String(quantity),
    RequestedQuantityUnit: "EA",
    to_PricingElement: [
      {
        ConditionType: "PPR0",
        ConditionRateValue: formatDecimal(amount, refund.currency),
        ConditionCurrency: refund.currency,
        ConditionQuantity: String(quantity),
      },
    ],
  });
  for (const line of refund.lines) {
    const sku =
      line.sku ?? doc.order.lines.find((l) => l.externalLineId === line.externalLineId)?.sku ?? null;
    if (line.amount.amount === 0) continue;
    items.push(item(sku ? materialOf(mappings, sku) : "", Math.max(1, line.quantity), line.amount.amount));
  }
  if (refund.shipping.amount > 0)
    items.push(item(materialOf(mappings, SHIPPING_SKU), 1, refund.shipping.amount));
  if (refund.adjustment.amount > 0)
    items.push(item(materialOf(mappings, ADJUSTMENT_SKU), 1, refund.adjustment.amount));
  if (items.length === 0) return localFailure("validation", "the refund credits nothing SAP could bill");

  const settings = ctx.config.settings;
  const body = {
    CreditMemoRequestType: CREDIT_MEMO_REQUEST_TYPE,
    SalesOrganization: settings.salesOrganization,
    DistributionChannel: settings.distributionChannel,
    OrganizationDivision: settings.organizationDivision,
    SoldToParty: customer.soldTo,
    PurchaseOrderByCustomer: reference,
    SDDocumentReason: CREDIT_ORDER_REASON,
    ReferenceSDDocument: referenceDoc,
    TransactionCurrency: refund.currency,
    to_Item: items,
    to_Text: [
      longText(SD_HEADER_TEXT_ID, ctx.claim.correlationId, `${refund.channel} refund ${refund.externalId}`),
    ],
  };
  const outcome = await ctx.client.write("POST", SERVICE.creditMemoRequest, "A_CreditMemoRequest", body);
  return createdResult(outcome, ctx.now(), "CreditMemoRequest", "the credit memo request");
}
