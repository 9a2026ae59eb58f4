import type { Order, OrderLine } from "../../../../../shared/canonical";
import type { ErpMappings } from "../../../../../shared/erp";
import type { Json } from "./client";
import { decimal, itemNumber, UOM } from "./lookups";

/**
 * Canonical order to a `salesOrdersForOrderHub` body. Each channel line is one Fusion line keyed by
 * SourceTransactionLineId = the channel's line id; OrderedQuantity is what is still ordered (quantity
 * minus cancelled units), so a partial cancellation is a revision that lowers it and a full one lowers
 * every line to zero. Prices are the channel's: UnitListPrice plus a per-unit manual discount
 * adjustment; Fusion computes tax. A discount that does not divide evenly over a line's units cannot be
 * priced per unit without rounding, so it is refused (see the README).
 */
export interface OrderParty {
  /** `BuyingPartyId` (a customer pushed by the mesh) or `BuyingPartyNumber` (a mapped default). */
  field: "BuyingPartyId" | "BuyingPartyNumber";
  value: string;
}

const sum = (items: readonly { amount: { amount: number } }[]) =>
  items.reduce((t, i) => t + i.amount.amount, 0);

export function openQuantity(order: Order, line: OrderLine): number {
  return order.status === "cancelled" ? 0 : Math.max(0, line.quantity - line.cancelledQuantity);
}

function mapLine(order: Order, line: OrderLine, index: number, mappings: ErpMappings): Json | string {
  const discount = sum(line.discountAllocations);
  if (line.quantity > 0 && discount % line.quantity !== 0) {
    return `line ${line.externalLineId}: a discount of ${discount} minor units does not divide over ${line.quantity} units`;
  }
  const perUnit = line.quantity > 0 ? discount / line.quantity : 0;
  return {
    SourceTransactionLineId: line.externalLineId,
    SourceTransactionLineNumber: index + 1,
    SourceTransactionScheduleId: line.externalLineId,
    SourceScheduleNumber: "1",
    TransactionCategoryCode: "ORDER",
    ...(line.sku ? { ProductNumber: itemNumber(mappings, line.sku) } : {}),
    OrderedQuantity: openQuantity(order, line),
    OrderedUOMCode: UOM,
    UnitListPrice: decimal(line.unitPrice.amount, order.currency),
    ...(perUnit > 0
      ? {
          manualPriceAdjustments: [
            {
              SourceManualPriceAdjustmentId: `${line.externalLineId}-discount`,
              AdjustmentAmount: decimal(perUnit, order.currency),
              AdjustmentTypeCode: "DISCOUNT_AMOUNT",
              ChargeDefinitionCode: "QP_SALE_PRICE",
              ChargeRollupFlag: false,
              SequenceNumber: 1,
            },
          ],
        }
      : {}),
  };
}

export function orderLinesBody(order: Order, mappings: ErpMappings): Json[] | string {
  const lines: Json[] = [];
  for (const [index, line] of order.lines.entries()) {
    const mapped = mapLine(order, line, index, mappings);
    if (typeof mapped === "string") return mapped;
    lines.push(mapped);
  }
  return lines;
}

export function salesOrderBody(input: {
  order: Order;
  sourceSystem: string;
  sourceId: string;
  businessUnit: string;
  party: OrderParty;
  revision: number;
  correlationId: string;
  lines: Json[];
}): Json {
  const { order } = input;
  return {
    SourceTransactionNumber: input.sourceId,
    SourceTransactionSystem: input.sourceSystem,
    SourceTransactionId: input.sourceId,
    SourceTransactionRevisionNumber: input.revision,
    BusinessUnitName: input.businessUnit,
    [input.party.field]:
      input.party.field === "BuyingPartyId" ? Number(input.party.value) : input.party.value,
    TransactionalCurrencyCode: order.currency,
    TransactionOn: order.placedAt,
    CustomerPONumber: order.orderNumber.slice(0, 50),
    Comments: `mesh ${input.correlationId} | ${order.channel} order ${order.orderNumber}`.slice(0, 1000),
    FreezePriceFlag: true,
    FreezeShippingChargeFlag: true,
    FreezeTaxFlag: false,
    SubmittedFlag: true,
    lines: input.lines,
  };
}
