import { z } from "@hono/zod-openapi";
import { ErpErrorClass } from "../../../../../shared/erp";
import { Cursor, Limit, Timestamp } from "../common-schemas";

export const ExceptionStatus = z.enum(["open", "replayed", "resolved"]);

export const ListExceptionsQuery = z.object({
  status: ExceptionStatus.optional().openapi({ param: { name: "status", in: "query" } }),
  kind: z
    .enum(["validation", "mapping", "dead_letter", "processing", "erp", "inventory"])
    .optional()
    .openapi({ param: { name: "kind", in: "query" } }),
  limit: Limit,
  cursor: Cursor,
});

export const ExceptionIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" }, example: "exc_01JDX6R8Z4M3K2Q9V7W5T1B0CA" }),
});

export const ExceptionSummary = z
  .object({
    id: z.string(),
    kind: z
      .string()
      .openapi({ description: "validation | mapping | dead_letter | processing | erp | inventory" }),
    source: z
      .string()
      .openapi({ description: "The queue or worker that parked it.", example: "shopify-inbox" }),
    reason: z.string(),
    errorClass: ErpErrorClass.nullable().openapi({
      description:
        "For ERP exceptions, the error class that decided to park (validation, business, duplicate, closed_period; " +
        "transient, rate_limited or auth after their retries ran out). Null for other kinds.",
    }),
    status: ExceptionStatus,
    occurrences: z.number().int().openapi({ description: "How often the same failure was reported." }),
    storeId: z.string().nullable(),
    orderId: z.string().nullable(),
    correlationId: z.string().nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi("ExceptionSummary");

export const ExceptionDetail = ExceptionSummary.extend({
  detail: z.string().nullable().openapi({ description: "The failing system's own error text, verbatim." }),
  payloadRef: z.string().nullable().openapi({ description: "Where the raw delivery is archived (R2 key)." }),
  payload: z
    .string()
    .nullable()
    .openapi({ description: "The message that failed, when small enough to keep." }),
}).openapi("ExceptionDetail");

export const ReplayAnswer = z
  .object({
    id: z.string(),
    status: z.literal("replayed"),
    action: z.enum(["requeued", "outbox_reset"]),
    queue: z.string().optional(),
    outboxId: z.string().optional(),
  })
  .openapi("ReplayAnswer");
