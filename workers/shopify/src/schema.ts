import { z } from "zod";

/**
 * The parts of Shopify's REST order payload (orders/create, orders/updated, orders/cancelled) that
 * the mapping reads. Objects are open: Shopify adds fields every API version and we ignore those.
 * Amounts are decimal strings ("199.00"); refunds and a few older fields send JSON numbers.
 */
const Decimal = z.union([z.string(), z.number()]);
/** Shopify ids are int64 JSON numbers (all current ones are below 2^53) or, sometimes, digit strings. */
const Id = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);
const Timestamp = z.iso.datetime({ offset: true });
const text = z.string().nullish();
const list = <T extends z.ZodType>(item: T) =>
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

export const ShopifyTaxLine = z.object({
  title: z.string(),
  price: Decimal,
  price_set: ShopifyMoneySet.nullish(),
  rate: z.union([z.number(), z.string()]),
  channel_liable: z.boolean().nullish(),
});
export type ShopifyTaxLine = z.infer<typeof ShopifyTaxLine>;

export const ShopifyDiscountAllocation = z.object({
  amount: Decimal,
  amount_set: ShopifyMoneySet.nullish(),
  discount_application_index: z.number().int().nonnegative(),
});
export type ShopifyDiscountAllocation = z.infer<typeof ShopifyDiscountAllocation>;

export const ShopifyDiscountApplication = z.object({
  type: z.string(),
  code: text,
  title: text,
  description: text,
});
export type ShopifyDiscountApplication = z.infer<typeof ShopifyDiscountApplication>;

export const ShopifyLineItem = z.object({
  id: Id,
  sku: text,
  title: z.string(),
  variant_title: text,
  quantity: z.number().int().nonnegative(),
  price: Decimal,
  price_set: ShopifyMoneySet.nullish(),
  product_id: Id.nullish(),
  variant_id: Id.nullish(),
  requires_shipping: z.boolean().nullish(),
  gift_card: z.boolean().nullish(),
  tax_lines: list(ShopifyTaxLine),
  discount_allocations: list(ShopifyDiscountAllocation),
});
export type ShopifyLineItem = z.infer<typeof ShopifyLineItem>;

export const ShopifyShippingLine = z.object({
  id: Id.nullish(),
  code: text,
  title: z.string(),
  price: Decimal,
  price_set: ShopifyMoneySet.nullish(),
  is_removed: z.boolean().nullish(),
  tax_lines: list(ShopifyTaxLine),
  discount_allocations: list(ShopifyDiscountAllocation),
});
export type ShopifyShippingLine = z.infer<typeof ShopifyShippingLine>;

/** One tender movement (REST Transaction resource); present on orders only when enriched. */
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

export const ShopifyAddress = z.object({
  first_name: text,
  last_name: text,
  name: text,
  company: text,
  address1: text,
  address2: text,
  city: text,
  province: text,
  province_code: text,
  zip: text,
  country: text,
  country_code: text,
  phone: text,
});
export type ShopifyAddress = z.infer<typeof ShopifyAddress>;

export const ShopifyCustomer = z.object({
  id: Id.nullish(),
  email: text,
  phone: text,
  first_name: text,
  last_name: text,
});
export type ShopifyCustomer = z.infer<typeof ShopifyCustomer>;

export const ShopifyOrder = z.object({
  id: Id,
  admin_graphql_api_id: text,
  name: z.string(),
  email: text,
  contact_email: text,
  phone: text,
  currency: z.string().regex(/^[A-Z]{3}$/),
  created_at: Timestamp,
  updated_at: Timestamp,
  processed_at: Timestamp.nullish(),
  cancelled_at: Timestamp.nullish(),
  closed_at: Timestamp.nullish(),
  cancel_reason: text,
  financial_status: text,
  taxes_included: z.boolean(),
  test: z.boolean().nullish(),
  note: text,
  tags: text,
  total_line_items_price: Decimal,
  total_line_items_price_set: ShopifyMoneySet.nullish(),
  total_discounts: Decimal,
  total_discounts_set: ShopifyMoneySet.nullish(),
  total_tax: Decimal.nullish(),
  total_tax_set: ShopifyMoneySet.nullish(),
  total_price: Decimal,
  total_price_set: ShopifyMoneySet.nullish(),
  total_outstanding: Decimal.nullish(),
  total_tip_received: Decimal.nullish(),
  total_shipping_price_set: ShopifyMoneySet.nullish(),
  original_total_duties_set: ShopifyMoneySet.nullish(),
  original_total_additional_fees_set: ShopifyMoneySet.nullish(),
  line_items: z.array(ShopifyLineItem),
  shipping_lines: list(ShopifyShippingLine),
  discount_applications: list(ShopifyDiscountApplication),
  payment_gateway_names: list(z.string()),
  transactions: list(ShopifyTransaction),
  customer: ShopifyCustomer.nullish(),
  billing_address: ShopifyAddress.nullish(),
  shipping_address: ShopifyAddress.nullish(),
});
export type ShopifyOrder = z.infer<typeof ShopifyOrder>;
