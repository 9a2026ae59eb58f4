import type {
  Fulfillment,
  InventoryAdjustment,
  JournalEntry,
  Order,
  Refund,
  Return,
} from "../../shared/canonical";
import type { ErpDocument } from "../../shared/erp";
import { canonicalOrder } from "../support/canonical-order";

/**
 * Canonical documents for the SAP adapter tests, all about test/support's order (#1001: one
 * IPOD2008GREEN at 189.00 after a 10.00 discount, two IPOD2008RED at 398.00; USD). The SAP customer
 * is SAP Best Practices' demo customer 17100001 unless a test creates one.
 */
const usd = (amount: number) => ({ amount, currency: "USD" });

export function orderDoc(overrides: Partial<Order> = {}): Extract<ErpDocument, { kind: "sales_order" }> {
  return { kind: "sales_order", order: canonicalOrder(overrides) };
}

export function customerDoc(
  email = "bob.norman@mail.example.com",
): Extract<ErpDocument, { kind: "customer" }> {
  const order = canonicalOrder();
  return {
    kind: "customer",
    customer: {
      channel: "shopify",
      storeId: order.storeId,
      customer: {
        ...(order.customer ?? { externalId: null, phone: null, firstName: null, lastName: null }),
        email,
      },
      billingAddress: null,
      shippingAddress: null,
    },
  };
}

export function paymentDoc(): Extract<ErpDocument, { kind: "customer_payment" }> {
  const order = canonicalOrder();
  const payment = order.payments[0];
  if (!payment) throw new Error("the canonical order has a payment");
  return { kind: "customer_payment", order, payment, tenderIndex: 0 };
}

export function fulfillment(overrides: Partial<Fulfillment> = {}): Fulfillment {
  return {
    channel: "shopify",
    storeId: "sto_test",
    orderExternalId: "450789469",
    externalId: "255858046",
    status: "shipped",
    locationId: "loc_main",
    lines: [{ externalLineId: "518995019", sku: "IPOD2008RED", quantity: 1 }],
    packages: [{ carrier: "UPS", service: null, trackingNumber: "1Z2345", trackingUrl: null }],
    shippedAt: "2026-11-21T10:00:00-05:00",
    sourceUpdatedAt: "2026-11-21T10:00:00-05:00",
    ...overrides,
  };
}

export function fulfillmentDoc(
  overrides: Partial<Fulfillment> = {},
): Extract<ErpDocument, { kind: "fulfillment" }> {
  return { kind: "fulfillment", order: canonicalOrder(), fulfillment: fulfillment(overrides) };
}

export function returnOf(received: number): Return {
  return {
    channel: "shopify",
    storeId: "sto_test",
    orderExternalId: "450789469",
    externalId: "rt_1",
    rmaNumber: "RMA-1",
    status: received > 0 ? "received" : "authorized",
    locationId: "loc_main",
    lines: [
      {
        externalLineId: "518995019",
        sku: "IPOD2008RED",
        quantity: 1,
        reason: "too small",
        receivedQuantity: received,
        disposition: received > 0 ? "restock" : null,
      },
    ],
    authorizedAt: "2026-11-22T10:00:00Z",
    receivedAt: received > 0 ? "2026-11-24T10:00:00Z" : null,
    sourceUpdatedAt: "2026-11-24T10:00:00Z",
  };
}

export function returnDoc(): Extract<ErpDocument, { kind: "return_authorization" }> {
  return { kind: "return_authorization", order: canonicalOrder(), return: returnOf(0) };
}

export function receiptDoc(): Extract<ErpDocument, { kind: "item_receipt" }> {
  return { kind: "item_receipt", order: canonicalOrder(), return: returnOf(1) };
}

/** 199.00 back for one red iPod (tax 11.94) plus 5.00 shipping: 215.94 on one card. */
export function refund(): Refund {
  return {
    channel: "shopify",
    storeId: "sto_test",
    orderExternalId: "450789469",
    externalId: "rf_1",
    returnExternalId: "rt_1",
    currency: "USD",
    lines: [
      {
        externalLineId: "518995019",
        sku: "IPOD2008RED",
        quantity: 1,
        amount: usd(19900),
        tax: usd(1194),
        restock: true,
      },
    ],
    shipping: usd(500),
    adjustment: usd(0),
    transactions: [{ externalId: "tx_1", gateway: "shopify_payments", method: "visa", amount: usd(21594) }],
    total: usd(21594),
    note: null,
    createdAt: "2026-11-24T12:00:00Z",
  };
}

export function creditMemoDoc(): Extract<ErpDocument, { kind: "credit_memo" }> {
  return { kind: "credit_memo", order: canonicalOrder(), refund: refund(), return: returnOf(1) };
}

export function refundDoc(): Extract<ErpDocument, { kind: "customer_refund" }> {
  const r = refund();
  const transaction = r.transactions[0];
  if (!transaction) throw new Error("the refund has a transaction");
  return { kind: "customer_refund", order: canonicalOrder(), refund: r, transaction };
}

export function journal(overrides: Partial<JournalEntry> = {}): JournalEntry {
  return {
    source: "amazon-settlement",
    externalId: "12345678",
    date: "2026-11-25",
    currency: "USD",
    memo: "Amazon settlement 12345678 fees",
    lines: [
      { purpose: "marketplace_fees", side: "debit", amount: usd(1234), memo: "referral fees" },
      { purpose: "marketplace_clearing", side: "credit", amount: usd(1234), memo: null },
    ],
    ...overrides,
  };
}

export function journalDoc(
  overrides: Partial<JournalEntry> = {},
): Extract<ErpDocument, { kind: "journal_entry" }> {
  return { kind: "journal_entry", journal: journal(overrides) };
}

export function adjustmentDoc(
  overrides: Partial<InventoryAdjustment> = {},
): Extract<ErpDocument, { kind: "inventory_adjustment" }> {
  return {
    kind: "inventory_adjustment",
    adjustment: {
      externalId: "adj_1",
      sku: "IPOD2008RED",
      locationId: "loc_main",
      quantityDelta: 5,
      reason: "cycle count",
      occurredAt: "2026-11-20T08:00:00Z",
      ...overrides,
    },
  };
}
