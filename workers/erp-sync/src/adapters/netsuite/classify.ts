import type { ErpErrorClass } from "../../../../../shared/erp";
import { parseRetryAfter } from "../../retry-after";
import type { PushFailure, PushResult } from "../erp-adapter";
import type { CallOutcome } from "./client";
import { detailOf, firstError, summarize } from "./error-details";

/**
 * NetSuite's answer as a push result, in the error taxonomy (shared/erp/errors.ts):
 * - 2xx: success, the internal id is the last segment of `Location`.
 * - 429: rate_limited, honouring Retry-After. 5xx, 408 and no answer: transient.
 * - 401/403: auth (NetSuite also answers 401 INVALID_LOGIN when the account is over its concurrency
 *   limit, so the retry policy retries them a few times).
 * - 400 whose detail says the date is not in an open accounting period: closed_period.
 * - 400 for an external id already taken (only seen when a read-back failed): duplicate.
 * - any other 4xx (INVALID_KEY_OR_REF, USER_ERROR, ...): business, with the error verbatim.
 */
const MESSAGE_LIMIT = 500;
/** NetSuite's period wording varies ("not within an open accounting period", "period is closed"). */
const CLOSED_PERIOD = /(open|closed|locked) (accounting |posting )?period|period (is )?(closed|locked)/i;
const DUPLICATE_CODES = new Set(["DUP_RCRD", "DUP_ENTITY", "DUP_RCRD_LINK"]);

export function failure(
  errorClass: ErpErrorClass,
  status: number | null,
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

export function validationFailure(message: string): PushFailure {
  return { ok: false, errorClass: "validation", httpStatus: null, message, detail: null };
}

/** True for NetSuite's answer to a create whose external id is already taken. */
export function isDuplicateExternalId(status: number, body: string): boolean {
  const first = firstError(body);
  if (status !== 400 || !first) return false;
  return (
    (first.code !== null && DUPLICATE_CODES.has(first.code)) ||
    /external ?id.*already exists/i.test(first.detail)
  );
}

/** The failure for any outcome that is not a success. */
export function failureOf(outcome: CallOutcome, now: number): PushFailure {
  if (outcome.kind === "failed") return outcome.failure;
  if (outcome.kind === "no_response") {
    return { ok: false, errorClass: "transient", httpStatus: null, message: outcome.message, detail: null };
  }
  const { status, headers, body } = outcome;
  const message = summarize(status, body);
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers.get("retry-after"), now);
    return {
      ...failure("rate_limited", status, message, body),
      ...(retryAfterMs === null ? {} : { retryAfterMs }),
    };
  }
  if (status === 401 || status === 403) return failure("auth", status, message, body);
  if (status >= 500 || status === 408) return failure("transient", status, message, body);
  if (status >= 200 && status < 300)
    return failure("transient", status, `${status} without a record id in Location`, body);
  const first = firstError(body);
  if (first && CLOSED_PERIOD.test(first.detail)) return failure("closed_period", status, message, body);
  if (isDuplicateExternalId(status, body)) return failure("duplicate", status, message, body);
  return failure("business", status, message, body);
}

export function classifyWrite(outcome: CallOutcome, now: number): PushResult {
  if (outcome.kind === "response" && outcome.status >= 200 && outcome.status < 300) {
    const erpId = internalIdFrom(outcome.headers.get("location"));
    // Without an id the write probably happened; a retry upserts the same record, so it is transient.
    if (erpId) return { ok: true, erpId };
  }
  return failureOf(outcome, now);
}

export function internalIdFrom(location: string | null): string | null {
  const last = location?.split("?")[0]?.split("/").pop();
  return last && /^\d+$/.test(last) ? last : null;
}
