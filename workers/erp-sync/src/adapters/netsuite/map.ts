import { allocate, formatDecimal, type Order, type OrderLine } from "../../../../../shared/canonical";
import type { ErpMappings } from "../../../../../shared/erp";
import { salesOrderExternalId } from "./external-id";
import { itemRef, memo, type NsRef, shipMethodRef } from "./refs";

/**
 * Canonical order to NetSuite salesOrder body. Pure and total: it never refuses an order, NetSuite
 * does, and its error (with the field path) is what a person sees on the parked row.
 *
 * Mapping choices (see README.md):
 * - customer: the caller resolves it (the customer document's id, the channel's default customer, or
 *   the store's customer by external id); the buyer's email travels in `email`.
 * - items by the connection's item mapping (`{"id"}`), else by external id = SKU; currency by external
 *   id = ISO code; ship method by the shipping-method mapping, else by external id = shipping code.
 * - discounts are folded into the lines: `rate` is the unit price, `amount` the line after its
 *   discount allocations, so the lines add up to the channel's subtotal with no discount item.
 * - cancellation: a cancelled order keeps its lines, each closed (`isClosed: true`); a partial
 *   cancellation sends the open quantity (`quantity - cancelledQuantity`) with its share of the line
 *   amount (exact, by largest remainder), and closes a line whose every unit was cancelled.
 * - tax is left to NetSuite (SuiteTax); for tax-inclusive prices lines and shipping go net of tax.
 * - fees (duties, tips) are not sent: they need a fee item per retailer.
 */
export interface SalesOrderRefs {
  customer: NsRef;
  subsidiary: NsRef | null;
  mappings: ErpMappings;
}

export interface SalesOrderLine {
  item?: NsRef;
  description: string;
  quantity: number;
  /** The unit price; left out for tax-inclusive prices, where only the net line amount is exact. */
  rate?: number;
  amount: number;
  isClosed?: true;
  /** The line's key in NetSuite, set when updating an order NetSuite already has. */
  line?: number;
}

export interface SalesOrderBody {
  externalId: string;
  entity: NsRef;
  subsidiary?: NsRef;
  tranDate: string;
  currency: { externalId: string };
  otherRefNum: string;
  memo: string;
  email?: string;
  shipMethod?: NsRef;
  shippingCost: number;
  item: { items: SalesOrderLine[] };
}

/** JSON numbers from exact decimal text (the shortest form that parses back to the same double). */
export function decimal(minor: number, currency: string): number {
  return Number(formatDecimal(minor, currency));
}

const sumOf = (items: readonly { amount: { amount: number } }[]) =>
  items.reduce((sum, i) => sum + i.amount.amount, 0);

function mapLine(line: OrderLine, order: Order, mappings: ErpMappings): SalesOrderLine {
  const { currency, taxesIncluded } = order;
  const gross = line.unitPrice.amount * line.quantity;
  // Tax-inclusive prices (VAT stores): NetSuite's SuiteTax adds tax on top, so it gets the net amount.
  const net = gross - sumOf(line.discountAllocations) - (taxesIncluded ? sumOf(line.taxLines) : 0);
  const cancelled = Math.min(line.cancelledQuantity, line.quantity);
  const open = line.quantity - cancelled;
  const closed = order.status === "cancelled" || open === 0;
  // A closed line keeps its quantity (NetSuite cannot hold a 0-quantity line); an open one keeps its share.
  const quantity = closed ? line.quantity : open;
  const amount = closed || cancelled === 0 ? net : (allocate(net, [open, cancelled])[0] ?? net);
  return {
    // No SKU, no item: NetSuite answers "Please enter value(s) for: Item" on this line's path.
    ...(line.sku ? { item: itemRef(mappings, line.sku) } : {}),
    description: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
    quantity,
    ...(taxesIncluded ? {} : { rate: decimal(line.unitPrice.amount, currency) }),
    amount: decimal(amount, currency),
    ...(closed ? { isClosed: true as const } : {}),
  };
}

export function mapSalesOrder(order: Order, correlationId: string, refs: SalesOrderRefs): SalesOrderBody {
  const cancelled = order.status === "cancelled";
  const shipping = order.shippingLines.reduce(
    (sum, s) =>
      sum + s.price.amount - sumOf(s.discountAllocations) - (order.taxesIncluded ? sumOf(s.taxLines) : 0),
    0,
  );
  const firstShipping = order.shippingLines[0];
  const shipMethod = firstShipping ? shipMethodRef(refs.mappings, firstShipping) : null;
  return {
    externalId: salesOrderExternalId(order),
    entity: refs.customer,
    ...(refs.subsidiary ? { subsidiary: refs.subsidiary } : {}),
    // The date as the channel wrote it, in the store's own offset: NetSuite's tranDate is a plain date.
    tranDate: order.placedAt.slice(0, 10),
    currency: { externalId: order.currency },
    otherRefNum: order.orderNumber,
    memo: memo(
      correlationId,
      `${order.channel} order ${order.orderNumber}`,
      cancelled ? `cancelled${order.cancelReason ? `: ${order.cancelReason}` : ""}` : null,
    ),
    ...(order.customer?.email ? { email: order.customer.email } : {}),
    ...(shipMethod ? { shipMethod } : {}),
    shippingCost: decimal(shipping, order.currency),
    item: { items: order.lines.map((line) => mapLine(line, order, refs.mappings)) },
  };
}
