import type { ErpErrorClass } from "../../../../../shared/erp";
import { parseRetryAfter } from "../../retry-after";
import type { PushFailure } from "../erp-adapter";
import { type CallOutcome, parseJson } from "./client";

/**
 * A Fusion answer that is not a success, as a push failure. 429 is rate_limited (with Retry-After),
 * 5xx, 408 and no answer are transient, 401/403 are auth (a bad or expired password), any other 4xx
 * is business: Fusion's own message goes verbatim into `detail`, from the ADF error JSON
 * (`o:errorDetails`) or the plain-text body older framework versions send.
 */
const DETAIL_LIMIT = 8_000;
const MESSAGE_LIMIT = 500;

export function classifyFailure(outcome: CallOutcome, now: number, what: string): PushFailure {
  if (outcome.kind === "no_response") {
    return {
      ok: false,
      errorClass: "transient",
      httpStatus: null,
      message: `${what}: ${outcome.message}`,
      detail: null,
    };
  }
  const { status, headers, body } = outcome;
  const errorClass: ErpErrorClass =
    status === 429
      ? "rate_limited"
      : status === 401 || status === 403
        ? "auth"
        : status >= 500 || status === 408
          ? "transient"
          : status >= 200 && status < 300
            ? "transient"
            : "business";
  const text = errorText(body);
  const message = `Oracle Fusion ${status} on ${what}${text ? `: ${text}` : ""}`.slice(0, MESSAGE_LIMIT);
  const failure: PushFailure = {
    ok: false,
    errorClass,
    httpStatus: status,
    message,
    detail: body.trim() === "" ? null : body.slice(0, DETAIL_LIMIT),
  };
  const retryAfterMs = status === 429 ? parseRetryAfter(headers.get("retry-after"), now) : null;
  return retryAfterMs === null ? failure : { ...failure, retryAfterMs };
}

/** The first error text of an ADF error body, or a plain-text body itself (first line). */
export function errorText(body: string): string {
  const json = parseJson(body);
  const details = json?.["o:errorDetails"];
  if (Array.isArray(details)) {
    const first: unknown = details[0];
    if (
      typeof first === "object" &&
      first !== null &&
      "detail" in first &&
      typeof first.detail === "string"
    ) {
      return first.detail;
    }
  }
  if (json)
    return typeof json.detail === "string" ? json.detail : typeof json.title === "string" ? json.title : "";
  return body.trim().split("\n")[0] ?? "";
}

export function validation(message: string): PushFailure {
  return { ok: false, errorClass: "validation", httpStatus: null, message, detail: null };
}
