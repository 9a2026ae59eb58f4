import { z } from "zod";
import { CurrencyCode, Money } from "./money";

/** The channels the mesh knows. A new connector adds its name here and nowhere else in shared code. */
export const Channel = z.enum(["shopify", "amazon", "ebay", "walmart"]);
export type Channel = z.infer<typeof Channel>;

/** Identifiers an outside system gave to one of our records: `{ system: "shopify", id: "450789469" }`. */
export const ExternalId = z.object({
  system: z.string().min(1),
  kind: z.string().min(1),
  id: z.string().min(1),
});
export type ExternalId = z.infer<typeof ExternalId>;

export const Address = z.object({
  name: z.string().nullable(),
  company: z.string().nullable(),
  line1: z.string().nullable(),
  line2: z.string().nullable(),
  city: z.string().nullable(),
  region: z.string().nullable(),
  regionCode: z.string().nullable(),
  postalCode: z.string().nullable(),
  country: z.string().nullable(),
  countryCode: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullable(),
  phone: z.string().nullable(),
});
export type Address = z.infer<typeof Address>;

export const Customer = z.object({
  externalId: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
});
export type Customer = z.infer<typeof Customer>;

/** One tax charged on a line or a shipping line; `rate` is a decimal fraction as a string ("0.06"). */
export const TaxLine = z.object({
  title: z.string(),
  rate: z.string().regex(/^\d+(\.\d+)?$/),
  amount: Money,
  channelLiable: z.boolean(),
});
export type TaxLine = z.infer<typeof TaxLine>;

export const DiscountAllocation = z.object({
  /** Code or title of the discount application it comes from. */
  source: z.string(),
  amount: Money,
});
export type DiscountAllocation = z.infer<typeof DiscountAllocation>;

export const OrderLine = z.object({
  /** The channel's own line id: with the order's key it names the line everywhere (reservations too). */
  externalLineId: z.string().min(1),
  sku: z.string().nullable(),
  title: z.string(),
  variantTitle: z.string().nullable(),
  quantity: z.number().int().nonnegative(),
  /**
   * Units of `quantity` cancelled after the order was placed (a partial cancellation). The line still
   * counts `quantity` as ordered; ERPs receive `quantity - cancelledQuantity` as still open.
   */
  cancelledQuantity: z.number().int().nonnegative().default(0),
  unitPrice: Money,
  discountAllocations: z.array(DiscountAllocation),
  taxLines: z.array(TaxLine),
  requiresShipping: z.boolean(),
  giftCard: z.boolean(),
  productExternalId: z.string().nullable(),
  variantExternalId: z.string().nullable(),
});
export type OrderLine = z.infer<typeof OrderLine>;

export const ShippingLine = z.object({
  externalLineId: z.string().nullable(),
  code: z.string().nullable(),
  title: z.string(),
  price: Money,
  discountAllocations: z.array(DiscountAllocation),
  taxLines: z.array(TaxLine),
});
export type ShippingLine = z.infer<typeof ShippingLine>;

/** Extra charges that are neither goods nor shipping (duties, additional fees, tips). */
export const OrderFee = z.object({
  kind: z.enum(["duty", "additional_fee", "tip", "other"]),
  title: z.string(),
  amount: Money,
});
export type OrderFee = z.infer<typeof OrderFee>;

/** One tender. An order paid by gift card and card has two payments; they are never merged. */
export const Payment = z.object({
  externalId: z.string().nullable(),
  gateway: z.string(),
  kind: z.enum(["authorization", "capture", "sale", "refund", "void", "unknown"]),
  status: z.enum(["pending", "success", "failure", "error", "unknown"]),
  amount: Money,
  method: z.string().nullable(),
});
export type Payment = z.infer<typeof Payment>;

export const OrderStatus = z.enum(["open", "cancelled", "closed"]);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const FinancialStatus = z.enum([
  "pending",
  "authorized",
  "partially_paid",
  "paid",
  "partially_refunded",
  "refunded",
  "voided",
  "unknown",
]);
export type FinancialStatus = z.infer<typeof FinancialStatus>;

export const OrderTotals = z.object({
  subtotal: Money,
  discounts: Money,
  shipping: Money,
  tax: Money,
  fees: Money,
  total: Money,
});
export type OrderTotals = z.infer<typeof OrderTotals>;

/**
 * Canonical order v1. `channel` + `storeId` + `externalId` is the natural key: the same channel order
 * always maps to the same canonical order however often it is delivered.
 */
export const Order = z.object({
  channel: Channel,
  storeId: z.string().min(1),
  externalId: z.string().min(1),
  /** Human order number as the channel shows it ("#1001"). */
  orderNumber: z.string(),
  externalIds: z.array(ExternalId),
  status: OrderStatus,
  financialStatus: FinancialStatus,
  cancelReason: z.string().nullable(),
  currency: CurrencyCode,
  /** Prices on lines include tax (VAT-style) when true. */
  taxesIncluded: z.boolean(),
  test: z.boolean(),
  customer: Customer.nullable(),
  billingAddress: Address.nullable(),
  shippingAddress: Address.nullable(),
  lines: z.array(OrderLine),
  shippingLines: z.array(ShippingLine),
  fees: z.array(OrderFee),
  payments: z.array(Payment),
  totals: OrderTotals,
  placedAt: z.iso.datetime({ offset: true }),
  /** The channel's own last-modified time: the version used to ignore stale deliveries. */
  sourceUpdatedAt: z.iso.datetime({ offset: true }),
  cancelledAt: z.iso.datetime({ offset: true }).nullable(),
  note: z.string().nullable(),
  tags: z.array(z.string()),
});
export type Order = z.infer<typeof Order>;
