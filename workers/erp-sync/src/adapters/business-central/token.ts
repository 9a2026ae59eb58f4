import { parseRetryAfter } from "../../retry-after";
import type { AdapterDeps, PushFailure } from "../erp-adapter";
import { noResponse } from "./classify";
import { BC_SCOPE, type BcConfig } from "./config";

/**
 * Client-credentials tokens from Entra ID, cached per connection (id and revision) in the isolate
 * until shortly before they expire. The client credentials grant has no refresh token: "refresh"
 * is a new token request. Entra's failures (`{"error","error_description":"AADSTS…"}`) are auth
 * failures unless Entra itself is unavailable or throttling.
 */
interface CachedToken {
  token: string;
  expiresAt: number;
}

const cache = new Map<string, CachedToken>();
/** Renew this long before expiry, so a token never expires between the check and BC's own. */
const RENEW_MARGIN_MS = 5 * 60 * 1000;

export type TokenResult = { ok: true; token: string } | PushFailure;

export function forgetToken(config: BcConfig): void {
  cache.delete(config.cacheKey);
}

export async function bearerToken(config: BcConfig, deps: AdapterDeps, fresh: boolean): Promise<TokenResult> {
  const now = deps.now();
  const cached = cache.get(config.cacheKey);
  if (!fresh && cached && cached.expiresAt > now) return { ok: true, token: cached.token };
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: config.clientId,
    client_secret: config.clientSecret,
    scope: BC_SCOPE,
  });
  let response: Response;
  let text: string;
  try {
    response = await deps.fetch(
      new Request(config.tokenUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: body.toString(),
        signal: AbortSignal.timeout(deps.timeoutMs),
      }),
    );
    text = await response.text();
  } catch (err) {
    return noResponse(`token request: ${err instanceof Error ? err.message : String(err)}`);
  }
  const json = parse(text);
  if (response.ok && typeof json.access_token === "string") {
    const lifeMs =
      (typeof json.expires_in === "number" ? json.expires_in : Number(json.expires_in ?? 0)) * 1000;
    const margin = Math.min(RENEW_MARGIN_MS, lifeMs / 2);
    cache.set(config.cacheKey, { token: json.access_token, expiresAt: now + lifeMs - margin });
    return { ok: true, token: json.access_token };
  }
  const description =
    typeof json.error_description === "string" ? json.error_description.split(/\r?\n| Trace ID:/)[0] : "";
  const error = typeof json.error === "string" ? json.error : `HTTP ${response.status}`;
  const transient = response.status >= 500 || response.status === 429;
  const wait = parseRetryAfter(response.headers.get("retry-after"), now);
  return {
    ok: false,
    errorClass: response.status === 429 ? "rate_limited" : transient ? "transient" : "auth",
    httpStatus: response.status,
    message: `Entra ID token request refused (${response.status} ${error}): ${description}`.slice(0, 500),
    detail: text.slice(0, 8_000),
    ...(wait === null ? {} : { retryAfterMs: wait }),
  };
}

function parse(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
