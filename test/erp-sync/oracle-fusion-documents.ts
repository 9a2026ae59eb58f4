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
 * Canonical documents for the Oracle Fusion tests, built on test/support/canonical-order.ts (a
 * Shopify order with two SKU lines: IPOD2008GREEN x1 and IPOD2008RED x2, paid by one card tender).
 */

export const ORDER: Order = canonicalOrder();

export const customerDoc = (order: Order = ORDER): ErpDocument => ({
  kind: "customer",
  customer: {
    channel: order.channel,
    storeId: order.storeId,
    customer: order.customer ?? {
      externalId: "c1",
      email: null,
      phone: null,
      firstName: null,
      lastName: null,
    },
    billingAddress: null,
    shippingAddress: null,
  },
});

export const orderDoc = (order: Order = ORDER): ErpDocument => ({ kind: "sales_order", order });

export const paymentDoc = (order: Order = ORDER, tenderIndex = 0): ErpDocument =>
  paymentDocOf(order, tenderIndex);

/** Ships one of the two red units and the green one, in two parcels. */
export const FULFILLMENT: Fulfillment = {
  ...orderRefOf(ORDER),
  externalId: "255858046",
  status: "shipped",
  locationId: "loc-east",
  lines: [
    { externalLineId: "466157049", sku: "IPOD2008GREEN", quantity: 1 },
    { externalLineId: "518995019", sku: "IPOD2008RED", quantity: 1 },
  ],
  packages: [
    { carrier: "UPS", service: "Ground", trackingNumber: "1Z999AA10123456784", trackingUrl: null },
    { carrier: "UPS", service: "Ground", trackingNumber: "1Z999AA10123456785", trackingUrl: null },
  ],
  shippedAt: "2026-11-21T09:00:00-05:00",
  sourceUpdatedAt: "2026-11-21T09:00:00-05:00",
};

export const fulfillmentDoc = (fulfillment: Fulfillment = FULFILLMENT): ErpDocument => ({
  kind: "fulfillment",
  order: ORDER,
  fulfillment,
});

export const RETURN: Return = redIpodReturn(ORDER, 0, {
  externalId: "ret-1",
  rmaNumber: "RMA-1001",
  locationId: "loc-east",
  quantity: 1,
  reason: "Damaged in transit",
  authorizedAt: "2026-11-22T10:00:00Z",
  receivedAt: "2026-11-24T10:00:00Z",
  sourceUpdatedAt: "2026-11-22T10:00:00Z",
});

export const RECEIVED: Return = {
  ...RETURN,
  status: "received",
  lines: RETURN.lines.map((l) => ({ ...l, receivedQuantity: 1, disposition: "restock" as const })),
  receivedAt: "2026-11-24T10:00:00Z",
  sourceUpdatedAt: "2026-11-24T10:00:00Z",
};

export const returnDoc = (ret: Return = RETURN): ErpDocument => ({
  kind: "return_authorization",
  order: ORDER,
  return: ret,
});
export const receiptDoc = (ret: Return = RECEIVED): ErpDocument => ({
  kind: "item_receipt",
  order: ORDER,
  return: ret,
});

/** One red unit back: 199.00 goods, 11.94 tax, 5.00 goodwill = 215.94, refunded to the card. */
export const REFUND: Refund = redIpodRefund(ORDER, {
  externalId: "509562969",
  returnExternalId: "ret-1",
  shipping: usd(0),
  adjustment: usd(500),
  transactions: [{ externalId: "179259969", gateway: "bogus", method: "visa", amount: usd(21594) }],
  total: usd(21594),
  note: null,
  createdAt: "2026-11-24T12:00:00Z",
});

export const creditMemoDoc = (): ErpDocument => ({
  kind: "credit_memo",
  order: ORDER,
  refund: REFUND,
  return: RECEIVED,
});
export const refundDoc = (): ErpDocument => refundDocOf(ORDER, REFUND);

export const JOURNAL: JournalEntry = {
  source: "amazon-settlement",
  externalId: "12345678",
  date: "2026-11-25",
  currency: "USD",
  memo: "Amazon settlement 12345678 fees",
  lines: settlementFeeLines(true),
};

export const journalDoc = (journal: JournalEntry = JOURNAL): ErpDocument => ({
  kind: "journal_entry",
  journal,
});

export const ADJUSTMENT: InventoryAdjustment = {
  externalId: "adj-1",
  sku: "IPOD2008RED",
  locationId: "loc-east",
  quantityDelta: 10,
  reason: "cycle count",
  occurredAt: "2026-11-20T08:00:00Z",
};

export const adjustmentDoc = (adjustment: InventoryAdjustment = ADJUSTMENT): ErpDocument => ({
  kind: "inventory_adjustment",
  adjustment,
});

export const GL_ACCOUNTS = {
  marketplace_fees: "101-10-6110-000",
  payment_fees: "101-10-6120-000",
  marketplace_clearing: "101-10-1150-000",
  inventory_adjustment: "101-10-5110-000",
} as const;

export const LOCATIONS = { "loc-east": { warehouse: "M1", subsidiary: null } };
