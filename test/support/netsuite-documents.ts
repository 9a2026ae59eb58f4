import type {
  Fulfillment,
  InventoryAdjustment,
  JournalEntry,
  Order,
  Refund,
  Return,
} from "../../shared/canonical";
import type { ErpDocument } from "../../shared/erp";
import { canonicalOrder } from "./canonical-order";
import {
  orderRefOf,
  paymentDocOf,
  redIpodRefund,
  redIpodReturn,
  refundDocOf,
  settlementFeeLines,
  usd,
} from "./erp-documents";

/**
 * One valid ERP document of every kind, built around the canonical test order (two lines: one
 * IPOD2008GREEN, two IPOD2008RED). Override any part per test.
 */
const at = "2026-11-21T12:00:00Z";

export function testOrder(overrides: Partial<Order> = {}): Order {
  return canonicalOrder(overrides);
}

export function testFulfillment(order: Order, overrides: Partial<Fulfillment> = {}): Fulfillment {
  return {
    ...orderRefOf(order),
    externalId: "F1",
    status: "shipped",
    locationId: "loc-main",
    lines: [{ externalLineId: "518995019", sku: "IPOD2008RED", quantity: 1 }],
    packages: [
      { carrier: "UPS", service: "Ground", trackingNumber: "1Z999AA10123456784", trackingUrl: null },
      { carrier: "UPS", service: "Ground", trackingNumber: "1Z999AA10123456785", trackingUrl: null },
    ],
    shippedAt: at,
    sourceUpdatedAt: at,
    ...overrides,
  };
}

export function testReturn(order: Order, overrides: Partial<Return> = {}): Return {
  return {
    ...redIpodReturn(order, 1, {
      externalId: "R1",
      rmaNumber: "RMA-1",
      locationId: "loc-main",
      quantity: 1,
      reason: "too big",
      authorizedAt: "2026-11-22T09:00:00Z",
      receivedAt: "2026-11-24T09:00:00Z",
      sourceUpdatedAt: "2026-11-24T09:00:00Z",
    }),
    ...overrides,
  };
}

/** A refund of one red iPod (199.00 + 11.94 tax), paid back in two tenders. */
export function testRefund(order: Order, overrides: Partial<Refund> = {}): Refund {
  return {
    ...redIpodRefund(order, {
      externalId: "RF1",
      returnExternalId: "R1",
      shipping: usd(0),
      adjustment: usd(0),
      transactions: [
        { externalId: "T1", gateway: "gift_card", method: null, amount: usd(5000) },
        { externalId: "T2", gateway: "shopify_payments", method: "visa", amount: usd(16094) },
      ],
      total: usd(21094),
      note: null,
      createdAt: "2026-11-24T10:00:00Z",
    }),
    ...overrides,
  };
}

export function testJournal(overrides: Partial<JournalEntry> = {}): JournalEntry {
  return {
    source: "amazon-settlement",
    externalId: "S-1001",
    date: "2026-11-25",
    currency: "USD",
    memo: "settlement fees",
    lines: settlementFeeLines(true),
    ...overrides,
  };
}

export function testAdjustment(overrides: Partial<InventoryAdjustment> = {}): InventoryAdjustment {
  return {
    externalId: "ADJ-1",
    sku: "IPOD2008RED",
    locationId: "loc-main",
    quantityDelta: 25,
    reason: "cycle count",
    occurredAt: "2026-11-20T08:00:00Z",
    ...overrides,
  };
}

/** Every document kind for one order's life, in dependency order. */
export function everyDocument(order: Order = testOrder()): ErpDocument[] {
  const ret = testReturn(order);
  const refund = testRefund(order);
  return [
    {
      kind: "customer",
      customer: {
        channel: order.channel,
        storeId: order.storeId,
        customer: order.customer ?? {
          externalId: null,
          email: null,
          phone: null,
          firstName: null,
          lastName: null,
        },
        billingAddress: null,
        shippingAddress: null,
      },
    },
    { kind: "sales_order", order },
    paymentDocOf(order),
    { kind: "fulfillment", order, fulfillment: testFulfillment(order) },
    { kind: "return_authorization", order, return: ret },
    { kind: "item_receipt", order, return: ret },
    { kind: "credit_memo", order, refund, return: ret },
    refundDocOf(order, refund),
    { kind: "journal_entry", journal: testJournal() },
    { kind: "inventory_adjustment", adjustment: testAdjustment() },
  ];
}
