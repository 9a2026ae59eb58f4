import type { Order } from "../../../../../shared/canonical";

/**
 * The external id a channel order has in NetSuite: `<channel>-<storeId>-<channel order id>`, e.g.
 * `shopify-sto_1-450789469` becomes `shopify-sto__1-450789469`. NetSuite's `eid:` values allow only
 * letters, digits, `_` and `-`, so each part is escaped: `_` doubles, any other character becomes `_`
 * plus its UTF-8 bytes in hex. The escaping is injective, so two orders can never share an id.
 */
export function salesOrderExternalId(order: Pick<Order, "channel" | "storeId" | "externalId">): string {
  return [order.channel, order.storeId, order.externalId].map(escapePart).join("-");
}

/** External id of the customer a store's orders are booked to when no default customer is set. */
export function storeCustomerExternalId(order: Pick<Order, "channel" | "storeId">): string {
  return [order.channel, order.storeId].map(escapePart).join("-");
}

const encoder = new TextEncoder();

function escapePart(part: string): string {
  let out = "";
  for (const char of part) {
    if (/^[A-Za-z0-9]$/.test(char)) out += char;
    else if (char === "_") out += "__";
    else for (const byte of encoder.encode(char)) out += `_${byte.toString(16).padStart(2, "0")}`;
  }
  return out;
}
