import type { Order } from "../../../../../shared/canonical";
import type { ErpCustomer, ErpDocument } from "../../../../../shared/erp";

/**
 * External ids of the mesh's documents in NetSuite, the key of every upsert and transform look-up.
 * A sales order is `<channel>-<storeId>-<channel order id>` (`shopify-sto__1-450789469`); every other
 * kind is a short prefix plus its natural key's parts (`IF-shopify-sto__1-450789469-F1`). NetSuite's
 * `eid:` values allow only letters, digits, `_` and `-` (reference/erp.md §1.2), so each part is
 * escaped: `_` doubles, any other character becomes `_` plus its UTF-8 bytes in hex. Parts never
 * contain `-` after escaping, so the joined id is injective: two documents never share one.
 */
export function salesOrderExternalId(order: Pick<Order, "channel" | "storeId" | "externalId">): string {
  return [order.channel, order.storeId, order.externalId].map(escapePart).join("-");
}

/** External id of the customer a store's orders are booked to when no customer or default is set. */
export function storeCustomerExternalId(order: Pick<Order, "channel" | "storeId">): string {
  return [order.channel, order.storeId].map(escapePart).join("-");
}

export function customerExternalId(c: ErpCustomer): string {
  const who = c.customer.externalId ?? c.customer.email?.toLowerCase() ?? "anonymous";
  return ["CUS", ...[c.channel, c.storeId, who].map(escapePart)].join("-");
}

const orderParts = (o: Pick<Order, "channel" | "storeId" | "externalId">) => [
  o.channel,
  o.storeId,
  o.externalId,
];

function prefixed(prefix: string, parts: readonly string[]): string {
  return [prefix, ...parts.map(escapePart)].join("-");
}

export const returnAuthorizationExternalId = (order: Order, returnId: string) =>
  prefixed("RA", [...orderParts(order), returnId]);

export const creditMemoExternalId = (order: Order, refundId: string) =>
  prefixed("CM", [...orderParts(order), refundId]);

/** The external id of a document other than a customer or sales order. */
export function documentExternalId(doc: Exclude<ErpDocument, { kind: "customer" | "sales_order" }>): string {
  switch (doc.kind) {
    case "customer_payment":
      return prefixed("DEP", [
        ...orderParts(doc.order),
        doc.payment.externalId ?? `tender-${doc.tenderIndex}`,
      ]);
    case "fulfillment":
      return prefixed("IF", [...orderParts(doc.order), doc.fulfillment.externalId]);
    case "return_authorization":
      return returnAuthorizationExternalId(doc.order, doc.return.externalId);
    case "item_receipt":
      return prefixed("IR", [...orderParts(doc.order), doc.return.externalId]);
    case "credit_memo":
      return creditMemoExternalId(doc.order, doc.refund.externalId);
    case "customer_refund":
      return prefixed("REF", [...orderParts(doc.order), doc.refund.externalId, doc.transaction.externalId]);
    case "journal_entry":
      return prefixed("JE", [doc.journal.source, doc.journal.externalId]);
    case "inventory_adjustment":
      return prefixed("ADJ", [doc.adjustment.externalId]);
  }
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
