import type { Payment } from "../../../shared/canonical";
import { allocate, parseDecimal } from "../../../shared/canonical";
import { shopMoney } from "./map-money";
import type { ShopifyOrder, ShopifyTransaction } from "./schema";

const KINDS = new Set<Payment["kind"]>(["authorization", "capture", "sale", "refund", "void"]);
const STATUSES = new Set<Payment["status"]>(["pending", "success", "failure", "error"]);

/**
 * The tenders of an order. Transactions, when the payload carries them, are authoritative: one
 * payment each, with Shopify's own kind, status and amount. Webhook payloads usually carry only
 * `payment_gateway_names`; then the split between tenders is not known and is not invented:
 * see `fromGatewayNames`.
 */
export function mapPayments(order: ShopifyOrder): Payment[] {
  if (order.transactions.length > 0) return order.transactions.map((t) => fromTransaction(t, order.currency));
  return fromGatewayNames(order);
}

function fromTransaction(t: ShopifyTransaction, shopCurrency: string): Payment {
  // REST transactions state their own currency (the presentment one on multi-currency orders); the
  // amount is kept in it rather than converted at a rate we do not have.
  const currency = t.currency || shopCurrency;
  const kind = t.kind as Payment["kind"];
  const status = (t.status ?? "") as Payment["status"];
  return {
    externalId: t.id,
    gateway: t.gateway || "unknown",
    kind: KINDS.has(kind) ? kind : "unknown",
    status: STATUSES.has(status) ? status : "unknown",
    amount: { amount: parseDecimal(t.amount, currency), currency },
    method: t.payment_details?.credit_card_company || t.payment_details?.payment_method_name || null,
  };
}

/**
 * Without transactions only two amounts are known: what has been paid (total minus outstanding) and
 * what is still outstanding. One gateway: the paid part is a `success` on it and the outstanding part
 * a `pending` on it. Several gateways: the paid part is spread evenly over them (largest remainder, so
 * it still sums exactly) and marked `unknown`, because Shopify did not say how it was split; the
 * outstanding part is `pending` on gateway `unassigned`. Kinds are `unknown` (sale or capture is not
 * said either) and zero amounts are left out.
 */
function fromGatewayNames(order: ShopifyOrder): Payment[] {
  const currency = order.currency;
  const total = shopMoney(currency).of(order.total_price, order.total_price_set).amount;
  const outstanding =
    order.total_outstanding === null || order.total_outstanding === undefined
      ? impliedOutstanding(order.financial_status, total)
      : parseDecimal(order.total_outstanding, currency);
  const due = Math.min(Math.max(outstanding, 0), Math.max(total, 0));
  const paid = Math.max(total - due, 0);
  // Shopify sends `[""]` for orders created through the API without a gateway.
  const named = order.payment_gateway_names.filter((name) => name.trim() !== "");
  const names = named.length > 0 ? named : ["unknown"];
  const payment = (gateway: string, status: Payment["status"], amount: number): Payment => ({
    externalId: null,
    gateway,
    kind: "unknown",
    status,
    amount: { amount, currency },
    method: null,
  });
  const payments: Payment[] = [];
  if (paid > 0) {
    const shares = allocate(
      paid,
      names.map(() => 1),
    );
    const status = names.length === 1 ? "success" : "unknown";
    for (const [i, gateway] of names.entries()) payments.push(payment(gateway, status, shares[i] ?? 0));
  }
  if (due > 0)
    payments.push(payment(names.length === 1 ? (names[0] ?? "unknown") : "unassigned", "pending", due));
  return payments;
}

/** Older payloads lack `total_outstanding`; the financial status tells whether anything was collected. */
function impliedOutstanding(financialStatus: string | null | undefined, total: number): number {
  return financialStatus === "pending" || financialStatus === "authorized" ? total : 0;
}
