import type { OpenAPIHono } from "@hono/zod-openapi";
import { ProblemError } from "../../../../../shared/http/problem";
import type { ApiEnv } from "../context";
import { decodeCursor, paginate } from "../cursor";
import { database } from "../db";
import { presentEvent, presentLine, presentOrderSummary, presentOutbox } from "./present";
import { findOrder, listOrders, loadOrderDetail, traceEvents } from "./queries";
import { getOrderRoute, getOrderTraceRoute, listOrdersRoute } from "./routes";
import { readSnapshot } from "./snapshot";

function orderNotFound(id: string): ProblemError {
  return new ProblemError("notFound", `No order ${id}.`);
}

export function registerOrderRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(listOrdersRoute, async (c) => {
    const { limit, cursor, ...filters } = c.req.valid("query");
    const before = cursor ? decodeCursor(cursor) : null;
    const rows = await listOrders(database(c.env), filters, limit + 1, before);
    const { page, nextCursor } = paginate(rows, limit);
    return c.json({ items: page.map(presentOrderSummary), nextCursor }, 200);
  });

  app.openapi(getOrderRoute, async (c) => {
    const { id } = c.req.valid("param");
    const detail = await loadOrderDetail(database(c.env), id);
    if (!detail) throw orderNotFound(id);
    const { order, lines, documents } = detail;
    const salesOrder = documents.find((d) => d.kind === "sales_order");
    const summary = presentOrderSummary(order);
    const snapshot = readSnapshot(order.id, order.snapshot);
    return c.json(
      {
        ...summary,
        lines: lines.map(presentLine),
        totals: snapshot.totals,
        customer: snapshot.customer,
        shippingAddress: snapshot.shippingAddress,
        payments: snapshot.payments,
        erp: {
          ...summary.erp,
          outbox: salesOrder ? presentOutbox(salesOrder) : null,
          documents: documents.map(presentOutbox),
        },
        correlationId: order.correlationId,
        version: order.version,
      },
      200,
    );
  });

  app.openapi(getOrderTraceRoute, async (c) => {
    const { id } = c.req.valid("param");
    const db = database(c.env);
    const order = await findOrder(db, id);
    if (!order) throw orderNotFound(id);
    const rows = await traceEvents(db, order);
    const correlationIds = [...new Set([order.correlationId, ...rows.map((row) => row.correlationId)])];
    return c.json({ orderId: order.id, correlationIds, events: rows.map(presentEvent) }, 200);
  });
}
