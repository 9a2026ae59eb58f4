import { z } from "zod";
import {
  Address,
  Channel,
  Customer,
  Fulfillment,
  InventoryAdjustment,
  JournalEntry,
  Order,
  Payment,
  Refund,
  RefundTransaction,
  Return,
} from "../canonical";

/**
 * The documents the mesh writes into an ERP, one kind per outbox row. Each carries the canonical
 * records its adapter needs (a fulfilment travels with its order, so an adapter can find the lines it
 * ships), so a push never has to read anything but its claim. See workers/erp-sync/README.md for the table of
 * kinds, their dependencies and what each ERP makes of them.
 */
export const ErpDocKind = z.enum([
  "customer",
  "sales_order",
  "customer_payment",
  "fulfillment",
  "return_authorization",
  "item_receipt",
  "credit_memo",
  "customer_refund",
  "journal_entry",
  "inventory_adjustment",
]);
export type ErpDocKind = z.infer<typeof ErpDocKind>;

/** A buyer as the ERP should know them: matched by email where the ERP can search, created otherwise. */
export const ErpCustomer = z.object({
  channel: Channel,
  storeId: z.string().min(1),
  customer: Customer,
  billingAddress: Address.nullable(),
  shippingAddress: Address.nullable(),
});
export type ErpCustomer = z.infer<typeof ErpCustomer>;

export const ErpDocument = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("customer"), customer: ErpCustomer }),
  /** Create, update, and full or partial cancellation: the order snapshot says which. */
  z.object({ kind: z.literal("sales_order"), order: Order }),
  /** One per captured tender (split tenders are kept apart), against the order. */
  z.object({
    kind: z.literal("customer_payment"),
    order: Order,
    payment: Payment,
    tenderIndex: z.number().int(),
  }),
  z.object({ kind: z.literal("fulfillment"), order: Order, fulfillment: Fulfillment }),
  z.object({ kind: z.literal("return_authorization"), order: Order, return: Return }),
  z.object({ kind: z.literal("item_receipt"), order: Order, return: Return }),
  z.object({ kind: z.literal("credit_memo"), order: Order, refund: Refund, return: Return.nullable() }),
  /** One per refund transaction (tender), applied against the credit memo. */
  z.object({
    kind: z.literal("customer_refund"),
    order: Order,
    refund: Refund,
    transaction: RefundTransaction,
  }),
  z.object({ kind: z.literal("journal_entry"), journal: JournalEntry }),
  z.object({ kind: z.literal("inventory_adjustment"), adjustment: InventoryAdjustment }),
]);
export type ErpDocument = z.infer<typeof ErpDocument>;
export type ErpDocumentOf<K extends ErpDocKind> = Extract<ErpDocument, { kind: K }>;

/**
 * ERP ids of the documents a claim depends on, by kind: a fulfilment's claim carries the sales
 * order's id (`refs.sales_order`), a customer refund the credit memo's, and so on. Only documents
 * already written are present; the outbox never releases a row before its dependencies are done.
 */
export type ErpRefs = Partial<Record<ErpDocKind, string>>;

const keyPart = (part: string) => encodeURIComponent(part);
const orderKey = (o: { channel: string; storeId: string; externalId: string }) =>
  [o.channel, o.storeId, o.externalId].map(keyPart).join(":");

/** The mesh's natural key of the sales order for an order (also the order's own key). */
export function salesOrderKey(order: Pick<Order, "channel" | "storeId" | "externalId">): string {
  return `sales_order:${orderKey(order)}`;
}

/**
 * The document's natural key: stable however often the document is produced, unique across kinds.
 * Adapters derive the ERP-side idempotency key (external id, external document number) from it.
 */
export function documentKey(doc: ErpDocument): string {
  switch (doc.kind) {
    case "customer": {
      const c = doc.customer;
      const who = c.customer.externalId ?? c.customer.email?.toLowerCase() ?? "anonymous";
      return `customer:${[c.channel, c.storeId, who].map(keyPart).join(":")}`;
    }
    case "sales_order":
      return salesOrderKey(doc.order);
    case "customer_payment":
      return `customer_payment:${orderKey(doc.order)}:${keyPart(doc.payment.externalId ?? `tender-${doc.tenderIndex}`)}`;
    case "fulfillment":
      return `fulfillment:${orderKey(doc.order)}:${keyPart(doc.fulfillment.externalId)}`;
    case "return_authorization":
      return `return_authorization:${orderKey(doc.order)}:${keyPart(doc.return.externalId)}`;
    case "item_receipt":
      return `item_receipt:${orderKey(doc.order)}:${keyPart(doc.return.externalId)}`;
    case "credit_memo":
      return `credit_memo:${orderKey(doc.order)}:${keyPart(doc.refund.externalId)}`;
    case "customer_refund":
      return `customer_refund:${orderKey(doc.order)}:${keyPart(doc.refund.externalId)}:${keyPart(doc.transaction.externalId)}`;
    case "journal_entry":
      return `journal_entry:${keyPart(doc.journal.source)}:${keyPart(doc.journal.externalId)}`;
    case "inventory_adjustment":
      return `inventory_adjustment:${keyPart(doc.adjustment.externalId)}`;
  }
}

/**
 * Which documents must be in the ERP before this one can be written: the keys of their outbox rows.
 * A sales order waits for its customer (when it has one), a fulfilment for its sales order, a receipt
 * for its authorization, a refund for its credit memo.
 */
export function documentDependencies(doc: ErpDocument, customerKey: string | null): string[] {
  switch (doc.kind) {
    case "customer":
    case "journal_entry":
    case "inventory_adjustment":
      return [];
    case "sales_order":
      return customerKey ? [customerKey] : [];
    case "customer_payment":
    case "fulfillment":
    case "return_authorization":
      return [salesOrderKey(doc.order)];
    case "item_receipt":
      return [`return_authorization:${orderKey(doc.order)}:${keyPart(doc.return.externalId)}`];
    case "credit_memo":
      return doc.return
        ? [`return_authorization:${orderKey(doc.order)}:${keyPart(doc.return.externalId)}`]
        : [salesOrderKey(doc.order)];
    case "customer_refund":
      return [`credit_memo:${orderKey(doc.order)}:${keyPart(doc.refund.externalId)}`];
  }
}
