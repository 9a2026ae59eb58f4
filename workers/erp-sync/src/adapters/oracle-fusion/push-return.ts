import type { Order, Return } from "../../../../../shared/canonical";
import type { ErpConnectionOf } from "../../../../../shared/erp";
import { salesOrderKey } from "../../../../../shared/erp";
import type { OutboxClaim } from "../../../../../shared/internal-api";
import type { PushResult } from "../erp-adapter";
import { validation } from "./classify";
import type { Json } from "./client";
import { itemNumber, UOM } from "./lookups";
import { pushOrderDocument } from "./push-sales-order";
import { lineFor, readOrder, sourceTransactionId } from "./read-order";
import type { Rest } from "./rest";

/**
 * A return authorization is a return order in the Order Hub: lines with TransactionCategoryCode
 * `RETURN`, a ReturnReasonCode, and a reference to the original order's source line, booked to the
 * original order's buying party. It is keyed like an order, on its own natural key, so the same
 * look-up-then-create and revision rules make it exactly-once. A cancelled return lowers every line to 0.
 */
export function returnReasonCode(reason: string | null): string {
  const code = (reason ?? "")
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return code === "" ? "RETURN" : code.slice(0, 30);
}

export async function pushReturnAuthorization(
  rest: Rest,
  connection: ErpConnectionOf<"oracle_fusion">,
  claim: OutboxClaim,
  order: Order,
  ret: Return,
): Promise<PushResult> {
  const orderRef = claim.refs.sales_order;
  if (!orderRef) return validation("the return's sales order has no Oracle id yet (refs.sales_order)");
  const original = await readOrder(rest, orderRef, "original sales order");
  if (!original.ok) return original;
  if (!original.value.buyingPartyNumber)
    return validation("the original sales order has no buying party number");
  const originalId = await sourceTransactionId(salesOrderKey(order));
  const lines: Json[] = [];
  for (const [index, line] of ret.lines.entries()) {
    const source = order.lines.find((l) => l.externalLineId === line.externalLineId);
    const sku = line.sku ?? source?.sku ?? null;
    if (!sku || !lineFor(original.value, line.externalLineId)) {
      return validation(`return line ${line.externalLineId} matches no line of the sales order in Oracle`);
    }
    lines.push({
      SourceTransactionLineId: line.externalLineId,
      SourceTransactionLineNumber: index + 1,
      SourceTransactionScheduleId: line.externalLineId,
      SourceScheduleNumber: "1",
      TransactionCategoryCode: "RETURN",
      ProductNumber: itemNumber(connection.mappings, sku),
      OrderedQuantity: ret.status === "cancelled" ? 0 : line.quantity,
      OrderedUOMCode: UOM,
      ReturnReasonCode: returnReasonCode(line.reason),
      ReferenceSourceTransactionSystem: rest.config.sourceSystem,
      ReferenceSourceTransactionId: originalId,
      ReferenceSourceTransactionLineId: line.externalLineId,
      ReferenceSourceTransactionScheduleId: line.externalLineId,
    });
  }
  return pushOrderDocument(
    rest,
    {
      order,
      docKey: claim.docKey,
      version: claim.version,
      correlationId: claim.correlationId,
      party: { field: "BuyingPartyNumber", value: original.value.buyingPartyNumber },
      header: {
        TransactionOn: ret.authorizedAt,
        CustomerPONumber: (ret.rmaNumber ?? `${order.orderNumber} return`).slice(0, 50),
      },
    },
    lines,
    "return order",
  );
}
