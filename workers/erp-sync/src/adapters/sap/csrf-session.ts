import type { FetchLike } from "../erp-adapter";
import type { SapConfig } from "./config";

/**
 * SAP's CSRF protocol as the SAP Cloud SDK's csrf-token-middleware runs it (reference/erp.md §3.2):
 * a HEAD with `x-csrf-token: Fetch` on the service root (trailing slash, so S/4 does not redirect)
 * returns the token and the session cookies; every change sends the token with the `name=value` part
 * of each cookie, because a token is only valid in its session. Workers have no cookie jar, so the
 * session is kept here, one per connection revision, and dropped when SAP answers 403 Required.
 */
export interface CsrfSession {
  token: string;
  cookie: string;
}

export type SessionFetch =
  | { ok: true; session: CsrfSession }
  | { ok: false; response: { status: number; headers: Headers; body: string } | null; message: string };

const sessions = new Map<string, CsrfSession>();
const MAX_SESSIONS = 256;

export function cachedSession(config: SapConfig): CsrfSession | null {
  return sessions.get(config.sessionKey) ?? null;
}

export function forgetSession(config: SapConfig): void {
  sessions.delete(config.sessionKey);
}

function cookiesOf(headers: Headers): string {
  const all = typeof headers.getSetCookie === "function" ? headers.getSetCookie() : [];
  return all
    .map((c) => c.split(";")[0]?.trim() ?? "")
    .filter((c) => c.includes("="))
    .join("; ");
}

export async function fetchSession(
  config: SapConfig,
  fetch: FetchLike,
  serviceRootUrl: string,
  timeoutMs: number,
): Promise<SessionFetch> {
  const request = new Request(serviceRootUrl, {
    method: "HEAD",
    // The SDK also sends content-length: 0; a bodiless HEAD carries none in fetch, which is the same.
    headers: { authorization: config.authorization, "x-csrf-token": "Fetch" },
    signal: AbortSignal.timeout(timeoutMs),
  });
  try {
    const response = await fetch(request);
    const body = await response.text();
    const token = response.headers.get("x-csrf-token");
    if (!response.ok || !token || token.toLowerCase() === "required") {
      return {
        ok: false,
        response: { status: response.status, headers: response.headers, body },
        message: "",
      };
    }
    const session = { token, cookie: cookiesOf(response.headers) };
    if (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value ?? "");
    sessions.set(config.sessionKey, session);
    return { ok: true, session };
  } catch (err) {
    return { ok: false, response: null, message: describeFailure(err, timeoutMs) };
  }
}

export function describeFailure(err: unknown, timeoutMs: number): string {
  const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
  return timedOut
    ? `no response within ${timeoutMs} ms`
    : `network error: ${err instanceof Error ? err.message : String(err)}`;
}
