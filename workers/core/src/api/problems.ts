import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ZodError } from "zod";
import {
  type Problem,
  ProblemError,
  type ProblemKind,
  problem,
  problemResponse,
} from "../../../../shared/http/problem";
import { errorFields } from "../../../../shared/log";
import type { ApiEnv } from "./context";
import { apiLog } from "./log";

/**
 * The one place the API turns failures into RFC 9457 responses. Every problem carries the request
 * path as `instance` and the request id, so a caller's report can be matched to our logs.
 */
export function renderProblem(c: Context<ApiEnv>, p: Problem, headers: HeadersInit = {}): Response {
  const requestId = c.get("requestId");
  // A problem is built as its own Response, so the header the request-id middleware set is added here.
  const withId = new Headers(headers);
  if (requestId) withId.set("x-request-id", requestId);
  return problemResponse({ ...p, instance: c.req.path, ...(requestId ? { requestId } : {}) }, withId);
}

const KIND_BY_STATUS: Record<number, ProblemKind> = {
  400: "badRequest",
  401: "unauthorized",
  403: "forbidden",
  404: "notFound",
  409: "conflict",
  413: "payloadTooLarge",
  415: "unsupportedMediaType",
  422: "validation",
  429: "tooManyRequests",
  503: "unavailable",
};

export function handleError(err: Error, c: Context<ApiEnv>): Response {
  if (err instanceof ProblemError) return renderProblem(c, err.problem, err.headers);
  // Hono's own failures (malformed JSON, body limit, unsupported media type) carry safe messages.
  if (err instanceof HTTPException && err.status < 500) {
    const kind = KIND_BY_STATUS[err.status] ?? "badRequest";
    return renderProblem(c, problem(kind, err.message || undefined));
  }
  apiLog.error("unhandled api error", {
    requestId: c.get("requestId"),
    method: c.req.method,
    path: c.req.path,
    ...errorFields(err),
    stack: err.stack,
  });
  return renderProblem(
    c,
    problem("internal", "An unexpected error occurred; quote the request id when reporting it."),
  );
}

export function renderNotFound(c: Context<ApiEnv>): Response {
  return renderProblem(c, problem("notFound", `No route for ${c.req.method} ${c.req.path}`));
}

export interface ValidationIssue {
  location: string;
  path: string;
  message: string;
}

export function renderValidationProblem(c: Context<ApiEnv>, location: string, error: ZodError): Response {
  const errors: ValidationIssue[] = error.issues.map((issue) => ({
    location,
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
  return renderProblem(c, problem("validation", `The request ${location} is not valid.`, { errors }));
}
