import type { ErpConnectionOf } from "../../../../../shared/erp";
import type { AdapterDeps, PushFailure } from "../erp-adapter";
import type { AuthHeader, Authorizer } from "./auth";
import { failureOf } from "./classify";
import { fetchOnce, parseJson } from "./client";
import { TOKEN_PATH } from "./config";
import { clientAssertion } from "./m2m-assertion";

/**
 * OAuth 2.0 client credentials (M2M) for NetSuite: a signed client assertion is exchanged at the token
 * endpoint for a bearer token valid 60 minutes (reference/erp.md §1.10; this flow has no refresh
 * token). Tokens are cached per connection id and revision for the isolate, so the pushes of a pass
 * share one and a changed connection never uses its predecessor's. A token is renewed a minute before
 * it expires, or when NetSuite answers 401 to it (the client then retries that request once).
 */
type M2mCredentials = Extract<ErpConnectionOf<"netsuite">["credentials"], { auth: "oauth2_m2m" }>;
type TokenResult = { ok: true; value: string; expiresAt: number } | PushFailure;
interface Entry {
  pending: Promise<TokenResult>;
  settled: TokenResult | null;
}

const tokens = new Map<string, Entry>();
const RENEW_BEFORE_MS = 60_000;

/** Test hook: forget every cached token. */
export function clearTokenCache(): void {
  tokens.clear();
}

function authFailure(message: string, detail: string | null, httpStatus: number | null): PushFailure {
  return { ok: false, errorClass: "auth", httpStatus, message, detail };
}

async function requestToken(
  credentials: M2mCredentials,
  tokenUrl: string,
  deps: AdapterDeps,
): Promise<TokenResult> {
  let assertion: string;
  try {
    assertion = await clientAssertion({ ...credentials, tokenUrl, nowMs: deps.now() });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return authFailure(`cannot sign the NetSuite client assertion: ${why}`, null, null);
  }
  const form = new URLSearchParams({
    grant_type: "client_credentials",
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    client_assertion: assertion,
  });
  const outcome = await fetchOnce(deps, tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: form.toString(),
  });
  if (outcome.kind === "response" && (outcome.status === 400 || outcome.status === 401)) {
    // `{"error":"invalid_client"}` and the like: the credentials themselves are refused.
    const message = `NetSuite refused the client credentials: ${outcome.status} ${outcome.body.slice(0, 200)}`;
    return authFailure(message, outcome.body || null, outcome.status);
  }
  if (outcome.kind !== "response" || outcome.status !== 200) return failureOf(outcome, deps.now());
  const json = parseJson(outcome.body);
  const token = json?.access_token;
  // expires_in is a string in Oracle's example ("3600"); a number is read the same.
  const expiresIn = Number(json?.expires_in ?? 3600);
  if (typeof token !== "string" || token === "") {
    return authFailure("NetSuite's token endpoint answered without an access_token", outcome.body, 200);
  }
  return {
    ok: true,
    value: token,
    expiresAt: deps.now() + (Number.isFinite(expiresIn) ? expiresIn : 3600) * 1000,
  };
}

export function m2mAuthorizer(
  connection: ErpConnectionOf<"netsuite">,
  credentials: M2mCredentials,
  baseUrl: string,
  deps: AdapterDeps,
): Authorizer {
  const cacheKey = `${connection.id}#${connection.revision}`;
  const tokenUrl = `${baseUrl}${TOKEN_PATH}`;
  const usable = (entry: Entry | undefined): entry is Entry =>
    !!entry &&
    (!entry.settled || (entry.settled.ok && entry.settled.expiresAt - RENEW_BEFORE_MS > deps.now()));

  function exchange(): Entry {
    for (const key of tokens.keys()) if (key.startsWith(`${connection.id}#`)) tokens.delete(key);
    const entry: Entry = { pending: requestToken(credentials, tokenUrl, deps), settled: null };
    entry.pending.then((result) => {
      entry.settled = result;
      // A failed exchange is not kept: the next request tries again.
      if (!result.ok && tokens.get(cacheKey) === entry) tokens.delete(cacheKey);
    });
    tokens.set(cacheKey, entry);
    return entry;
  }

  return {
    async header(): Promise<AuthHeader> {
      const cached = tokens.get(cacheKey);
      const result = await (usable(cached) ? cached : exchange()).pending;
      return result.ok ? { ok: true, value: `Bearer ${result.value}` } : { ok: false, failure: result };
    },
    renew(refused) {
      // Only the token that was refused is dropped: concurrent pushes refused together share one renewal.
      const settled = tokens.get(cacheKey)?.settled;
      if (settled?.ok && `Bearer ${settled.value}` === refused) tokens.delete(cacheKey);
      return true;
    },
  };
}
