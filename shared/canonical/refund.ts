import { z } from "zod";
import { CurrencyCode, Money } from "./money";
import { Channel } from "./order";

export const RefundLine = z.object({
  externalLineId: z.string().min(1),
  sku: z.string().nullable(),
  quantity: z.number().int().nonnegative(),
  /** Goods refunded for this line, net of tax (after its discounts). */
  amount: Money,
  tax: Money,
  /** The units go back into stock (a restocking refund), as opposed to a refund without return. */
  restock: z.boolean(),
});
export type RefundLine = z.infer<typeof RefundLine>;

/** Money going back through one tender. Split tenders refund separately and are never merged. */
export const RefundTransaction = z.object({
  externalId: z.string().min(1),
  gateway: z.string(),
  method: z.string().nullable(),
  amount: Money,
});
export type RefundTransaction = z.infer<typeof RefundTransaction>;

const sum = (values: readonly Money[]) => values.reduce((total, m) => total + m.amount, 0);

/**
 * Canonical refund v1: what is credited (lines, shipping, adjustments) and how the money goes back
 * (one transaction per tender). Natural key: channel + storeId + orderExternalId + externalId.
 * The ERP receives a credit memo for the credit and one customer refund per transaction.
 * Invariant, checked here: credit total = lines (amount + tax) + shipping + adjustment = transactions.
 */
export const Refund = z
  .object({
    channel: Channel,
    storeId: z.string().min(1),
    orderExternalId: z.string().min(1),
    externalId: z.string().min(1),
    /** The return this refund settles, when it follows one. */
    returnExternalId: z.string().nullable(),
    currency: CurrencyCode,
    lines: z.array(RefundLine),
    /** Shipping refunded, tax included. */
    shipping: Money,
    /** Order-level goodwill or correction, positive for money back to the customer. */
    adjustment: Money,
    transactions: z.array(RefundTransaction),
    total: Money,
    note: z.string().nullable(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .superRefine((r, ctx) => {
    const monies = [
      ...r.lines.flatMap((l) => [l.amount, l.tax]),
      r.shipping,
      r.adjustment,
      r.total,
      ...r.transactions.map((t) => t.amount),
    ];
    if (monies.some((m) => m.currency !== r.currency)) {
      ctx.addIssue({ code: "custom", message: `every amount must be in ${r.currency}`, path: ["currency"] });
      return;
    }
    const credited = sum(r.lines.flatMap((l) => [l.amount, l.tax])) + r.shipping.amount + r.adjustment.amount;
    if (credited !== r.total.amount) {
      ctx.addIssue({
        code: "custom",
        message: `lines, shipping and adjustment sum to ${credited}, not the total`,
        path: ["total"],
      });
    }
    const paid = sum(r.transactions.map((t) => t.amount));
    if (r.transactions.length > 0 && paid !== r.total.amount) {
      ctx.addIssue({
        code: "custom",
        message: `transactions sum to ${paid}, not the total`,
        path: ["transactions"],
      });
    }
  });
export type Refund = z.infer<typeof Refund>;
