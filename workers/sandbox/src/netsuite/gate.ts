import { createMiddleware } from "hono/factory";
import { toHex, utf8 } from "../../../../shared/crypto/encoding";
import type { Credential } from "./admission";
import { accountOf, concurrencyLimit, type NetSuiteHono, sleep } from "./context";
import { CONCURRENCY_LIMIT_EXCEEDED, errorResponse, INVALID_LOGIN, UNEXPECTED_ERROR } from "./errors";
import type { Fault } from "./faults";
import { verifyTba } from "./tba";

/**
 * Front door of every `/services/rest/*` request: authentication (TBA's `OAuth` header, or an OAuth
 * 2.0 `Bearer` token; the token endpoint authenticates by its body instead), nonce, token and
 * concurrency admission, the configured latency, injected faults, and one request-log entry per
 * request. Handlers behind it only deal with records.
 */
export const TOKEN_PATH = "/services/rest/auth/oauth2/v1/token";

export async function sha256Hex(text: string): Promise<string> {
  return toHex(await crypto.subtle.digest("SHA-256", utf8(text)));
}

type CredentialResult = { ok: true; credential: Credential } | { ok: false; reason: string };

async function credentialOf(request: Request, env: SandboxEnv, now: number): Promise<CredentialResult> {
  const url = new URL(request.url);
  if (url.pathname === TOKEN_PATH) return { ok: true, credential: { kind: "assertion" } };
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  if (bearer) return { ok: true, credential: { kind: "bearer", tokenHash: await sha256Hex(bearer) } };
  const tba = await verifyTba(request, env, now);
  return tba.ok ? { ok: true, credential: { kind: "tba", token: tba.token, nonce: tba.nonce } } : tba;
}

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

  const auth = await credentialOf(c.req.raw, c.env, now);
  if (!auth.ok) {
    await account.refuseUnauthenticated();
    return reply(errorResponse(401, INVALID_LOGIN), `auth:${auth.reason}`);
  }
  const admission = await account.admit({
    credential: auth.credential,
    method: c.req.method,
    now,
    limit: concurrencyLimit(c.env),
    random: Math.random(),
    pick: Math.random(),
  });
  if (!admission.ok) {
    if (admission.reason === "auth")
      return reply(errorResponse(401, INVALID_LOGIN), `auth:${admission.detail}`);
    if (admission.reason === "concurrency")
      return reply(errorResponse(429, CONCURRENCY_LIMIT_EXCEEDED), "concurrency_limit");
    return reply(refusal(admission.fault), `fault:${admission.fault.mode}`);
  }

  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    await account.release(admission.slot);
  };
  try {
    const { fault } = admission;
    if (admission.latencyMs > 0) await sleep(admission.latencyMs);
    if (fault?.mode === "slow") await sleep(fault.delayMs);
    await next();
    const outcome = c.get("outcome") ?? "ok";
    await release();
    if (fault?.mode === "commit_then_timeout") {
      // The write is committed and logged; only the answer is late, as when a response is lost in transit.
      await log(c.res.status, `${outcome}+fault:commit_then_timeout`);
      await sleep(fault.delayMs);
      return;
    }
    await log(c.res.status, fault ? `${outcome}+fault:${fault.mode}` : outcome);
  } finally {
    await release();
  }
});

/** The answer of a fault that refuses the request instead of the service. */
function refusal(fault: Fault): Response {
  switch (fault.mode) {
    case "rate_limit_429": {
      const headers: HeadersInit =
        fault.retryAfterSeconds === null ? {} : { "retry-after": String(fault.retryAfterSeconds) };
      return errorResponse(429, CONCURRENCY_LIMIT_EXCEEDED, headers);
    }
    case "invalid_login_401":
      return errorResponse(401, INVALID_LOGIN);
    default:
      return errorResponse(fault.status, UNEXPECTED_ERROR);
  }
}
