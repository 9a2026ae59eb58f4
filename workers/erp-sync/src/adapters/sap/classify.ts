import { parseRetryAfter } from "../../retry-after";
import type { PushFailure } from "../erp-adapter";
import type { CallOutcome } from "./client";

/**
 * SAP's answer as the error taxonomy. 429 is rate_limited (with Retry-After), 5xx, 408, 412 (someone
 * changed the document between our read and our write) and no answer are transient, 401/403 auth,
 * 428 validation (the adapter sent a change without If-Match: a bug no retry fixes), and any other
 * 4xx a business error carrying SAP's own message (`V1/302 ...`) with the OData error verbatim.
 */
const DETAIL_LIMIT = 8_000;
const MESSAGE_LIMIT = 500;

export interface SapErrorInfo {
  code: string;
  text: string;
  /** `error` exactly as SAP sent it, for the parked row. */
  raw: unknown;
}

export function sapErrorOf(body: string): SapErrorInfo | null {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== "object" || parsed === null || !("error" in parsed)) return null;
    const error = parsed.error;
    if (typeof error !== "object" || error === null) return null;
    const code = "code" in error && typeof error.code === "string" ? error.code : "";
    const message = "message" in error ? error.message : null;
    const text =
      typeof message === "string"
        ? message
        : typeof message === "object" &&
            message !== null &&
            "value" in message &&
            typeof message.value === "string"
          ? message.value
          : "";
    return { code, text, raw: error };
  } catch {
    return null;
  }
}

export function failureOf(outcome: CallOutcome, now: number, what: string): PushFailure {
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
  const error = sapErrorOf(body);
  const summary = error
    ? `SAP ${status} ${error.code}: ${error.text}`
    : `SAP ${status}${body.trim() ? `: ${body.trim().slice(0, 200)}` : ""}`;
  const base = {
    ok: false as const,
    httpStatus: status,
    message: `${what}: ${summary}`.slice(0, MESSAGE_LIMIT),
    detail: (error ? JSON.stringify(error.raw) : body.trim() || null)?.slice(0, DETAIL_LIMIT) ?? null,
  };
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers.get("retry-after"), now);
    return { ...base, errorClass: "rate_limited", ...(retryAfterMs === null ? {} : { retryAfterMs }) };
  }
  if (status === 401 || status === 403) return { ...base, errorClass: "auth" };
  if (status === 428) return { ...base, errorClass: "validation" };
  if (status >= 500 || status === 408 || status === 412) {
    const retryAfterMs = parseRetryAfter(headers.get("retry-after"), now);
    return { ...base, errorClass: "transient", ...(retryAfterMs === null ? {} : { retryAfterMs }) };
  }
  return { ...base, errorClass: "business" };
}

/** A failure the adapter found itself, before or without asking SAP (a missing mapping, an odd answer). */
export function localFailure(errorClass: PushFailure["errorClass"], message: string): PushFailure {
  return { ok: false, errorClass, httpStatus: null, message: message.slice(0, MESSAGE_LIMIT), detail: null };
}
