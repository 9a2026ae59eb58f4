import type { Refund, RefundLine, RefundTransaction } from "../../../shared/canonical";
import { formatDecimal } from "../../../shared/canonical";
import { shopMoney } from "./map-money";
import { refundAdjustment, refundCurrency, refundedShipping } from "./map-refund-money";
import type { ShopifyRefund, ShopifyRefundLineItem } from "./schema-refund";

export type RefundMapping =
  | { ok: true; refund: Refund }
  | { ok: false; kind: "validation" | "mapping"; reason: string; detail: string | null };

/** Restock types that put the units back on hand (REST RefundLineItem `restock_type`). */
const RESTOCKS = new Set(["return", "cancel", "legacy_restock"]);

/**
 * A Shopify refund as the canonical Refund, in shop currency and integer minor units, or why it
 * cannot be one. The credit is the refund lines (goods and tax), the shipping refunded and the other
 * order adjustments; the money is the transactions of kind `refund` that succeeded, one per tender
 * and never merged (authorizations, failures and pending ones moved no money back). When money
 * moved it must equal the credit to the minor unit, else the delivery is parked with both sums:
 * an ERP credit memo that disagrees with the customer refunds is worse than none.
 */
export function mapShopifyRefund(r: ShopifyRefund, storeId: string): RefundMapping {
  const currency = refundCurrency(r);
  if (currency === null) return failure("validation", r, "states no amount in any currency", null);
  const m = shopMoney(currency);
  const money = (amount: number) => ({ amount, currency });
  const d = (amount: number) => formatDecimal(amount, currency);

  const duties = m.of(null, r.total_duties_set).amount;
  const fees = m.of(null, r.total_additional_fees_set).amount;
  if (duties !== 0 || fees !== 0) {
    const detail = `duties ${d(duties)}, additional fees ${d(fees)} ${currency}`;
    return failure(
      "mapping",
      r,
      "refunds duties or additional fees, which a canonical Refund cannot carry",
      detail,
    );
  }

  const lines: RefundLine[] = r.refund_line_items.map((l) => ({
    externalLineId: l.line_item_id,
    sku: l.line_item?.sku || null,
    quantity: l.quantity,
    amount: m.of(l.subtotal, l.subtotal_set),
    tax: m.of(l.total_tax, l.total_tax_set),
    restock: restocks(l, r.restock),
  }));
  const shipping = refundedShipping(r, m.of);
  const adjustment = refundAdjustment(r, m.of);

  const transactions: RefundTransaction[] = [];
  for (const t of r.transactions.filter((t) => t.kind === "refund" && t.status === "success")) {
    // Transactions state their own currency, the presentment one on multi-currency orders; there is
    // no rate here to bring it into shop currency.
    if (t.currency && t.currency !== currency) {
      return failure(
        "mapping",
        r,
        `has a refund transaction in ${t.currency}, not the shop's ${currency}`,
        t.id,
      );
    }
    transactions.push({
      externalId: t.id,
      gateway: t.gateway || "unknown",
      method: t.payment_details?.credit_card_company || t.payment_details?.payment_method_name || null,
      amount: m.of(t.amount),
    });
  }

  const goods = lines.reduce((total, l) => total + l.amount.amount, 0);
  const tax = lines.reduce((total, l) => total + l.tax.amount, 0);
  const total = goods + tax + shipping + adjustment;
  const paid = transactions.reduce((sum, t) => sum + t.amount.amount, 0);
  if (transactions.length > 0 && paid !== total) {
    const detail =
      `goods ${d(goods)} + tax ${d(tax)} + shipping ${d(shipping)} + adjustment ${d(adjustment)} = ${d(total)} ${currency}, ` +
      `but the successful refund transactions sum to ${d(paid)} ${currency}`;
    return failure("validation", r, "does not balance", detail);
  }

  return {
    ok: true,
    refund: {
      channel: "shopify",
      storeId,
      orderExternalId: r.order_id,
      externalId: r.id,
      returnExternalId: r.return?.id ?? null,
      currency,
      lines,
      shipping: money(shipping),
      adjustment: money(adjustment),
      transactions,
      total: money(total),
      note: r.note || null,
      // `processed_at` is when the money moved (it is back-dated for imported refunds).
      createdAt: r.processed_at ?? r.created_at,
    },
  };
}

/** The line's restock type decides; refunds from before restock types fall back to the refund's flag. */
function restocks(line: ShopifyRefundLineItem, refundRestock: boolean | null | undefined): boolean {
  return line.restock_type ? RESTOCKS.has(line.restock_type) : (refundRestock ?? false);
}

function failure(
  kind: "validation" | "mapping",
  r: ShopifyRefund,
  what: string,
  detail: string | null,
): RefundMapping {
  return { ok: false, kind, reason: `Shopify refund ${r.id} of order ${r.order_id} ${what}`, detail };
}
