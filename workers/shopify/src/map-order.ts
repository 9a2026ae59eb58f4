import type { Address, Customer, Order, OrderFee } from "../../../shared/canonical";
import { FinancialStatus, sumMoney } from "../../../shared/canonical";
import { cancelledQuantities } from "./map-cancelled";
import { shopMoney } from "./map-money";
import { mapPayments } from "./map-payments";
import type { ShopifyAddress, ShopifyOrder } from "./schema";

/**
 * A Shopify order as the canonical Order, as it was placed: original quantities and amounts, not the
 * `current_*` ones after edits and refunds (refunds are their own events); units removed from a line
 * before they shipped are its `cancelledQuantity` (map-cancelled.ts). Totals are Shopify's own:
 * subtotal is the line items before discounts (`total_line_items_price`), so
 * total = subtotal - discounts + shipping + tax (unless taxes are included) + fees.
 */
export function mapShopifyOrder(order: ShopifyOrder, storeId: string): Order {
  const currency = order.currency;
  const m = shopMoney(currency);
  const applications = order.discount_applications;
  const shippingLines = order.shipping_lines
    .filter((s) => s.is_removed !== true)
    .map((s) => ({
      externalLineId: s.id ?? null,
      code: s.code || null,
      title: s.title,
      price: m.of(s.price, s.price_set),
      discountAllocations: m.discountAllocations(s.discount_allocations, applications),
      taxLines: m.taxLines(s.tax_lines),
    }));
  const fees = mapFees(order, m.of);
  const cancelled = cancelledQuantities(order);
  // Shopify statuses with a canonical name keep it (e.g. "paid"); any other is "unknown".
  const financial = FinancialStatus.safeParse(order.financial_status);
  return {
    channel: "shopify",
    storeId,
    externalId: order.id,
    orderNumber: order.name,
    externalIds: [
      { system: "shopify", kind: "order", id: order.id },
      ...(order.admin_graphql_api_id
        ? [{ system: "shopify", kind: "order_gid", id: order.admin_graphql_api_id }]
        : []),
    ],
    status: order.cancelled_at ? "cancelled" : order.closed_at ? "closed" : "open",
    financialStatus: financial.success ? financial.data : "unknown",
    cancelReason: order.cancel_reason || null,
    currency,
    taxesIncluded: order.taxes_included,
    test: order.test ?? false,
    customer: mapCustomer(order),
    billingAddress: order.billing_address ? mapAddress(order.billing_address) : null,
    shippingAddress: order.shipping_address ? mapAddress(order.shipping_address) : null,
    lines: order.line_items.map((li) => ({
      externalLineId: li.id,
      sku: li.sku || null,
      title: li.title,
      variantTitle: li.variant_title || null,
      quantity: li.quantity,
      cancelledQuantity: cancelled.get(li.id) ?? 0,
      unitPrice: m.of(li.price, li.price_set),
      discountAllocations: m.discountAllocations(li.discount_allocations, applications),
      taxLines: m.taxLines(li.tax_lines),
      requiresShipping: li.requires_shipping ?? true,
      giftCard: li.gift_card ?? false,
      productExternalId: li.product_id ?? null,
      variantExternalId: li.variant_id ?? null,
    })),
    shippingLines,
    fees,
    payments: mapPayments(order),
    totals: {
      subtotal: m.of(order.total_line_items_price, order.total_line_items_price_set),
      discounts: m.of(order.total_discounts, order.total_discounts_set),
      shipping: order.total_shipping_price_set
        ? m.of(null, order.total_shipping_price_set)
        : sumMoney(
            shippingLines.map((s) => s.price),
            currency,
          ),
      tax: m.of(order.total_tax, order.total_tax_set),
      fees: sumMoney(
        fees.map((f) => f.amount),
        currency,
      ),
      total: m.of(order.total_price, order.total_price_set),
    },
    placedAt: order.processed_at ?? order.created_at,
    sourceUpdatedAt: order.updated_at,
    cancelledAt: order.cancelled_at ?? null,
    note: order.note || null,
    tags: (order.tags ?? "")
      .split(",")
      .map((t) => t.trim())
      .filter((t) => t.length > 0),
  };
}

/** Duties, additional fees and tips as separate fees; zero amounts are left out. */
function mapFees(order: ShopifyOrder, of: ReturnType<typeof shopMoney>["of"]): OrderFee[] {
  const fees: OrderFee[] = [
    { kind: "duty", title: "Duties", amount: of(null, order.original_total_duties_set) },
    {
      kind: "additional_fee",
      title: "Additional fees",
      amount: of(null, order.original_total_additional_fees_set),
    },
    { kind: "tip", title: "Tip", amount: of(order.total_tip_received) },
  ];
  return fees.filter((f) => f.amount.amount !== 0);
}

function mapCustomer(order: ShopifyOrder): Customer | null {
  const c = order.customer;
  const email = c?.email || order.email || order.contact_email || null;
  if (!c && !email) return null;
  return {
    externalId: c?.id ?? null,
    email,
    phone: c?.phone || order.phone || null,
    firstName: c?.first_name || null,
    lastName: c?.last_name || null,
  };
}

function mapAddress(a: ShopifyAddress): Address {
  const code = a.country_code?.trim().toUpperCase() ?? "";
  const fullName = [a.first_name, a.last_name].filter((p) => p).join(" ");
  return {
    name: a.name || fullName || null,
    company: a.company || null,
    line1: a.address1 || null,
    line2: a.address2 || null,
    city: a.city || null,
    region: a.province || null,
    regionCode: a.province_code || null,
    postalCode: a.zip || null,
    country: a.country || null,
    countryCode: /^[A-Z]{2}$/.test(code) ? code : null,
    phone: a.phone || null,
  };
}
