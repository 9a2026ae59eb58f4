import type { PushFailure, PushResult } from "../erp-adapter";
import type { CallOutcome } from "./client";

/**
 * NetSuite's answer to a write, as a push result. Success is a 2xx whose `Location` ends in the
 * internal id. 429 is rate_limited (honouring Retry-After), 5xx and no answer are transient, 401/403
 * are auth (NetSuite also answers 401 INVALID_LOGIN when the account is over its concurrency limit,
 * so the retry policy retries them a few times), and any other 4xx is a business error.
 */
interface ErrorDetail {
  detail?: unknown;
  "o:errorCode"?: unknown;
  "o:errorPath"?: unknown;
}

const DETAIL_LIMIT = 8_000;
const MESSAGE_LIMIT = 500;

export function classifyWrite(outcome: CallOutcome, now: number): PushResult {
  if (outcome.kind === "no_response") {
    return { ok: false, errorClass: "transient", httpStatus: null, message: outcome.message, detail: null };
  }
  const { status, headers, body } = outcome;
  if (status >= 200 && status < 300) {
    const erpId = internalIdFrom(headers.get("location"));
    if (erpId) return { ok: true, erpId };
    // The write probably happened; a retry upserts the same record, so this is safe to retry.
    return failure("transient", status, `${status} without a record id in Location`, body);
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers.get("retry-after"), now);
    return {
      ...failure("rate_limited", status, summarize(status, body), body),
      ...(retryAfterMs === null ? {} : { retryAfterMs }),
    };
  }
  if (status === 401 || status === 403) return failure("auth", status, summarize(status, body), body);
  if (status >= 500 || status === 408) return failure("transient", status, summarize(status, body), body);
  return failure("business", status, summarize(status, body), body);
}

export function internalIdFrom(location: string | null): string | null {
  const last = location?.split("?")[0]?.split("/").pop();
  return last && /^\d+$/.test(last) ? last : null;
}

/** `Retry-After` as delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function failure(
  errorClass: PushFailure["errorClass"],
  status: number,
  message: string,
  body: string,
): PushFailure {
  return {
    ok: false,
    errorClass,
    httpStatus: status,
    message: message.slice(0, MESSAGE_LIMIT),
    detail: detailOf(body),
  };
}

function errorDetails(body: string): ErrorDetail[] | null {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== "object" || parsed === null || !("o:errorDetails" in parsed)) return null;
    const details = parsed["o:errorDetails"];
    return Array.isArray(details) ? details : null;
  } catch {
    return null;
  }
}

/** NetSuite's `o:errorDetails` exactly as it sent them; the raw body when it sent something else. */
function detailOf(body: string): string | null {
  const details = errorDetails(body);
  if (details) return JSON.stringify(details).slice(0, DETAIL_LIMIT);
  return body.trim() === "" ? null : body.slice(0, DETAIL_LIMIT);
}

function summarize(status: number, body: string): string {
  const first = errorDetails(body)?.[0];
  if (!first) return `NetSuite answered ${status}`;
  const code = typeof first["o:errorCode"] === "string" ? first["o:errorCode"] : "ERROR";
  const path = typeof first["o:errorPath"] === "string" ? ` at ${first["o:errorPath"]}` : "";
  const text = typeof first.detail === "string" ? `: ${first.detail}` : "";
  return `NetSuite ${status} ${code}${path}${text}`;
}
