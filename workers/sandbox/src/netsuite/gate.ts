import { createMiddleware } from "hono/factory";
import { accountOf, concurrencyLimit, type NetSuiteHono, sleep } from "./context";
import { CONCURRENCY_LIMIT_EXCEEDED, errorResponse, INVALID_LOGIN, UNEXPECTED_ERROR } from "./errors";
import type { Fault } from "./faults";
import { verifyTba } from "./tba";

/**
 * Front door of every `/services/rest/*` request: TBA verification, nonce and concurrency admission,
 * injected faults, and one request-log entry per request. Handlers behind it only deal with records.
 */
export const netsuiteGate = createMiddleware<NetSuiteHono>(async (c, next) => {
  const account = accountOf(c.env);
  const url = new URL(c.req.url);
  const now = Date.now();
  const log = (status: number, outcome: string) =>
    account.logRequest({ at: now, method: c.req.method, path: url.pathname + url.search, status, outcome });
  const reply = async (response: Response, outcome: string) => {
    await log(response.status, outcome);
    return response;
  };

  const auth = await verifyTba(c.req.raw, c.env, now);
  if (!auth.ok) return reply(errorResponse(401, INVALID_LOGIN), `auth:${auth.reason}`);

  const admission = await account.admit({
    token: auth.token,
    nonce: auth.nonce,
    now,
    limit: concurrencyLimit(c.env),
    random: Math.random(),
  });
  if (!admission.ok) {
    return admission.reason === "nonce_reused"
      ? reply(errorResponse(401, INVALID_LOGIN), "auth:nonce_reused")
      : reply(errorResponse(429, CONCURRENCY_LIMIT_EXCEEDED), "concurrency_limit");
  }

  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    await account.release(admission.slot);
  };
  try {
    const { fault } = admission;
    const refused = fault ? refusal(fault) : null;
    if (fault && refused) {
      await release();
      return reply(refused, `fault:${fault.mode}`);
    }
    if (fault?.mode === "slow") await sleep(fault.delayMs);
    await next();
    const outcome = c.get("outcome") ?? "ok";
    if (fault?.mode === "commit_then_timeout") {
      // The write is committed and logged; only the answer is late, as when a response is lost in transit.
      await release();
      await log(c.res.status, `${outcome}+fault:commit_then_timeout`);
      await sleep(fault.delayMs);
      return;
    }
    await release();
    await log(c.res.status, fault ? `${outcome}+fault:${fault.mode}` : outcome);
  } finally {
    await release();
  }
});

/** Faults that answer instead of the record service; null for faults that let the request through. */
function refusal(fault: Fault): Response | null {
  switch (fault.mode) {
    case "error_5xx":
      return errorResponse(fault.status, UNEXPECTED_ERROR);
    case "rate_limit_429": {
      const headers: HeadersInit =
        fault.retryAfterSeconds === null ? {} : { "retry-after": String(fault.retryAfterSeconds) };
      return errorResponse(429, CONCURRENCY_LIMIT_EXCEEDED, headers);
    }
    case "invalid_login_401":
      return errorResponse(401, INVALID_LOGIN);
    case "slow":
    case "commit_then_timeout":
      return null;
  }
}
