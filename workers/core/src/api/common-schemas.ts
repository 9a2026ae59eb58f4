import { z } from "@hono/zod-openapi";

/** RFC 9457 problem details, as every error of the API is rendered (see problems.ts). */
export const Problem = z
  .looseObject({
    type: z.string().openapi({ example: "https://mesh.dev/problems/not-found" }),
    title: z.string().openapi({ example: "Not Found" }),
    status: z.number().int().openapi({ example: 404 }),
    detail: z.string().optional(),
    instance: z.string().optional().openapi({ description: "The request path." }),
    requestId: z
      .string()
      .optional()
      .openapi({ description: "Echoes `x-request-id`; quote it when reporting." }),
    errors: z
      .array(z.object({ location: z.string(), path: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: "Validation failures, one per field (422 only)." }),
  })
  .openapi("Problem");

const problemContent = { "application/problem+json": { schema: Problem } };

const problemResponses = {
  400: { description: "Malformed request (e.g. invalid JSON or cursor).", content: problemContent },
  401: { description: "Missing or invalid API key.", content: problemContent },
  403: { description: "The API key lacks the required scope.", content: problemContent },
  404: { description: "No such resource.", content: problemContent },
  409: {
    description: "Conflicts with an existing resource or a request still running.",
    content: problemContent,
  },
  413: { description: "Request body too large.", content: problemContent },
  415: { description: "Request body is not JSON.", content: problemContent },
  422: { description: "The request failed validation.", content: problemContent },
  500: { description: "Unexpected error; nothing internal is disclosed.", content: problemContent },
} as const;

export type ProblemStatus = keyof typeof problemResponses;

/** The problem responses a route can answer with, keeping literal status keys for typed handlers. */
export function problemsFor<S extends ProblemStatus>(
  ...statuses: S[]
): Pick<typeof problemResponses, S | 401 | 500> {
  const picked: Partial<Record<ProblemStatus, (typeof problemResponses)[ProblemStatus]>> = {};
  for (const status of [401, 500, ...statuses] as const) picked[status] = problemResponses[status];
  return picked as Pick<typeof problemResponses, S | 401 | 500>;
}

export const Money = z
  .object({
    amount: z.number().int().openapi({ description: "Integer minor units.", example: 1999 }),
    currency: z.string().openapi({ description: "ISO 4217 code.", example: "USD" }),
  })
  .openapi("Money");

export const Timestamp = z.iso.datetime().openapi({ example: "2026-11-26T15:00:00.000Z" });

export const Limit = z.coerce
  .number()
  .int()
  .min(1)
  .max(200)
  .default(50)
  .openapi({ param: { name: "limit", in: "query" }, description: "Page size, 1 to 200.", example: 50 });

export const Cursor = z
  .string()
  .min(1)
  .max(200)
  .optional()
  .openapi({ param: { name: "cursor", in: "query" }, description: "`nextCursor` of the previous page." });

export function pageOf<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({
      items: z.array(item),
      nextCursor: z
        .string()
        .nullable()
        .openapi({ description: "Pass as `cursor` for the next page; null at the end." }),
    })
    .openapi(name);
}

/** Epoch milliseconds (as D1 stores them) to ISO 8601. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : iso(ms);
}

export function jsonContent<T extends z.ZodType>(schema: T) {
  return { "application/json": { schema } };
}

export const IdempotencyHeaders = z.object({
  "idempotency-key": z
    .string()
    .min(1)
    .max(255)
    .optional()
    .openapi({
      description:
        "Makes a write safe to retry: the same key with the same request returns the first answer " +
        "(marked `idempotent-replayed: true`) for 24 hours.",
      example: "9b2d6c1e-onboard-acme-eu",
    }),
});
