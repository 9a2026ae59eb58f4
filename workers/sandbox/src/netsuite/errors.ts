/**
 * NetSuite REST error bodies: `{"type","title","status","o:errorDetails":[...]}` (Oracle, "Error
 * Handling in REST Web Services"). The shape and the INVALID_LOGIN, INVALID_CONTENT and USER_ERROR
 * details follow Oracle's examples; every other code and text here is a sandbox convention where
 * Oracle publishes none (see workers/sandbox/README.md), and clients should switch on the status.
 */
export interface NetSuiteErrorDetail {
  detail: string;
  "o:errorCode": string;
  "o:errorPath"?: string;
}

export interface NetSuiteErrorBody {
  type: string;
  title: string;
  status: number;
  "o:errorDetails": NetSuiteErrorDetail[];
}

const RFC2616 = "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html";

const STATUS: Record<number, { title: string; fragment: string }> = {
  400: { title: "Bad Request", fragment: "#sec10.4.1" },
  401: { title: "Unauthorized", fragment: "" },
  404: { title: "Not Found", fragment: "#sec10.4.5" },
  405: { title: "Method Not Allowed", fragment: "#sec10.4.6" },
  409: { title: "Conflict", fragment: "#sec10.4.10" },
  429: { title: "Too Many Requests", fragment: "" },
  500: { title: "Internal Server Error", fragment: "#sec10.5.1" },
  502: { title: "Bad Gateway", fragment: "#sec10.5.3" },
  503: { title: "Service Unavailable", fragment: "#sec10.5.4" },
  504: { title: "Gateway Timeout", fragment: "#sec10.5.5" },
};

export function errorBody(status: number, details: NetSuiteErrorDetail[]): NetSuiteErrorBody {
  const known = STATUS[status] ?? { title: "Error", fragment: "" };
  return { type: RFC2616 + known.fragment, title: known.title, status, "o:errorDetails": details };
}

export function errorResponse(
  status: number,
  detail: NetSuiteErrorDetail,
  headers: HeadersInit = {},
): Response {
  const h = new Headers(headers);
  h.set("content-type", "application/vnd.oracle.resource+json; type=error");
  return new Response(JSON.stringify(errorBody(status, [detail])), { status, headers: h });
}

export const INVALID_LOGIN: NetSuiteErrorDetail = {
  detail:
    "Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.",
  "o:errorCode": "INVALID_LOGIN",
};

export const CONCURRENCY_LIMIT_EXCEEDED: NetSuiteErrorDetail = {
  detail: "Concurrent request limit exceeded. Request blocked.",
  "o:errorCode": "CONCURRENCY_LIMIT_EXCEEDED",
};

export const UNEXPECTED_ERROR: NetSuiteErrorDetail = {
  detail: "An unexpected error occurred. Please try again later.",
  "o:errorCode": "UNEXPECTED_ERROR",
};

export const INVALID_BODY: NetSuiteErrorDetail = {
  detail: "Invalid content in the request body.",
  "o:errorCode": "INVALID_CONTENT",
};

export const NONEXISTENT_ID: NetSuiteErrorDetail = {
  detail: "The record instance does not exist. Provide a valid record instance ID.",
  "o:errorCode": "NONEXISTENT_ID",
};

export function unknownRecordType(type: string): NetSuiteErrorDetail {
  return { detail: `Record type '${type}' does not exist.`, "o:errorCode": "INVALID_RCRD_TYPE" };
}

export function missingValue(label: string, path: string): NetSuiteErrorDetail {
  return {
    detail: `Error while accessing a resource. Please enter value(s) for: ${label}.`,
    "o:errorCode": "USER_ERROR",
    "o:errorPath": path,
  };
}

export function invalidValue(value: unknown, field: string, path: string): NetSuiteErrorDetail {
  return {
    detail: `Error while accessing a resource. You have entered an Invalid Field Value ${formatValue(value)} for the following field: ${field}`,
    "o:errorCode": "INVALID_CONTENT",
    "o:errorPath": path,
  };
}

function formatValue(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? "undefined");
}

/** POST or transform with an external id already taken. Status 400 per [3p]; the code is unverified (§1.2). */
export function duplicateExternalId(externalId: string): NetSuiteErrorDetail {
  return {
    detail: `Error while accessing a resource. A record with the external ID '${externalId}' already exists.`,
    "o:errorCode": "DUP_RCRD",
    "o:errorPath": "externalId",
  };
}

/** A reference to a record that does not exist, in NetSuite's SOAP wording ("Invalid x reference key y"). */
export function invalidReference(field: string, value: unknown, path: string): NetSuiteErrorDetail {
  return {
    detail: `Error while accessing a resource. Invalid ${field.toLowerCase()} reference key ${formatValue(value)}.`,
    "o:errorCode": "INVALID_KEY_OR_REF",
    "o:errorPath": path,
  };
}

/** A posting dated in a closed period (text after NetSuite's "not within an open accounting period" warning). */
export function closedPeriod(tranDate: string): NetSuiteErrorDetail {
  return {
    detail: `Error while accessing a resource. The transaction date ${tranDate} is not within an open accounting period.`,
    "o:errorCode": "USER_ERROR",
    "o:errorPath": "tranDate",
  };
}

export function userError(detail: string, path?: string): NetSuiteErrorDetail {
  return {
    detail: `Error while accessing a resource. ${detail}`,
    "o:errorCode": "USER_ERROR",
    ...(path === undefined ? {} : { "o:errorPath": path }),
  };
}

export function invalidParameter(detail: string): NetSuiteErrorDetail {
  return { detail, "o:errorCode": "INVALID_PARAMETER" };
}

/**
 * A second async submission with an idempotency key already used: Oracle's example answers status
 * 400 with the title "Conflict" and RFC 2616's 409 fragment, and points `Location` at the first job.
 */
export function idempotencyConflict(location: string): Response {
  const body: NetSuiteErrorBody = {
    type: `${RFC2616}#sec10.4.10`,
    title: "Conflict",
    status: 400,
    "o:errorDetails": [
      {
        detail:
          'A request with the same idempotency key is already submitted. See the "Location" header for a link to the previously submitted job',
        "o:errorCode": "IDEMPOTENCY_ERROR",
      },
    ],
  };
  return new Response(JSON.stringify(body), {
    status: 400,
    headers: { "content-type": "application/vnd.oracle.resource+json; type=error", location },
  });
}
