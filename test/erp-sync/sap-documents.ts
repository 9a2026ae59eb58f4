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
import {
  orderRefOf,
  paymentDocOf,
  redIpodRefund,
  redIpodReturn,
  refundDocOf,
  settlementFeeLines,
  usd,
} from "../support/erp-documents";

/**
 * Canonical documents for the SAP adapter tests, all about test/support's order (#1001: one
 * IPOD2008GREEN at 189.00 after a 10.00 discount, two IPOD2008RED at 398.00; USD). The SAP customer
 * is SAP Best Practices' demo customer 17100001 unless a test creates one.
 */

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
  return paymentDocOf(canonicalOrder());
}

export function fulfillment(overrides: Partial<Fulfillment> = {}): Fulfillment {
  return {
    ...orderRefOf(canonicalOrder()),
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
  return redIpodReturn(canonicalOrder(), received, {
    externalId: "rt_1",
    rmaNumber: "RMA-1",
    locationId: "loc_main",
    quantity: 1,
    reason: "too small",
    authorizedAt: "2026-11-22T10:00:00Z",
    receivedAt: "2026-11-24T10:00:00Z",
    sourceUpdatedAt: "2026-11-24T10:00:00Z",
  });
}

export function returnDoc(): Extract<ErpDocument, { kind: "return_authorization" }> {
  return { kind: "return_authorization", order: canonicalOrder(), return: returnOf(0) };
}

export function receiptDoc(): Extract<ErpDocument, { kind: "item_receipt" }> {
  return { kind: "item_receipt", order: canonicalOrder(), return: returnOf(1) };
}

/** 199.00 back for one red iPod (tax 11.94) plus 5.00 shipping: 215.94 on one card. */
export function refund(): Refund {
  return redIpodRefund(canonicalOrder(), {
    externalId: "rf_1",
    returnExternalId: "rt_1",
    shipping: usd(500),
    adjustment: usd(0),
    transactions: [{ externalId: "tx_1", gateway: "shopify_payments", method: "visa", amount: usd(21594) }],
    total: usd(21594),
    note: null,
    createdAt: "2026-11-24T12:00:00Z",
  });
}

export function creditMemoDoc(): Extract<ErpDocument, { kind: "credit_memo" }> {
  return { kind: "credit_memo", order: canonicalOrder(), refund: refund(), return: returnOf(1) };
}

export function refundDoc(): Extract<ErpDocument, { kind: "customer_refund" }> {
  return refundDocOf(canonicalOrder(), refund());
}

export function journal(overrides: Partial<JournalEntry> = {}): JournalEntry {
  return {
    source: "amazon-settlement",
    externalId: "12345678",
    date: "2026-11-25",
    currency: "USD",
    memo: "Amazon settlement 12345678 fees",
    lines: settlementFeeLines(false),
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
