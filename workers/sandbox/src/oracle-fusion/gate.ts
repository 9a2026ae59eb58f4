import { createMiddleware } from "hono/factory";
import { verifyBasic, WWW_AUTHENTICATE } from "./basic-auth";
import { type OracleHono, podOf, sleep } from "./context";
import { errorResponse, frameworkVersion, SERVER_ERROR, TOO_MANY_REQUESTS } from "./errors";
import type { Fault } from "./faults";
import { bindingConcurrency } from "./settings";

/**
 * Front door of every Fusion REST request: Basic auth (and the password-expired switch), the request
 * window and concurrency limit, the configured latency, injected faults, and one request-log entry.
 * A refused login is a bare 401 with Fusion's Basic challenge, whatever the reason.
 */
export const oracleGate = createMiddleware<OracleHono>(async (c, next) => {
  const pod = podOf(c.env);
  const url = new URL(c.req.url);
  const now = Date.now();
  const version = frameworkVersion(c.req.raw);
  const log = (status: number, outcome: string) =>
    pod.logRequest({ at: now, method: c.req.method, path: url.pathname + url.search, status, outcome });
  const reply = async (response: Response, outcome: string) => {
    await log(response.status, outcome);
    return response;
  };

  const auth = await verifyBasic(c.req.raw, c.env);
  const admission = await pod.admit({
    now,
    credentialsValid: auth.ok,
    defaultConcurrency: bindingConcurrency(c.env),
    hitDraw: Math.random(),
    modeDraw: Math.random(),
  });
  if (!admission.ok) {
    if (admission.reason === "auth") {
      const reason = auth.ok ? "password_expired" : auth.reason;
      return reply(unauthorized(), `auth:${reason}`);
    }
    return reply(errorResponse(version, TOO_MANY_REQUESTS, { "retry-after": "1" }), admission.reason);
  }

  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    await pod.release(admission.slot);
  };
  try {
    if (admission.latencyMs > 0) await sleep(admission.latencyMs);
    const { fault } = admission;
    const refused = fault ? refusal(fault, version) : null;
    if (fault && refused) {
      await pod.countFault();
      await release();
      return reply(refused, `fault:${fault.mode}`);
    }
    if (fault?.mode === "slow") await sleep(fault.delayMs);
    await next();
    const outcome = c.get("outcome") ?? "ok";
    await release();
    if (fault?.mode === "commit_then_timeout") {
      // Committed and logged; only the answer is late, as when a response is lost on the way back.
      await log(c.res.status, `${outcome}+fault:commit_then_timeout`);
      await sleep(fault.delayMs);
      return;
    }
    await log(c.res.status, fault ? `${outcome}+fault:${fault.mode}` : outcome);
  } finally {
    await release();
  }
});

function unauthorized(): Response {
  return new Response(null, { status: 401, headers: { "www-authenticate": WWW_AUTHENTICATE } });
}

function refusal(fault: Fault, version: number): Response | null {
  switch (fault.mode) {
    case "error_5xx":
      return errorResponse(version, { ...SERVER_ERROR, status: fault.status });
    case "rate_limit_429":
      return errorResponse(
        version,
        TOO_MANY_REQUESTS,
        fault.retryAfterSeconds === null ? {} : { "retry-after": String(fault.retryAfterSeconds) },
      );
    case "auth_401":
      return unauthorized();
    case "slow":
    case "commit_then_timeout":
      return null;
  }
}
