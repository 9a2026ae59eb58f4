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
import { orderRefOf, redIpodRefund, redIpodReturn, settlementFeeLines, usd } from "../support/erp-documents";

/**
 * Canonical documents for the Business Central tests, built on the order of
 * test/support/canonical-order.ts (two lines: 1 x IPOD2008GREEN at 199.00 less 10.00, 2 x IPOD2008RED
 * at 199.00). Values are chosen by hand to be small and easy to check.
 */

export function order(overrides: Partial<Order> = {}): Order {
  return canonicalOrder(overrides);
}

export const salesOrderDoc = (o: Order = order()): ErpDocument => ({ kind: "sales_order", order: o });

export function customerDoc(email: string | null = "bob.norman@mail.example.com"): ErpDocument {
  const o = order();
  return {
    kind: "customer",
    customer: {
      channel: "shopify",
      storeId: o.storeId,
      customer: {
        externalId: email ? "207119551" : null,
        email,
        phone: null,
        firstName: "Bob",
        lastName: "Norman",
      },
      billingAddress: null,
      shippingAddress: null,
    },
  };
}

export function paymentDoc(o: Order = order(), tenderIndex = 0): ErpDocument {
  const payment = o.payments[tenderIndex] ?? o.payments[0];
  if (!payment) throw new Error("order has no payment");
  return { kind: "customer_payment", order: o, payment, tenderIndex };
}

export function fulfillment(lines: Fulfillment["lines"], externalId = "fulfil-1"): Fulfillment {
  return {
    ...orderRefOf(order()),
    externalId,
    status: "shipped",
    locationId: null,
    lines,
    packages: [{ carrier: "UPS", service: null, trackingNumber: "1Z999AA10123456784", trackingUrl: null }],
    shippedAt: "2026-11-21T10:00:00-05:00",
    sourceUpdatedAt: "2026-11-21T10:00:00-05:00",
  };
}

export const fulfillmentDoc = (f: Fulfillment, o: Order = order()): ErpDocument => ({
  kind: "fulfillment",
  order: o,
  fulfillment: f,
});

export function returnOf(received = 0): Return {
  return redIpodReturn(order(), received, {
    externalId: "ret-1",
    rmaNumber: "RMA-1",
    locationId: null,
    quantity: 2,
    reason: "too big",
    authorizedAt: "2026-11-25T10:00:00-05:00",
    receivedAt: "2026-11-27T10:00:00-05:00",
    sourceUpdatedAt: "2026-11-27T10:00:00-05:00",
  });
}

/** A refund of one red unit (199.00 + 11.94 tax) back to the card. */
export function refundOf(returnExternalId: string | null = "ret-1"): Refund {
  return redIpodRefund(order(), {
    externalId: "refund-1",
    returnExternalId,
    shipping: usd(0),
    adjustment: usd(0),
    transactions: [{ externalId: "tx-1", gateway: "shopify_payments", method: "visa", amount: usd(21094) }],
    total: usd(21094),
    note: "too big",
    createdAt: "2026-11-28T10:00:00-05:00",
  });
}

export function journal(): JournalEntry {
  return {
    source: "amazon-settlement",
    externalId: "settlement-42",
    date: "2026-11-30",
    currency: "USD",
    memo: "Amazon settlement 42 fees",
    lines: settlementFeeLines(false),
  };
}

export function adjustment(quantityDelta: number, externalId = "adj-1"): InventoryAdjustment {
  return {
    externalId,
    sku: "IPOD2008GREEN",
    locationId: "loc_main",
    quantityDelta,
    reason: "cycle count",
    occurredAt: "2026-11-22T08:00:00Z",
  };
}
