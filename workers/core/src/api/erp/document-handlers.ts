import type { OpenAPIHono } from "@hono/zod-openapi";
import { documentKey, ErpDocKind } from "../../../../../shared/erp";
import { ProblemError } from "../../../../../shared/http/problem";
import { queueDocument } from "../../erp/outbox-rows";
import { iso } from "../common-schemas";
import type { ApiEnv } from "../context";
import { decodeCursor, paginate } from "../cursor";
import { apiLog } from "../log";
import { listDocumentsRoute, postJournalRoute } from "./document-routes";

interface OutboxDbRow {
  id: string;
  connection_id: string;
  kind: string;
  doc_key: string;
  order_id: string | null;
  status: string;
  version: number;
  attempts: number;
  depends_on: string;
  erp_id: string | null;
  erp_number: string | null;
  last_error_class: string | null;
  last_error: string | null;
  next_attempt_at: number;
  correlation_id: string;
  updated_at: number;
}

function present(row: OutboxDbRow) {
  return {
    id: row.id,
    connectionId: row.connection_id,
    kind: ErpDocKind.parse(row.kind),
    docKey: row.doc_key,
    orderId: row.order_id,
    status: row.status,
    version: row.version,
    attempts: row.attempts,
    dependsOn: JSON.parse(row.depends_on) as string[],
    erpId: row.erp_id,
    erpNumber: row.erp_number,
    lastErrorClass: row.last_error_class,
    lastError: row.last_error,
    nextAttemptAt: iso(row.next_attempt_at),
    correlationId: row.correlation_id,
    updatedAt: iso(row.updated_at),
  };
}

const COLUMNS = `id, connection_id, kind, doc_key, order_id, status, version, attempts, depends_on, erp_id, erp_number,
  last_error_class, last_error, next_attempt_at, correlation_id, updated_at`;

export function registerErpDocumentRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(listDocumentsRoute, async (c) => {
    const q = c.req.valid("query");
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.status) where.push("status = ?") && args.push(q.status);
    if (q.kind) where.push("kind = ?") && args.push(q.kind);
    if (q.connectionId !== undefined) where.push("connection_id = ?") && args.push(q.connectionId);
    if (q.cursor) where.push("id < ?") && args.push(decodeCursor(q.cursor));
    const rows = await c.env.DB.prepare(
      `SELECT ${COLUMNS} FROM erp_outbox ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ?`,
    )
      .bind(...args, q.limit + 1)
      .all<OutboxDbRow>();
    const { page, nextCursor } = paginate(rows.results, q.limit);
    return c.json({ items: page.map(present), nextCursor }, 200);
  });

  app.openapi(postJournalRoute, async (c) => {
    if (!c.req.header("idempotency-key")) {
      throw new ProblemError(
        "badRequest",
        "Idempotency-Key is required: a retried journal entry must post once.",
      );
    }
    const { journal, connectionId } = c.req.valid("json");
    const db = c.env.DB;
    if (connectionId) {
      const exists = await db
        .prepare("SELECT 1 AS ok FROM erp_connections WHERE id = ?")
        .bind(connectionId)
        .first();
      if (!exists) throw new ProblemError("notFound", `No ERP connection ${connectionId}.`);
    }
    const document = { kind: "journal_entry" as const, journal };
    const statement = connectionId
      ? queueDocument(
          db,
          { document, version: 1 },
          { storeId: null, order: null, correlationId: c.get("requestId") },
          Date.now(),
          connectionId,
        )
      : queueDocument(
          db,
          { document, version: 1 },
          { storeId: null, order: null, correlationId: c.get("requestId") },
        );
    await statement.run();
    // The row of this connection (resolved as queueDocument does): the entry may also be in another ERP.
    const row = await db
      .prepare(
        `SELECT ${COLUMNS} FROM erp_outbox WHERE doc_key = ?
           AND connection_id = COALESCE(?, (SELECT id FROM erp_connections WHERE is_default = 1), '')`,
      )
      .bind(documentKey(document), connectionId)
      .first<OutboxDbRow>();
    if (!row) throw new Error("the journal entry was not queued");
    apiLog.info("journal entry queued", {
      requestId: c.get("requestId"),
      docKey: row.doc_key,
      connectionId: row.connection_id,
    });
    return c.json(present(row), 202);
  });
}
