/**
 * RFC 9457 problem details: the one error format of the governed API and the sandbox's control
 * endpoints. `type` is a URI under the mesh's problem namespace so clients can switch on it.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export const PROBLEM_BASE = "https://mesh.dev/problems/";

export const problemTypes = {
  badRequest: { slug: "bad-request", title: "Bad Request", status: 400 },
  validation: { slug: "validation", title: "Request validation failed", status: 422 },
  unauthorized: { slug: "unauthorized", title: "Unauthorized", status: 401 },
  forbidden: { slug: "forbidden", title: "Forbidden", status: 403 },
  notFound: { slug: "not-found", title: "Not Found", status: 404 },
  conflict: { slug: "conflict", title: "Conflict", status: 409 },
  payloadTooLarge: { slug: "payload-too-large", title: "Payload Too Large", status: 413 },
  unsupportedMediaType: { slug: "unsupported-media-type", title: "Unsupported Media Type", status: 415 },
  tooManyRequests: { slug: "rate-limited", title: "Too Many Requests", status: 429 },
  internal: { slug: "internal", title: "Internal Server Error", status: 500 },
  unavailable: { slug: "unavailable", title: "Service Unavailable", status: 503 },
} as const;

export type ProblemKind = keyof typeof problemTypes;

export function problem(
  kind: ProblemKind,
  detail?: string,
  extensions: Record<string, unknown> = {},
): Problem {
  const t = problemTypes[kind];
  return {
    type: PROBLEM_BASE + t.slug,
    title: t.title,
    status: t.status,
    ...(detail ? { detail } : {}),
    ...extensions,
  };
}

export function problemResponse(p: Problem, headers: HeadersInit = {}): Response {
  const h = new Headers(headers);
  h.set("content-type", "application/problem+json");
  return new Response(JSON.stringify(p), { status: p.status, headers: h });
}

/** An error that renders as a problem response wherever the shared error handler catches it. */
export class ProblemError extends Error {
  readonly problem: Problem;
  readonly headers: HeadersInit;
  constructor(
    kind: ProblemKind,
    detail?: string,
    extensions: Record<string, unknown> = {},
    headers: HeadersInit = {},
  ) {
    super(detail ?? problemTypes[kind].title);
    this.problem = problem(kind, detail, extensions);
    this.headers = headers;
  }
}
