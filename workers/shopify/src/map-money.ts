import type { DiscountAllocation, Money, TaxLine } from "../../../shared/canonical";
import { parseDecimal } from "../../../shared/canonical";
import type {
  ShopifyDiscountAllocation,
  ShopifyDiscountApplication,
  ShopifyMoneySet,
  ShopifyTaxLine,
} from "./schema";

type Decimal = string | number;

/**
 * Money of one order, always in the shop currency: the `*_set.shop_money` twin when Shopify sends
 * it, else the plain field (which Shopify also states in shop currency). Amounts become integer
 * minor units by decimal parsing, never through floating point.
 */
export function shopMoney(currency: string) {
  const of = (plain: Decimal | null | undefined, set?: ShopifyMoneySet | null): Money => {
    if (set) {
      if (set.shop_money.currency_code !== currency) {
        throw new RangeError(`shop_money in ${set.shop_money.currency_code} on an order in ${currency}`);
      }
      return { amount: parseDecimal(set.shop_money.amount, currency), currency };
    }
    return { amount: plain === null || plain === undefined ? 0 : parseDecimal(plain, currency), currency };
  };

  const taxLines = (lines: readonly ShopifyTaxLine[]): TaxLine[] =>
    lines.map((t) => ({
      title: t.title,
      rate: rateText(t.rate),
      amount: of(t.price, t.price_set),
      channelLiable: t.channel_liable ?? false,
    }));

  const discountAllocations = (
    allocations: readonly ShopifyDiscountAllocation[],
    applications: readonly ShopifyDiscountApplication[],
  ): DiscountAllocation[] =>
    allocations.map((a) => ({
      source: discountSource(applications, a.discount_application_index),
      amount: of(a.amount, a.amount_set),
    }));

  return { of, taxLines, discountAllocations };
}

/** "0.06" whether Shopify sent 0.06 or "0.06"; never exponent notation. */
export function rateText(rate: number | string): string {
  if (typeof rate === "string") return rate.trim();
  const fixed = rate.toFixed(10).replace(/0+$/, "");
  return fixed.endsWith(".") ? fixed.slice(0, -1) : fixed;
}

/** The discount code, else the title of the application, else its position. */
function discountSource(applications: readonly ShopifyDiscountApplication[], index: number): string {
  const application = applications[index];
  return (
    application?.code || application?.title || application?.description || `discount_application_${index}`
  );
}
