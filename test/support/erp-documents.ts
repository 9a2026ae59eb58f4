import type { Fulfillment, JournalEntry, Order, Refund, Return } from "../../shared/canonical";
import type { ErpDocument } from "../../shared/erp";

/**
 * Builders shared by every ERP adapter's test documents: the parts that tie a document to its
 * order, the red iPod (line 518995019) that every return and refund is about, the settlement fee
 * lines, and the document wrappers. Each ERP's documents file keeps its own ids, dates and amounts.
 */
export const usd = (amount: number) => ({ amount, currency: "USD" });

/** The fields that tie a fulfillment, return or refund to its order. */
export function orderRefOf(order: Order): Pick<Fulfillment, "channel" | "storeId" | "orderExternalId"> {
  return { channel: order.channel, storeId: order.storeId, orderExternalId: order.externalId };
}

type ReturnFields = Pick<
  Return,
  "externalId" | "rmaNumber" | "locationId" | "authorizedAt" | "sourceUpdatedAt"
> & {
  quantity: number;
  reason: string;
  /** When the goods came back; ignored while nothing is received. */
  receivedAt: string;
};

/** A return of red iPods, authorized, or received and restocked once `received` is above zero. */
export function redIpodReturn(order: Order, received: number, fields: ReturnFields): Return {
  return {
    ...orderRefOf(order),
    externalId: fields.externalId,
    rmaNumber: fields.rmaNumber,
    status: received > 0 ? "received" : "authorized",
    locationId: fields.locationId,
    lines: [
      {
        externalLineId: "518995019",
        sku: "IPOD2008RED",
        quantity: fields.quantity,
        reason: fields.reason,
        receivedQuantity: received,
        disposition: received > 0 ? "restock" : null,
      },
    ],
    authorizedAt: fields.authorizedAt,
    receivedAt: received > 0 ? fields.receivedAt : null,
    sourceUpdatedAt: fields.sourceUpdatedAt,
  };
}

type RefundFields = Pick<
  Refund,
  | "externalId"
  | "returnExternalId"
  | "shipping"
  | "adjustment"
  | "transactions"
  | "total"
  | "note"
  | "createdAt"
>;

/** A refund in USD of one red iPod (199.00 + 11.94 tax, restocked). */
export function redIpodRefund(order: Order, fields: RefundFields): Refund {
  return {
    ...orderRefOf(order),
    externalId: fields.externalId,
    returnExternalId: fields.returnExternalId,
    currency: "USD",
    lines: [
      {
        externalLineId: "518995019",
        sku: "IPOD2008RED",
        quantity: 1,
        amount: usd(19900),
        tax: usd(1194),
        restock: true,
      },
    ],
    shipping: fields.shipping,
    adjustment: fields.adjustment,
    transactions: fields.transactions,
    total: fields.total,
    note: fields.note,
    createdAt: fields.createdAt,
  };
}

/**
 * The lines of an Amazon settlement's fees (12.34 referral fees), cleared against the marketplace;
 * `paymentFees` adds 0.66 of payment fees to the same clearing line.
 */
export function settlementFeeLines(paymentFees: boolean): JournalEntry["lines"] {
  const referral = {
    purpose: "marketplace_fees",
    side: "debit",
    amount: usd(1234),
    memo: "referral fees",
  } as const;
  if (!paymentFees)
    return [referral, { purpose: "marketplace_clearing", side: "credit", amount: usd(1234), memo: null }];
  return [
    referral,
    { purpose: "payment_fees", side: "debit", amount: usd(66), memo: null },
    { purpose: "marketplace_clearing", side: "credit", amount: usd(1300), memo: null },
  ];
}

export function paymentDocOf(
  order: Order,
  tenderIndex = 0,
): Extract<ErpDocument, { kind: "customer_payment" }> {
  const payment = order.payments[tenderIndex];
  if (!payment) throw new Error(`the order has no tender ${tenderIndex}`);
  return { kind: "customer_payment", order, payment, tenderIndex };
}

/** The refund document of a refund's first transaction. */
export function refundDocOf(order: Order, refund: Refund): Extract<ErpDocument, { kind: "customer_refund" }> {
  const [transaction] = refund.transactions;
  if (!transaction) throw new Error("the refund has no transaction");
  return { kind: "customer_refund", order, refund, transaction };
}
