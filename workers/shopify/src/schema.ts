import { z } from "zod";

import { Decimal, Id, list, ShopifyMoneySet, ShopifyTransaction, Timestamp, text } from "./schema-primitives";

/**
 * The parts of Shopify's REST order payload (orders/create, orders/updated, orders/cancelled) that
 * the mapping reads. Primitives (ids, decimals, money sets) are in schema-primitives.ts.
 */
export { ShopifyMoneySet, ShopifyTransaction };

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
  /** Units left after removals (edits, refunds); REST carries it from API version 2024-01 on. */
  current_quantity: z.number().int().nonnegative().nullish(),
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

/** A fulfilment as the order payload lists it: only what tells how many units of a line shipped. */
export const ShopifyOrderFulfillment = z.object({
  status: text,
  line_items: list(z.object({ id: Id, quantity: z.number().int().nonnegative() })),
});
export type ShopifyOrderFulfillment = z.infer<typeof ShopifyOrderFulfillment>;

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
  fulfillments: list(ShopifyOrderFulfillment),
  customer: ShopifyCustomer.nullish(),
  billing_address: ShopifyAddress.nullish(),
  shipping_address: ShopifyAddress.nullish(),
});
export type ShopifyOrder = z.infer<typeof ShopifyOrder>;
