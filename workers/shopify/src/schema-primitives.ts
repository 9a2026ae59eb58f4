import { z } from "zod";

/**
 * Building blocks of the Shopify REST payloads the connector reads (orders, fulfillments, refunds).
 * Objects built from them are open: Shopify adds fields every API version and we ignore those.
 */

/** Amounts are decimal strings ("199.00"); refunds and a few older fields send JSON numbers. */
export const Decimal = z.union([z.string(), z.number()]);

/**
 * Shopify ids are int64 JSON numbers or, sometimes, digit strings. A number past 2^53 has already
 * been rounded by `JSON.parse` before we see it (the webhook reference's own samples carry such
 * ids), so it is refused rather than passed on as the id of some other record.
 */
export const Id = z
  .union([
    z.number().int({ error: "an id beyond 2^53 cannot be read exactly from a JSON number" }).nonnegative(),
    z.string().regex(/^\d+$/),
  ])
  .transform(String);

export const Timestamp = z.iso.datetime({ offset: true });

export const text = z.string().nullish();

/** An optional list; absent and null both read as empty. */
export const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((v) => v ?? []);

export const ShopifyMoneyBag = z.object({ amount: Decimal, currency_code: z.string() });

/** The `*_set` twin of an amount: shop currency and the buyer's presentment currency. */
export const ShopifyMoneySet = z.object({
  shop_money: ShopifyMoneyBag,
  presentment_money: ShopifyMoneyBag.nullish(),
});
export type ShopifyMoneySet = z.infer<typeof ShopifyMoneySet>;

/** One tender movement (REST Transaction resource), on refunds and on enriched orders. */
export const ShopifyTransaction = z.object({
  id: Id,
  kind: z.string(),
  gateway: text,
  status: text,
  amount: Decimal,
  currency: text,
  payment_details: z.object({ credit_card_company: text, payment_method_name: text }).nullish(),
});
export type ShopifyTransaction = z.infer<typeof ShopifyTransaction>;
