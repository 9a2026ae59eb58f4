import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { ProblemError } from "../../../../../shared/http/problem";
import { requireScope } from "../auth";
import { jsonContent as json, problemsFor } from "../common-schemas";
import type { ApiEnv } from "../context";
import { presentEvent } from "../orders/present";
import { TraceEvent } from "../orders/schemas";

/**
 * From an ERP document to its trace: the correlation id the mesh stamps into ERP records (NetSuite's
 * memo, Business Central's and SAP's references, Oracle's and Tryton's comments) leads back here, to
 * every step the mesh logged under it and the orders it touched.
 */
const CorrelationTrace = z
  .object({
    correlationId: z.string(),
    orderIds: z.array(z.string()).openapi({ description: "Orders with a step under this correlation id." }),
    events: z.array(TraceEvent),
  })
  .openapi("CorrelationTrace");

const route = createRoute({
  method: "get",
  path: "/v1/traces/{correlationId}",
  tags: ["orders"],
  summary: "Trace a correlation id",
  description:
    "Every logged step under one correlation id, oldest first, e.g. the id found in an ERP record's memo.",
  middleware: requireScope("orders:read"),
  security: [{ bearerAuth: ["orders:read"] }],
  request: {
    params: z.object({
      correlationId: z
        .string()
        .min(1)
        .max(255)
        .openapi({ param: { name: "correlationId", in: "path" } }),
    }),
  },
  responses: {
    200: { description: "The trace.", content: json(CorrelationTrace) },
    ...problemsFor(403, 404, 422),
  },
});

export function registerTraceRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(route, async (c) => {
    const { correlationId } = c.req.valid("param");
    const rows = await c.env.DB.prepare(
      `SELECT id, event_key AS eventKey, correlation_id AS correlationId, order_id AS orderId, store_id AS storeId,
         type, source, occurred_at AS occurredAt, recorded_at AS recordedAt, data
       FROM events WHERE correlation_id = ? ORDER BY occurred_at, recorded_at, id LIMIT 1000`,
    )
      .bind(correlationId)
      .all<{
        id: string;
        eventKey: string;
        correlationId: string;
        orderId: string | null;
        storeId: string | null;
        type: string;
        source: string;
        occurredAt: number;
        recordedAt: number;
        data: string;
      }>();
    if (rows.results.length === 0)
      throw new ProblemError("notFound", `Nothing was logged under ${correlationId}.`);
    const orderIds = [...new Set(rows.results.flatMap((r) => (r.orderId ? [r.orderId] : [])))];
    return c.json({ correlationId, orderIds, events: rows.results.map(presentEvent) }, 200);
  });
}
