import { createMiddleware } from "hono/factory";
import { type BcHono, sleep, tenantOf } from "./context";
import { bcError, errorResponse, INTERNAL_ERROR, INVALID_CREDENTIALS, TOO_MANY_REQUESTS } from "./errors";
import type { Fault } from "./faults";

/**
 * Front door of every API request: the URL's tenant and environment, the bearer token, the per-user
 * window and the concurrency limit with its queue, injected faults, a realistic latency, and one
 * request-log line per request. Handlers behind it only deal with entities.
 */
const QUEUE_POLL_MS = 5;
const QUEUE_MAX_WAIT_MS = 10 * 60 * 1000;

function challenge(env: SandboxEnv): HeadersInit {
  return {
    "www-authenticate": `Bearer authorization_uri="https://login.microsoftonline.com/${env.BC_TENANT_ID}/oauth2/authorize", error="invalid_token"`,
  };
}

export const bcGate = createMiddleware<BcHono>(async (c, next) => {
  const tenant = tenantOf(c.env);
  const url = new URL(c.req.url);
  const at = Date.now();
  const log = (status: number, outcome: string) =>
    tenant.logRequest({ at, method: c.req.method, path: url.pathname + url.search, status, outcome });
  const reply = async (response: Response, outcome: string) => {
    await log(response.status, outcome);
    return response;
  };

  const [, , tenantId, environment] = url.pathname.split("/");
  if (tenantId !== c.env.BC_TENANT_ID || environment !== c.env.BC_ENVIRONMENT) {
    const missing = bcError(404, "Internal_TenantUnavailable", `The tenant '${tenantId}' is not accessible`);
    return reply(errorResponse(missing), "no_environment");
  }
  const token = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
  const auth = token ? await tenant.checkToken(token, at) : ({ ok: false, reason: "missing" } as const);
  if (!auth.ok) {
    await tenant.refused("auth");
    return reply(errorResponse(INVALID_CREDENTIALS, challenge(c.env)), `auth:${auth.reason}`);
  }

  let admission = await tenant.admit(auth.clientId, `${c.req.method} ${url.pathname}`, at);
  const queuedAt = Date.now();
  while (admission.kind === "queued") {
    if (Date.now() - queuedAt > QUEUE_MAX_WAIT_MS) {
      await tenant.leaveQueue(admission.ticket);
      return reply(
        errorResponse(bcError(504, "Internal_ServerError", "The request timed out in the queue.")),
        "queue_timeout",
      );
    }
    await sleep(QUEUE_POLL_MS);
    admission = await tenant.claim(admission.ticket, Date.now());
  }
  if (admission.kind === "refused") {
    const headers = { "retry-after": String(admission.retryAfterSeconds) };
    return reply(errorResponse(TOO_MANY_REQUESTS, headers), `limit:${admission.reason}`);
  }

  const { slot, fault } = admission;
  try {
    const refusal = fault ? refusalOf(fault, c.env) : null;
    if (fault && refusal) {
      await tenant.refused("fault");
      return reply(refusal, `fault:${fault.mode}`);
    }
    const { latencyMs } = await tenant.settings();
    const delay = latencyMs + (fault?.mode === "slow" ? fault.delayMs : 0);
    if (delay > 0) await sleep(delay);
    await next();
    const outcome = c.get("outcome") ?? "ok";
    if (fault?.mode === "commit_then_timeout") {
      // Committed and logged; only the answer is late, as when a response is lost in transit.
      await tenant.release(slot);
      await log(c.res.status, `${outcome}+fault:commit_then_timeout`);
      await sleep(fault.delayMs);
      return;
    }
    await log(c.res.status, fault ? `${outcome}+fault:${fault.mode}` : outcome);
  } finally {
    await tenant.release(slot);
  }
});

function refusalOf(fault: Fault, env: SandboxEnv): Response | null {
  switch (fault.mode) {
    case "error_5xx":
      return errorResponse({ ...INTERNAL_ERROR, status: fault.status });
    case "rate_limit_429":
      return errorResponse(
        TOO_MANY_REQUESTS,
        fault.retryAfterSeconds === null ? {} : { "retry-after": String(fault.retryAfterSeconds) },
      );
    case "auth_401":
      return errorResponse(INVALID_CREDENTIALS, challenge(env));
    case "slow":
    case "commit_then_timeout":
      return null;
  }
}
