import { z } from "zod";
import { CurrencyCode, Money } from "./money";

/**
 * What a journal line is for. Each connection maps a purpose to one of its GL accounts, so the mesh
 * never carries a retailer's chart of accounts in its own records.
 */
export const GlPurpose = z.enum([
  "sales",
  "shipping_income",
  "discounts",
  "tax_payable",
  "undeposited_funds",
  "marketplace_clearing",
  "marketplace_fees",
  "payment_fees",
  "refunds",
  "inventory_adjustment",
  "bank",
]);
export type GlPurpose = z.infer<typeof GlPurpose>;

export const JournalLine = z.object({
  purpose: GlPurpose,
  side: z.enum(["debit", "credit"]),
  amount: Money,
  memo: z.string().nullable(),
});
export type JournalLine = z.infer<typeof JournalLine>;

/**
 * Canonical journal entry v1 (settlement fees, reserves, adjustments). Natural key: source +
 * externalId (e.g. `amazon-settlement` + the settlement id). Debits equal credits, checked here.
 */
export const JournalEntry = z
  .object({
    source: z.string().min(1),
    externalId: z.string().min(1),
    /** The posting date as a plain date (YYYY-MM-DD). */
    date: z.iso.date(),
    currency: CurrencyCode,
    memo: z.string(),
    lines: z.array(JournalLine).min(2),
  })
  .superRefine((j, ctx) => {
    if (j.lines.some((l) => l.amount.currency !== j.currency || l.amount.amount <= 0)) {
      ctx.addIssue({
        code: "custom",
        message: `lines must be positive amounts in ${j.currency}`,
        path: ["lines"],
      });
      return;
    }
    const side = (s: "debit" | "credit") =>
      j.lines.filter((l) => l.side === s).reduce((total, l) => total + l.amount.amount, 0);
    if (side("debit") !== side("credit")) {
      ctx.addIssue({
        code: "custom",
        message: `debits ${side("debit")} do not equal credits ${side("credit")}`,
        path: ["lines"],
      });
    }
  });
export type JournalEntry = z.infer<typeof JournalEntry>;
