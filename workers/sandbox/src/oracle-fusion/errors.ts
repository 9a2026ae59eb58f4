/**
 * Fusion REST error answers. The ADF REST framework picks the shape from the client's
 * `REST-Framework-Version` header: from version 4 on, an error is `application/vnd.oracle.adf.error+json`
 * with `title`, `status` (a string) and `o:errorDetails` entries (`detail`, `o:errorCode`); older
 * versions (and clients that send none) get the message alone as `text/plain`, which is the bare 400
 * body integrators meet most. The `o:errorCode` values here are the sandbox's own: Oracle's codes vary
 * by product and release, so clients must read the status and the text, not the code.
 */
export interface AdfError {
  status: number;
  detail: string;
  code: string;
  path?: string;
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export const ERROR_MEDIA_TYPE = "application/vnd.oracle.adf.error+json";

/** The framework version a request asked for; Fusion falls back to version 1 when none is sent. */
export function frameworkVersion(request: Request): number {
  const raw = Number.parseInt(request.headers.get("rest-framework-version") ?? "", 10);
  return Number.isInteger(raw) && raw > 0 ? raw : 1;
}

export function errorResponse(version: number, error: AdfError, headers: HeadersInit = {}): Response {
  const h = new Headers(headers);
  if (version < 4) {
    h.set("content-type", "text/plain;charset=UTF-8");
    return new Response(error.detail, { status: error.status, headers: h });
  }
  h.set("content-type", ERROR_MEDIA_TYPE);
  const body = {
    title: TITLES[error.status] ?? "Error",
    status: String(error.status),
    "o:errorDetails": [
      {
        detail: error.detail,
        "o:errorCode": error.code,
        ...(error.path ? { "o:errorPath": error.path } : {}),
      },
    ],
  };
  return new Response(JSON.stringify(body), { status: error.status, headers: h });
}

export function badRequest(detail: string, code = "SANDBOX-VALIDATION", path?: string): AdfError {
  return { status: 400, detail, code, ...(path ? { path } : {}) };
}

export const NOT_FOUND: AdfError = {
  status: 404,
  detail: "The requested resource does not exist.",
  code: "SANDBOX-NOT-FOUND",
};

export const SERVER_ERROR: AdfError = {
  status: 500,
  detail: "An unexpected error occurred. Contact your help desk.",
  code: "SANDBOX-UNEXPECTED",
};

export const TOO_MANY_REQUESTS: AdfError = {
  status: 429,
  detail: "Too many requests. The request was throttled; try again later.",
  code: "SANDBOX-THROTTLED",
};

export function missingAttribute(attribute: string): AdfError {
  return badRequest(`The attribute ${attribute} is required.`, "SANDBOX-REQUIRED", attribute);
}

export function invalidValue(attribute: string, value: unknown): AdfError {
  const shown = typeof value === "string" ? value : JSON.stringify(value);
  return badRequest(
    `The value ${shown} of the attribute ${attribute} isn't valid.`,
    "SANDBOX-INVALID",
    attribute,
  );
}
