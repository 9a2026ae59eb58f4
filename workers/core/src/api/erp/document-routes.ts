import { createRoute, z } from "@hono/zod-openapi";
import { JournalEntry } from "../../../../../shared/canonical";
import { ErpDocKind } from "../../../../../shared/erp";
import { requireScope } from "../auth";
import {
  Cursor,
  IdempotencyHeaders,
  jsonContent as json,
  Limit,
  pageOf,
  problemsFor,
  Timestamp,
} from "../common-schemas";
import { idempotency } from "../idempotency";

export const ErpDocumentRow = z
  .object({
    id: z.string(),
    connectionId: z.string().openapi({ description: "Empty while no ERP connection is configured." }),
    kind: ErpDocKind,
    docKey: z.string(),
    orderId: z.string().nullable(),
    status: z.string().openapi({ description: "pending | in_flight | done | parked" }),
    version: z.number().int(),
    attempts: z.number().int(),
    dependsOn: z.array(z.string()).openapi({ description: "Natural keys this document waits for." }),
    erpId: z.string().nullable(),
    erpNumber: z.string().nullable(),
    lastErrorClass: z.string().nullable(),
    lastError: z.string().nullable(),
    nextAttemptAt: Timestamp,
    correlationId: z.string(),
    updatedAt: Timestamp,
  })
  .openapi("ErpDocument");

export const listDocumentsRoute = createRoute({
  method: "get",
  path: "/v1/erp/documents",
  tags: ["erp"],
  summary: "List ERP documents (the outbox)",
  description:
    "What the mesh writes into the ERPs, newest first: filter by status to see what waits or is parked.",
  middleware: requireScope("erp:read"),
  security: [{ bearerAuth: ["erp:read"] }],
  request: {
    query: z.object({
      status: z
        .enum(["pending", "in_flight", "done", "parked"])
        .optional()
        .openapi({ param: { name: "status", in: "query" } }),
      kind: ErpDocKind.optional().openapi({ param: { name: "kind", in: "query" } }),
      connectionId: z
        .string()
        .max(100)
        .optional()
        .openapi({ param: { name: "connectionId", in: "query" } }),
      limit: Limit,
      cursor: Cursor,
    }),
  },
  responses: {
    200: { description: "A page of documents.", content: json(pageOf(ErpDocumentRow, "ErpDocumentPage")) },
    ...problemsFor(400, 403, 422),
  },
});

export const postJournalRoute = createRoute({
  method: "post",
  path: "/v1/erp/journal-entries",
  tags: ["erp"],
  summary: "Post a journal entry to the ERP",
  description:
    "Queues a balanced journal entry (lines by GL purpose, mapped to accounts per connection) for the default " +
    "ERP connection, or `connectionId`. The entry's natural key (source + externalId) makes a repeat a no-op; " +
    "`Idempotency-Key` is required.",
  middleware: [requireScope("erp:write"), idempotency],
  security: [{ bearerAuth: ["erp:write"] }],
  request: {
    headers: IdempotencyHeaders,
    body: {
      required: true,
      content: json(
        z.object({
          journal: JournalEntry,
          connectionId: z.string().min(1).max(100).nullable().default(null),
        }),
      ),
    },
  },
  responses: {
    202: { description: "Queued for the ERP.", content: json(ErpDocumentRow) },
    ...problemsFor(400, 403, 404, 409, 413, 415, 422),
  },
});
