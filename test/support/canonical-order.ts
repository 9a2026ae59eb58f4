import type { Order, OrderEvent } from "../../shared/canonical";

const usd = (amount: number) => ({ amount, currency: "USD" });

/** A valid canonical order with two SKU lines; override any field per test. */
export function canonicalOrder(overrides: Partial<Order> = {}): Order {
  return {
    channel: "shopify",
    storeId: "sto_test",
    externalId: "450789469",
    orderNumber: "#1001",
    externalIds: [{ system: "shopify", kind: "order", id: "450789469" }],
    status: "open",
    financialStatus: "paid",
    cancelReason: null,
    currency: "USD",
    taxesIncluded: false,
    test: false,
    customer: {
      externalId: "207119551",
      email: "bob.norman@mail.example.com",
      phone: null,
      firstName: "Bob",
      lastName: "Norman",
    },
    billingAddress: null,
    shippingAddress: null,
    lines: [
      {
        externalLineId: "466157049",
        sku: "IPOD2008GREEN",
        title: "IPod Nano - 8gb",
        variantTitle: "green",
        quantity: 1,
        cancelledQuantity: 0,
        unitPrice: usd(19900),
        discountAllocations: [{ source: "TENOFF", amount: usd(1000) }],
        taxLines: [{ title: "State Tax", rate: "0.06", amount: usd(1134), channelLiable: false }],
        requiresShipping: true,
        giftCard: false,
        productExternalId: "632910392",
        variantExternalId: "39072856",
      },
      {
        externalLineId: "518995019",
        sku: "IPOD2008RED",
        title: "IPod Nano - 8gb",
        variantTitle: "red",
        quantity: 2,
        cancelledQuantity: 0,
        unitPrice: usd(19900),
        discountAllocations: [],
        taxLines: [{ title: "State Tax", rate: "0.06", amount: usd(2388), channelLiable: false }],
        requiresShipping: true,
        giftCard: false,
        productExternalId: "632910392",
        variantExternalId: "49148385",
      },
    ],
    shippingLines: [],
    fees: [],
    payments: [
      {
        externalId: "389404469",
        gateway: "bogus",
        kind: "sale",
        status: "success",
        amount: usd(62222),
        method: "visa",
      },
    ],
    totals: {
      subtotal: usd(58700),
      discounts: usd(1000),
      shipping: usd(0),
      tax: usd(3522),
      fees: usd(0),
      total: usd(62222),
    },
    placedAt: "2026-11-20T10:00:00-05:00",
    sourceUpdatedAt: "2026-11-20T10:00:00-05:00",
    cancelledAt: null,
    note: null,
    tags: [],
    ...overrides,
  };
}

let sequence = 0;
export function orderEvent(
  type: OrderEvent["type"],
  order: Order,
  overrides: Partial<OrderEvent> = {},
): OrderEvent {
  sequence += 1;
  return {
    id: `test:${order.storeId}:${order.externalId}:${type}:${sequence}`,
    type,
    source: "shopify",
    storeId: order.storeId,
    correlationId: `corr${String(sequence).padStart(28, "0")}`,
    occurredAt: order.sourceUpdatedAt,
    receivedAt: new Date().toISOString(),
    schemaVersion: 1,
    intake: {
      deliveryId: `dlv-${sequence}`,
      topic: "orders/create",
      receivedAt: new Date().toISOString(),
      archiveKey: null,
    },
    data: order,
    ...overrides,
  } as OrderEvent;
}
