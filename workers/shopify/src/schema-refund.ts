import { z } from "zod";
import { Decimal, Id, list, ShopifyMoneySet, ShopifyTransaction, Timestamp, text } from "./schema-primitives";

/**
 * The parts of Shopify's REST Refund resource (the body of `refunds/create`) that the mapping
 * reads. Plain amounts (`subtotal`, `total_tax`, `amount`) are in shop currency like their `*_set`
 * twins, which are preferred. Field facts: REST Refund reference, API versions 2024-10 to 2026-07.
 */
export const ShopifyRefundLineItem = z.object({
  id: Id.nullish(),
  line_item_id: Id,
  quantity: z.number().int().nonnegative(),
  /** `no_restock`, `cancel`, `return`, or `legacy_restock` (refunds made with the old `restock` flag). */
  restock_type: text,
  location_id: Id.nullish(),
  subtotal: Decimal.nullish(),
  subtotal_set: ShopifyMoneySet.nullish(),
  total_tax: Decimal.nullish(),
  total_tax_set: ShopifyMoneySet.nullish(),
  line_item: z.object({ sku: text }).nullish(),
});
export type ShopifyRefundLineItem = z.infer<typeof ShopifyRefundLineItem>;

/**
 * A refunded shipping line (REST from 2024-10 on). The REST reference lists `subtotal_amount_set`
 * only; `tax_amount_set` is the GraphQL RefundShippingLine's tax and is read when a payload has it.
 */
export const ShopifyRefundShippingLine = z.object({
  id: Id.nullish(),
  shipping_line_id: Id.nullish(),
  subtotal_amount_set: ShopifyMoneySet,
  tax_amount_set: ShopifyMoneySet.nullish(),
});
export type ShopifyRefundShippingLine = z.infer<typeof ShopifyRefundShippingLine>;

/**
 * Calculated refund minus what was actually refunded, so negative when more went back to the buyer
 * (a `shipping_refund` is the shipping refunded, negated). `kind` is deprecated since 2024-10.
 */
export const ShopifyOrderAdjustment = z.object({
  id: Id.nullish(),
  kind: text,
  reason: text,
  amount: Decimal.nullish(),
  amount_set: ShopifyMoneySet.nullish(),
  tax_amount: Decimal.nullish(),
  tax_amount_set: ShopifyMoneySet.nullish(),
});
export type ShopifyOrderAdjustment = z.infer<typeof ShopifyOrderAdjustment>;

export const ShopifyRefund = z.object({
  id: Id,
  order_id: Id,
  created_at: Timestamp,
  processed_at: Timestamp.nullish(),
  note: text,
  /** Deprecated refund-wide flag; `restock_type` on each line supersedes it. */
  restock: z.boolean().nullish(),
  /** The return this refund settles, when it came from one. */
  return: z.object({ id: Id }).nullish(),
  refund_line_items: list(ShopifyRefundLineItem),
  refund_shipping_lines: list(ShopifyRefundShippingLine),
  order_adjustments: list(ShopifyOrderAdjustment),
  transactions: list(ShopifyTransaction),
  total_duties_set: ShopifyMoneySet.nullish(),
  total_additional_fees_set: ShopifyMoneySet.nullish(),
});
export type ShopifyRefund = z.infer<typeof ShopifyRefund>;
