import type { ErpErrorClass } from "../../../../../shared/erp";
import { parseRetryAfter } from "../../retry-after";
import type { PushFailure } from "../erp-adapter";
import type { RpcOutcome } from "./rpc";

/**
 * trytond's answers as the mesh's error taxonomy. The JSON-RPC `error` array names the exception
 * (trytond/exceptions.py): a UserError is a business rule with Tryton's own message, except the
 * access errors (trytond/ir/message.xml `msg_access_*`, also UserErrors on the wire) which are auth,
 * and posting into a closed period (account `msg_*_closed_period`, `msg_*_closed_journal_period`)
 * which is closed_period. ConcurrencyException is transient: the record changed under us, a retry
 * reads it again. Bare HTTP statuses come from before dispatch (see rpc.ts).
 */
const DETAIL_LIMIT = 8_000;
const MESSAGE_LIMIT = 500;

const ACCESS =
  /^(You are not allowed to (access|execute|create records|read records|write to records|delete records)|Calling button .* is not allowed)/;
const CLOSED_PERIOD = /closed (journal-)?period|period of move .* is closed/i;
// SQLite's and PostgreSQL's lock errors surface as plain exceptions once trytond's own retries are spent.
const LOCKED = /database is locked|could not serialize|deadlock detected/i;

export function classifyOutcome(outcome: Exclude<RpcOutcome, { kind: "result" }>, now: number): PushFailure {
  switch (outcome.kind) {
    case "no_response":
      return fail("transient", null, outcome.message, null);
    case "http":
      return classifyStatus(outcome.status, outcome.headers, outcome.body, now);
    case "error":
      return classifyError(outcome.error, outcome.body);
  }
}

function classifyStatus(status: number, headers: Headers, body: string, now: number): PushFailure {
  const message = `Tryton answered HTTP ${status}`;
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers.get("retry-after"), now);
    return {
      ...fail("rate_limited", status, message, body),
      ...(retryAfterMs === null ? {} : { retryAfterMs }),
    };
  }
  if (status === 401 || status === 403) return fail("auth", status, message, body);
  if (status === 404) return fail("validation", status, `${message}: no such database`, body);
  if (status >= 500 || status === 408) return fail("transient", status, message, body);
  return fail("business", status, message, body);
}

function classifyError(error: unknown, body: string): PushFailure {
  const detail = JSON.stringify(error);
  const [name, args] = Array.isArray(error) ? error : [null, null];
  if (name === "UserError" || name === "UserWarning") {
    // UserError args: [message, description, domain]; UserWarning args: [name, message, description].
    const parts = Array.isArray(args) ? args : [];
    const text = String((name === "UserWarning" ? parts[1] : parts[0]) ?? "");
    const errorClass: ErpErrorClass = ACCESS.test(text)
      ? "auth"
      : CLOSED_PERIOD.test(text)
        ? "closed_period"
        : "business";
    return fail(errorClass, 200, `Tryton ${name}: ${text}`, detail);
  }
  if (name === "ConcurrencyException")
    return fail("transient", 200, `Tryton ConcurrencyException: ${String(args)}`, detail);
  if (name === "LoginException")
    return fail("auth", 200, `Tryton LoginException: ${JSON.stringify(args)}`, detail);
  const text = typeof name === "string" ? name : body;
  if (LOCKED.test(text)) return fail("transient", 200, `Tryton: ${text}`, detail);
  // Any other exception is trytond failing on what we sent: a retry sends the same again.
  return fail("validation", 200, `Tryton exception: ${text}`, detail);
}

export function fail(
  errorClass: ErpErrorClass,
  httpStatus: number | null,
  message: string,
  detail: string | null,
): PushFailure {
  return {
    ok: false,
    errorClass,
    httpStatus,
    message: message.split("\n")[0]?.slice(0, MESSAGE_LIMIT) ?? "",
    detail: detail === null || detail.trim() === "" ? null : detail.slice(0, DETAIL_LIMIT),
  };
}
