import { buildAuthorizationHeader } from "../../../../../shared/oauth1";
import type { FetchLike } from "../erp-adapter";
import type { NetSuiteConfig } from "./config";

/**
 * One signed call to NetSuite REST. The Authorization header is computed over the exact URL that is
 * fetched, with a fresh nonce per request, and the whole exchange (body included) is bounded by the
 * request timeout. Returns what happened instead of throwing.
 */
export type CallOutcome =
  | { kind: "response"; status: number; headers: Headers; body: string }
  | { kind: "no_response"; timedOut: boolean; message: string };

export interface NetSuiteClientDeps {
  fetch: FetchLike;
  now: () => number;
  timeoutMs: number;
}

const NONCE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** 20 random alphanumerics, the length of Oracle's example nonce. */
export function newNonce(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(20)), (b) => NONCE_ALPHABET.charAt(b % 62)).join(
    "",
  );
}

export async function callNetSuite(
  config: NetSuiteConfig,
  deps: NetSuiteClientDeps,
  method: string,
  url: string,
  body: unknown,
): Promise<CallOutcome> {
  const authorization = await buildAuthorizationHeader({
    method,
    url,
    realm: config.accountId,
    credentials: config.credentials,
    nonce: newNonce(),
    timestamp: Math.floor(deps.now() / 1000),
  });
  const request = new Request(url, {
    method,
    headers: { authorization, "content-type": "application/json", accept: "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(deps.timeoutMs),
  });
  try {
    const response = await deps.fetch(request);
    return {
      kind: "response",
      status: response.status,
      headers: response.headers,
      body: await response.text(),
    };
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    const message = timedOut
      ? `no response within ${deps.timeoutMs} ms`
      : `network error: ${err instanceof Error ? err.message : String(err)}`;
    return { kind: "no_response", timedOut, message };
  }
}
