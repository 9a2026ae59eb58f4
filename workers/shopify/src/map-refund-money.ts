import type { ShopifyMoneySet } from "./schema-primitives";
import type { ShopifyOrderAdjustment, ShopifyRefund } from "./schema-refund";

type Of = (plain: string | number | null | undefined, set?: ShopifyMoneySet | null) => { amount: number };

/**
 * The shop currency of a refund. The payload does not name it, but every `*_set` states it as
 * `shop_money.currency_code`; transactions name theirs only when the set has nothing to say. Null
 * when the refund carries no amount at all.
 */
export function refundCurrency(r: ShopifyRefund): string | null {
  const sets = [
    r.total_duties_set,
    r.total_additional_fees_set,
    ...r.refund_line_items.flatMap((l) => [l.subtotal_set, l.total_tax_set]),
    ...r.refund_shipping_lines.flatMap((s) => [s.subtotal_amount_set, s.tax_amount_set]),
    ...r.order_adjustments.flatMap((a) => [a.amount_set, a.tax_amount_set]),
  ];
  const fromSets = sets.find((s) => s)?.shop_money.currency_code;
  return fromSets ?? r.transactions.find((t) => t.currency)?.currency ?? null;
}

/**
 * Shipping refunded, tax included, as a positive amount. From API version 2024-10 on, Shopify
 * states it as `refund_shipping_lines` and no longer as an order adjustment (REST Refund
 * reference, `order_adjustments`); earlier versions state it as adjustments of kind
 * `shipping_refund`, negated. Shopify's own 2026-07 example sends both for the same 5.00, so the
 * adjustments count only when there are no refund shipping lines, never on top of them.
 */
export function refundedShipping(r: ShopifyRefund, of: Of): number {
  if (r.refund_shipping_lines.length > 0) {
    return r.refund_shipping_lines.reduce(
      (total, s) =>
        total + of(null, s.subtotal_amount_set).amount + of(null, s.tax_amount_set ?? null).amount,
      0,
    );
  }
  return 0 - sum(r.order_adjustments.filter(isShippingRefund), of);
}

/**
 * Every other order adjustment (a refund discrepancy: less or more refunded than calculated) as
 * the canonical adjustment, positive for money back to the buyer. Shopify states adjustments as
 * calculated minus refunded, so they are negated here (`0 - x`, which never yields -0); shipping
 * adjustments are shipping.
 */
export function refundAdjustment(r: ShopifyRefund, of: Of): number {
  return (
    0 -
    sum(
      r.order_adjustments.filter((a) => !isShippingRefund(a)),
      of,
    )
  );
}

function isShippingRefund(a: ShopifyOrderAdjustment): boolean {
  return a.kind === "shipping_refund";
}

/** Amount plus its tax, for each adjustment. */
function sum(adjustments: readonly ShopifyOrderAdjustment[], of: Of): number {
  return adjustments.reduce(
    (total, a) => total + of(a.amount, a.amount_set).amount + of(a.tax_amount, a.tax_amount_set).amount,
    0,
  );
}
