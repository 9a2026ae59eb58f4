import { z } from "@hono/zod-openapi";
import {
  Address,
  Channel,
  Customer,
  OrderStatus,
  OrderTotals,
  Payment,
} from "../../../../../shared/canonical";
import { Cursor, Limit, Money, Timestamp } from "../common-schemas";

export const ListOrdersQuery = z.object({
  channel: Channel.optional().openapi({ param: { name: "channel", in: "query" } }),
  storeId: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .openapi({ param: { name: "storeId", in: "query" } }),
  externalId: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ param: { name: "externalId", in: "query" }, description: "The channel's own order id." }),
  status: OrderStatus.optional().openapi({ param: { name: "status", in: "query" } }),
  limit: Limit,
  cursor: Cursor,
});

export const OrderIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" }, example: "ord_01JDX6R8Z4M3K2Q9V7W5T1B0CA" }),
});

const ErpSummary = z.object({
  status: z.string().openapi({
    description: "pending until the ERP holds the latest version, then synced.",
    example: "pending",
  }),
  id: z.string().nullable().openapi({ description: "The ERP's document id once pushed." }),
  syncedAt: Timestamp.nullable(),
});

export const OrderSummary = z
  .object({
    id: z.string(),
    channel: z.string().openapi({ example: "shopify" }),
    storeId: z.string(),
    externalId: z.string(),
    orderNumber: z.string().openapi({ example: "#1001" }),
    status: z.string().openapi({ description: "open | cancelled | closed" }),
    financialStatus: z.string().openapi({ example: "paid" }),
    currency: z.string().openapi({ example: "USD" }),
    total: Money,
    reservationState: z.string().openapi({ description: "Stock reservation summary of the order's lines." }),
    erp: ErpSummary,
    placedAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi("OrderSummary");
export type OrderSummary = z.infer<typeof OrderSummary>;

export const OrderLineDetail = z
  .object({
    externalLineId: z.string(),
    sku: z.string().nullable(),
    title: z.string(),
    quantity: z.number().int(),
    unitPrice: Money,
    discountTotal: Money,
    taxTotal: Money,
    reservation: z.object({
      status: z.string().openapi({ description: "reserved | short | released | not_tracked" }),
      reservedQuantity: z.number().int(),
    }),
  })
  .openapi("OrderLine");
export type OrderLineDetail = z.infer<typeof OrderLineDetail>;

export const OutboxState = z
  .object({
    kind: z
      .string()
      .openapi({ description: "The ERP document kind (sales_order, fulfillment, credit_memo, ...)." }),
    docKey: z.string().openapi({ description: "The document's natural key." }),
    connectionId: z.string().openapi({ description: "The ERP connection; empty while none is configured." }),
    status: z.string().openapi({ description: "pending | in_flight | done | parked" }),
    attempts: z.number().int(),
    erpId: z.string().nullable(),
    erpNumber: z.string().nullable(),
    lastErrorClass: z.string().nullable().openapi({
      description: "transient | rate_limited | auth | validation | business | duplicate | closed_period",
    }),
    lastError: z.string().nullable(),
    nextAttemptAt: Timestamp,
  })
  .openapi("OutboxState");
export type OutboxState = z.infer<typeof OutboxState>;

export const OrderDetail = OrderSummary.extend({
  lines: z.array(OrderLineDetail),
  totals: OrderTotals.openapi("OrderTotals"),
  customer: Customer.nullable(),
  shippingAddress: Address.nullable(),
  payments: z.array(Payment),
  erp: ErpSummary.extend({
    outbox: OutboxState.nullable().openapi({
      description: "The sales order's ERP row; null before one exists.",
    }),
    documents: z
      .array(OutboxState)
      .openapi({ description: "Every ERP document of the order, oldest first." }),
  }),
  correlationId: z
    .string()
    .openapi({ description: "The correlation id of the delivery that created the order." }),
  version: z.number().int().openapi({ description: "Increments on every accepted change." }),
}).openapi("OrderDetail");
export type OrderDetail = z.infer<typeof OrderDetail>;

export const TraceEvent = z
  .object({
    id: z.string(),
    type: z.string().openapi({ example: "order.upserted" }),
    source: z.string(),
    occurredAt: Timestamp,
    recordedAt: Timestamp,
    correlationId: z.string(),
    data: z.unknown(),
  })
  .openapi("TraceEvent");
export type TraceEvent = z.infer<typeof TraceEvent>;

export const OrderTrace = z
  .object({
    orderId: z.string(),
    correlationIds: z.array(z.string()),
    events: z.array(TraceEvent),
  })
  .openapi("OrderTrace");
export type OrderTrace = z.infer<typeof OrderTrace>;
