import { createRoute } from "@hono/zod-openapi";
import { requireScope } from "../auth";
import { jsonContent as json, pageOf, problemsFor } from "../common-schemas";
import { ListOrdersQuery, OrderDetail, OrderIdParams, OrderSummary, OrderTrace } from "./schemas";

const readOrders = {
  tags: ["orders"],
  middleware: requireScope("orders:read"),
  security: [{ bearerAuth: ["orders:read"] }],
};

export const listOrdersRoute = createRoute({
  ...readOrders,
  method: "get",
  path: "/v1/orders",
  summary: "List orders",
  description: "Newest first, filtered by any combination of channel, store, channel order id and status.",
  request: { query: ListOrdersQuery },
  responses: {
    200: { description: "A page of orders.", content: json(pageOf(OrderSummary, "OrderPage")) },
    ...problemsFor(400, 403, 422),
  },
});

export const getOrderRoute = createRoute({
  ...readOrders,
  method: "get",
  path: "/v1/orders/{id}",
  summary: "Get an order with its lines, reservations and ERP state",
  request: { params: OrderIdParams },
  responses: {
    200: { description: "The order.", content: json(OrderDetail) },
    ...problemsFor(403, 404, 422),
  },
});

export const getOrderTraceRoute = createRoute({
  ...readOrders,
  method: "get",
  path: "/v1/orders/{id}/trace",
  summary: "Trace an order through the mesh",
  description:
    "Every business event of the order, and every event sharing one of its correlation ids, " +
    "ordered by when it happened, then when it was recorded.",
  request: { params: OrderIdParams },
  responses: {
    200: { description: "The order's trace.", content: json(OrderTrace) },
    ...problemsFor(403, 404, 422),
  },
});
