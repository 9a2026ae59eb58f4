import { formatDecimal, type Order, type OrderLine } from "../../../../../shared/canonical";
import { salesOrderExternalId, storeCustomerExternalId } from "./external-id";

/**
 * Canonical order to NetSuite salesOrder body. Pure and total: it never refuses an order, NetSuite
 * does, and its error (with the field path) is what a person sees on the parked row.
 *
 * Mapping choices (see the README):
 * - customer: orders are booked to a store customer, `{"externalId": "<channel>-<storeId>"}`, or to one
 *   configured customer (`NETSUITE_DEFAULT_CUSTOMER_ID`) for every store; the buyer's email travels in
 *   `email`. A customer NetSuite does not know is refused there, and the row parks saying so.
 * - items and currency are referenced by external id: the SKU (`{"externalId": sku}`) and the ISO
 *   code (`{"externalId": "USD"}`); set those external ids on the NetSuite records.
 * - discounts are folded into the lines: `rate` is the unit price, `amount` is the line after its
 *   discount allocations, so the lines add up to the channel's subtotal with no discount item.
 * - cancelled orders keep their lines, each closed (`isClosed: true`).
 * - tax is left to NetSuite (SuiteTax computes it); for tax-inclusive prices the lines and shipping
 *   go net of their tax lines. Amounts are decimals via formatDecimal.
 * - fees (duties, tips, additional fees) are not sent yet: they need a fee item per retailer, which
 *   comes with per-connection mappings.
 */
export interface SalesOrderDefaults {
  /** NetSuite internal id of the customer every order is booked to; null for the store's own customer. */
  customerId: string | null;
}

export interface SalesOrderLine {
  item?: { externalId: string };
  description: string;
  quantity: number;
  /** The unit price; left out for tax-inclusive prices, where only the net line amount is exact. */
  rate?: number;
  amount: number;
  isClosed?: true;
}

export interface SalesOrderBody {
  externalId: string;
  entity: { id: string } | { externalId: string };
  tranDate: string;
  currency: { externalId: string };
  otherRefNum: string;
  memo: string;
  email?: string;
  shippingCost: number;
  item: { items: SalesOrderLine[] };
}

const MEMO_LIMIT = 999;

/**
 * JSON numbers from exact decimal text: for amounts this size JSON.stringify prints the shortest
 * form that parses back to the same double, which is the decimal we formatted (minus trailing zeros).
 */
function decimal(minor: number, currency: string): number {
  return Number(formatDecimal(minor, currency));
}

const sumOf = (items: readonly { amount: { amount: number } }[]) =>
  items.reduce((sum, i) => sum + i.amount.amount, 0);

function mapLine(
  line: OrderLine,
  currency: string,
  cancelled: boolean,
  taxesIncluded: boolean,
): SalesOrderLine {
  const gross = line.unitPrice.amount * line.quantity;
  const discount = sumOf(line.discountAllocations);
  // Tax-inclusive prices (VAT stores): NetSuite's SuiteTax adds tax on top, so it gets the net amount.
  const tax = taxesIncluded ? sumOf(line.taxLines) : 0;
  return {
    // No SKU, no item: NetSuite answers "Please enter value(s) for: Item" on this line's path.
    ...(line.sku ? { item: { externalId: line.sku } } : {}),
    description: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
    quantity: line.quantity,
    ...(taxesIncluded ? {} : { rate: decimal(line.unitPrice.amount, currency) }),
    amount: decimal(gross - discount - tax, currency),
    ...(cancelled ? { isClosed: true as const } : {}),
  };
}

export function mapSalesOrder(
  order: Order,
  correlationId: string,
  defaults: SalesOrderDefaults,
): SalesOrderBody {
  const cancelled = order.status === "cancelled";
  const shipping = order.shippingLines.reduce(
    (sum, s) =>
      sum + s.price.amount - sumOf(s.discountAllocations) - (order.taxesIncluded ? sumOf(s.taxLines) : 0),
    0,
  );
  const memo = [
    `mesh ${correlationId}`,
    `${order.channel} order ${order.orderNumber}`,
    cancelled ? `cancelled${order.cancelReason ? `: ${order.cancelReason}` : ""}` : null,
  ]
    .filter((part) => part !== null)
    .join(" | ");
  return {
    externalId: salesOrderExternalId(order),
    entity: defaults.customerId
      ? { id: defaults.customerId }
      : { externalId: storeCustomerExternalId(order) },
    // The date as the channel wrote it, in the store's own offset: NetSuite's tranDate is a plain date.
    tranDate: order.placedAt.slice(0, 10),
    currency: { externalId: order.currency },
    otherRefNum: order.orderNumber,
    memo: memo.slice(0, MEMO_LIMIT),
    ...(order.customer?.email ? { email: order.customer.email } : {}),
    shippingCost: decimal(shipping, order.currency),
    item: { items: order.lines.map((line) => mapLine(line, order.currency, cancelled, order.taxesIncluded)) },
  };
}
