import { createMiddleware } from "hono/factory";
import { logonError, verifyBasic } from "./basic-auth";
import { type SapHono, sleep, systemOf } from "./context";
import { csrfGuard } from "./csrf-guard";
import type { Fault } from "./faults";
import { errorBody, GATEWAY } from "./odata-errors";

/**
 * Front door of every `/sap/*` request: the SAP client, Basic authentication, admission against the
 * sandbox's limits, injected faults, the CSRF check for OData changes, latency, and one request-log
 * entry per request. Handlers behind it deal only with the business documents.
 */
export const sapGate = createMiddleware<SapHono>(async (c, next) => {
  const system = systemOf(c.env);
  const url = new URL(c.req.url);
  const now = Date.now();
  const method = c.req.method;
  const log = (status: number, outcome: string) =>
    system.logRequest({ at: now, method, path: url.pathname + url.search, status, outcome });
  const reply = async (response: Response, outcome: string) => {
    await log(response.status, outcome);
    return response;
  };

  const client = url.searchParams.get("sap-client");
  const auth = await verifyBasic(c.req.header("authorization") ?? null, c.env);
  if (!auth.ok || (client !== null && client !== c.env.SAP_CLIENT)) {
    await system.refuseAuth();
    return reply(logonError(c.env.SAP_CLIENT), `auth:${auth.ok ? "wrong_client" : auth.reason}`);
  }
  c.set("user", auth.user);

  const modifying = method !== "GET" && method !== "HEAD";
  const admission = await system.admit({ now, modifying, random: Math.random(), pick: Math.random() });
  if (!admission.ok) {
    const headers = { "retry-after": String(admission.retryAfterSeconds) };
    return admission.reason === "concurrency"
      ? reply(
          gatewayError(503, "Service unavailable: no free work process (sandbox limit)", headers),
          "limit:concurrency",
        )
      : reply(
          gatewayError(429, "Too many requests: request quota exceeded (sandbox limit)", headers),
          "limit:window",
        );
  }

  try {
    const { fault } = admission;
    const refused = fault ? refusal(fault, c.env.SAP_CLIENT) : null;
    if (fault && refused) return reply(refused, `fault:${fault.mode}`);
    await sleep(admission.latencyMs + (fault?.mode === "slow" ? fault.delayMs : 0));
    const csrf = await csrfGuard(c, system, auth.user, now);
    if (csrf) return reply(csrf.response, csrf.outcome);
    await next();
    const outcome = c.get("outcome") ?? "ok";
    if (fault?.mode === "commit_then_timeout") {
      // The write is committed and logged; only the answer is late, as when a response is lost in transit.
      await system.release(admission.slot);
      await log(c.res.status, `${outcome}+fault:commit_then_timeout`);
      await sleep(fault.delayMs);
      return;
    }
    await log(c.res.status, fault ? `${outcome}+fault:${fault.mode}` : outcome);
  } finally {
    await system.release(admission.slot);
  }
});

/**
 * The gateway's own refusals. The statuses are what an SAP gateway or Web Dispatcher answers; the
 * limits behind them are a sandbox convention (SAP documents no public rate limit).
 */
function gatewayError(status: number, text: string, headers: Record<string, string> = {}): Response {
  const body = errorBody(
    { code: status === 429 ? "/IWFND/CM_CONSUMER/429" : GATEWAY.internal().code, message: text },
    [],
    Date.now(),
  );
  return Response.json(body, {
    status,
    headers: { ...headers, "content-type": "application/json; charset=utf-8" },
  });
}

function refusal(fault: Fault, client: string): Response | null {
  switch (fault.mode) {
    case "error_5xx":
      return gatewayError(fault.status, GATEWAY.internal().message);
    case "rate_limit_429":
      return gatewayError(
        429,
        "Too many requests (injected fault)",
        fault.retryAfterSeconds === null ? {} : { "retry-after": String(fault.retryAfterSeconds) },
      );
    case "auth_401":
      return logonError(client);
    case "slow":
    case "commit_then_timeout":
      return null;
  }
}
