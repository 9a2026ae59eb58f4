import { timingSafeEqualText } from "../../../../shared/crypto/hmac";
import { parseAuthorizationHeader, SIGNATURE_METHOD, verifySignature } from "../../../../shared/oauth1";
import { TIMESTAMP_WINDOW_S } from "./admission";

/**
 * Token-based authentication as NetSuite checks it, minus the nonce (burnt atomically by the account
 * object). Fails closed: a missing configured secret is a failure, and every reason is tagged so the
 * request log says why a request got INVALID_LOGIN while the client only ever sees that code.
 */
export type TbaFailure =
  | "missing_secret"
  | "missing_header"
  | "malformed_header"
  | "unsupported_signature_method"
  | "unsupported_version"
  | "wrong_realm"
  | "unknown_consumer"
  | "unknown_token"
  | "stale_timestamp"
  | "bad_signature";

export type TbaResult = { ok: true; token: string; nonce: string } | { ok: false; reason: TbaFailure };

export type TbaConfig = Pick<
  SandboxEnv,
  | "NETSUITE_ACCOUNT_ID"
  | "NETSUITE_CONSUMER_KEY"
  | "NETSUITE_CONSUMER_SECRET"
  | "NETSUITE_TOKEN_ID"
  | "NETSUITE_TOKEN_SECRET"
>;

export async function verifyTba(request: Request, config: TbaConfig, nowMs: number): Promise<TbaResult> {
  const { NETSUITE_CONSUMER_KEY, NETSUITE_CONSUMER_SECRET, NETSUITE_TOKEN_ID, NETSUITE_TOKEN_SECRET } =
    config;
  if (!NETSUITE_CONSUMER_KEY || !NETSUITE_CONSUMER_SECRET || !NETSUITE_TOKEN_ID || !NETSUITE_TOKEN_SECRET) {
    return { ok: false, reason: "missing_secret" };
  }
  const header = request.headers.get("authorization");
  if (!header) return { ok: false, reason: "missing_header" };
  const parsed = parseAuthorizationHeader(header);
  if (!parsed || !/^\d+$/.test(parsed.params.oauth_timestamp) || parsed.params.oauth_nonce.length < 6) {
    return { ok: false, reason: "malformed_header" };
  }
  const { params } = parsed;
  if (params.oauth_signature_method !== SIGNATURE_METHOD)
    return { ok: false, reason: "unsupported_signature_method" };
  if (params.oauth_version !== "1.0") return { ok: false, reason: "unsupported_version" };
  if (parsed.realm !== config.NETSUITE_ACCOUNT_ID) return { ok: false, reason: "wrong_realm" };
  if (!(await timingSafeEqualText(params.oauth_consumer_key, NETSUITE_CONSUMER_KEY))) {
    return { ok: false, reason: "unknown_consumer" };
  }
  if (!(await timingSafeEqualText(params.oauth_token, NETSUITE_TOKEN_ID)))
    return { ok: false, reason: "unknown_token" };
  if (Math.abs(Number(params.oauth_timestamp) - Math.floor(nowMs / 1000)) > TIMESTAMP_WINDOW_S) {
    return { ok: false, reason: "stale_timestamp" };
  }
  const secrets = { consumerSecret: NETSUITE_CONSUMER_SECRET, tokenSecret: NETSUITE_TOKEN_SECRET };
  if (!(await verifySignature(request.method, request.url, parsed, secrets)))
    return { ok: false, reason: "bad_signature" };
  return { ok: true, token: params.oauth_token, nonce: params.oauth_nonce };
}
