import type { ErpErrorClass } from "../../../../../shared/erp";
import { parseRetryAfter } from "../../retry-after";
import type { PushFailure } from "../erp-adapter";

/**
 * Business Central's answers as push failures. BC's error body is `{"error":{"code","message"}}`
 * with the codes of Microsoft's API v2.0 error table; the code decides the class:
 *
 * - 429 rate_limited (Retry-After honoured); 5xx, 408 and no answer transient; 401/403 auth.
 * - 409 Request_EntityChanged transient: the record moved under us; a retry re-reads it.
 * - Internal_EntityWithSameKeyExists duplicate; Internal_CompanyNotFound, BadRequest_* (a request
 *   BC cannot parse or route) validation: configuration or adapter trouble, not the document's.
 * - "not within your range of allowed posting dates" closed_period (a posting-date error BC raises
 *   as Application_DialogException).
 * - every other 4xx business, with BC's own message verbatim in `detail`.
 */
export interface BcErrorBody {
  code: string;
  message: string;
}

const DETAIL_LIMIT = 8_000;
const MESSAGE_LIMIT = 500;

export function bcErrorOf(text: string): BcErrorBody | null {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || !("error" in parsed)) return null;
    const error = parsed.error;
    if (typeof error !== "object" || error === null) return null;
    const code = "code" in error && typeof error.code === "string" ? error.code : "Unknown";
    const message = "message" in error && typeof error.message === "string" ? error.message : "";
    return { code, message };
  } catch {
    return null;
  }
}

function classOf(status: number, code: string, message: string): ErpErrorClass {
  if (status === 429) return "rate_limited";
  if (status === 401 || status === 403) return "auth";
  if (status >= 500 || status === 408 || status === 409) return "transient";
  if (/not within your range of allowed posting dates/i.test(message)) return "closed_period";
  if (code === "Internal_EntityWithSameKeyExists") return "duplicate";
  if (code === "Internal_CompanyNotFound" || code === "Internal_TenantUnavailable") return "validation";
  if (code.startsWith("BadRequest")) return "validation";
  return "business";
}

export function responseFailure(status: number, headers: Headers, text: string, now: number): PushFailure {
  const error = bcErrorOf(text);
  const code = error?.code ?? "";
  const errorClass = classOf(status, code, error?.message ?? "");
  const message = error
    ? `Business Central ${status} ${error.code}: ${error.message.replace(/\s+CorrelationId:.*$/s, "")}`
    : `Business Central answered ${status}`;
  const wait = status === 429 || status === 503 ? parseRetryAfter(headers.get("retry-after"), now) : null;
  return {
    ok: false,
    errorClass,
    httpStatus: status,
    message: message.slice(0, MESSAGE_LIMIT),
    detail: text.trim() === "" ? null : text.slice(0, DETAIL_LIMIT),
    ...(wait === null ? {} : { retryAfterMs: wait }),
  };
}

export function noResponse(message: string): PushFailure {
  return { ok: false, errorClass: "transient", httpStatus: null, message, detail: null };
}

export function validation(message: string): PushFailure {
  return { ok: false, errorClass: "validation", httpStatus: null, message, detail: null };
}
