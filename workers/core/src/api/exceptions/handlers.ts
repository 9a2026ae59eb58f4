import type { OpenAPIHono } from "@hono/zod-openapi";
import { and, desc, eq, lt } from "drizzle-orm";
import { exceptions } from "../../../../../shared/db/schema";
import { ErpErrorClass } from "../../../../../shared/erp";
import { ProblemError } from "../../../../../shared/http/problem";
import { replayException } from "../../replay";
import { iso } from "../common-schemas";
import type { ApiEnv } from "../context";
import { decodeCursor, paginate } from "../cursor";
import { database } from "../db";
import { getExceptionRoute, listExceptionsRoute, replayExceptionRoute } from "./routes";

type Row = typeof exceptions.$inferSelect;
type Status = "open" | "replayed" | "resolved";

/** The class an ERP exception was parked with, as failOutbox wrote it into the payload. */
function errorClassOf(payload: string | null): ErpErrorClass | null {
  try {
    const parsed: unknown = JSON.parse(payload ?? "null");
    if (parsed && typeof parsed === "object" && "errorClass" in parsed) {
      const result = ErpErrorClass.safeParse(parsed.errorClass);
      return result.success ? result.data : null;
    }
  } catch {
    // Not JSON: an exception from an older release; it has no class.
  }
  return null;
}

function summary(row: Row) {
  return {
    id: row.id,
    kind: row.kind,
    source: row.source,
    reason: row.reason,
    errorClass: row.kind === "erp" ? errorClassOf(row.payload) : null,
    status: row.status as Status,
    occurrences: row.occurrences,
    storeId: row.storeId,
    orderId: row.orderId,
    correlationId: row.correlationId,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export function registerExceptionRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(listExceptionsRoute, async (c) => {
    const { limit, cursor, status, kind } = c.req.valid("query");
    const before = cursor ? decodeCursor(cursor) : null;
    const rows = await database(c.env)
      .select()
      .from(exceptions)
      .where(
        and(
          status ? eq(exceptions.status, status) : undefined,
          kind ? eq(exceptions.kind, kind) : undefined,
          before ? lt(exceptions.id, before) : undefined,
        ),
      )
      .orderBy(desc(exceptions.id))
      .limit(limit + 1);
    const { page, nextCursor } = paginate(rows, limit);
    return c.json({ items: page.map(summary), nextCursor }, 200);
  });

  app.openapi(getExceptionRoute, async (c) => {
    const { id } = c.req.valid("param");
    const [row] = await database(c.env).select().from(exceptions).where(eq(exceptions.id, id)).limit(1);
    if (!row) throw new ProblemError("notFound", `No exception ${id}.`);
    return c.json(
      { ...summary(row), detail: row.detail, payloadRef: row.payloadRef, payload: row.payload },
      200,
    );
  });

  app.openapi(replayExceptionRoute, async (c) => {
    const { id } = c.req.valid("param");
    const result = await replayException(c.env, id);
    if (!result.ok) throw new ProblemError(result.status === 404 ? "notFound" : "conflict", result.reason);
    const { ok: _ok, ...rest } = result;
    return c.json({ id, status: "replayed" as const, ...rest }, 202);
  });
}
