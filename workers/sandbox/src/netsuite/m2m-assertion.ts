import { z } from "zod";
import { type JwsAlgorithm, parseCompactJws, verifyJws } from "./jwt";

/**
 * The checks NetSuite's token endpoint makes on an OAuth 2.0 client credentials request (Oracle, "POST
 * Request to the Token Endpoint", "The Request Token Structure"): the form parameters, a JWT header
 * `{typ: "JWT", alg, kid: <certificate id>}` signed by a configured certificate (PS256 or ES256 here;
 * Oracle's older RS256 sample is refused), and a payload with `iss` = the client id, `aud` = this
 * token endpoint, `scope`, `iat` and an `exp` less than 60 minutes after `iat`.
 *
 * Error codes follow RFC 6749 §5.2 and RFC 7523 §3.2 (a bad client JWT is `invalid_client`); which
 * code NetSuite sends for each case is [unverified]. The precise reason only goes to the request log,
 * as NetSuite only shows it in the Login Audit Trail.
 */
export const Certificate = z.object({
  kid: z.string().min(1),
  alg: z.enum(["PS256", "ES256"]),
  publicKeyPem: z.string().includes("PUBLIC KEY"),
});
export type Certificate = z.infer<typeof Certificate>;

export type TokenError = "invalid_request" | "invalid_client" | "invalid_scope" | "unsupported_grant_type";

export type AssertionCheck =
  | { ok: true; clientId: string; scopes: string[]; assertionId: string; expiresAt: number }
  | { ok: false; error: TokenError; reason: string };

export interface M2mConfig {
  clientId: string;
  certificates: Certificate[];
  tokenUrl: string;
}

export const SCOPES = ["restlets", "rest_webservices", "suite_analytics"] as const;
const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/** Clock skew tolerated on `iat`. */
const SKEW_S = 300;

export function parseCertificates(json: string): Certificate[] {
  try {
    const parsed = z.array(Certificate).safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

const fail = (error: TokenError, reason: string): AssertionCheck => ({ ok: false, error, reason });

/** `scope` as a comma-separated string (Oracle's text) or an array (Oracle's sample): both accepted. */
function scopesOf(value: unknown): string[] | null {
  const list = typeof value === "string" ? value.split(/[\s,]+/) : Array.isArray(value) ? value : null;
  if (!list || list.some((s) => typeof s !== "string")) return null;
  const scopes = [...new Set(list.filter((s): s is string => typeof s === "string" && s !== ""))];
  return scopes.length > 0 && scopes.every((s) => (SCOPES as readonly string[]).includes(s)) ? scopes : null;
}

export async function checkAssertion(
  form: URLSearchParams,
  config: M2mConfig,
  nowMs: number,
): Promise<AssertionCheck> {
  if (form.get("grant_type") !== "client_credentials") return fail("unsupported_grant_type", "grant_type");
  if (form.get("client_assertion_type") !== JWT_BEARER)
    return fail("invalid_request", "client_assertion_type");
  const jws = parseCompactJws(form.get("client_assertion") ?? "");
  if (!jws) return fail("invalid_request", "malformed_assertion");
  const { header, payload } = jws;
  if (header.typ !== "JWT") return fail("invalid_client", "typ");
  if (header.alg !== "PS256" && header.alg !== "ES256")
    return fail("invalid_client", `unsupported_alg:${String(header.alg)}`);
  const alg: JwsAlgorithm = header.alg;
  if (!config.clientId) return fail("invalid_client", "missing_client_config");
  if (payload.iss !== config.clientId) return fail("invalid_client", "unknown_client");
  const certificate = config.certificates.find((c) => c.kid === header.kid);
  if (!certificate) return fail("invalid_client", "unknown_kid");
  if (certificate.alg !== alg) return fail("invalid_client", "alg_mismatch");
  if (!(await verifyJws(jws, alg, certificate.publicKeyPem))) return fail("invalid_client", "bad_signature");
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.includes(config.tokenUrl)) return fail("invalid_client", "wrong_aud");
  const { iat, exp } = payload;
  const now = Math.floor(nowMs / 1000);
  if (typeof iat !== "number" || typeof exp !== "number") return fail("invalid_client", "missing_iat_or_exp");
  if (iat > now + SKEW_S) return fail("invalid_client", "iat_in_future");
  if (exp <= now) return fail("invalid_client", "assertion_expired");
  if (exp - iat >= 3600) return fail("invalid_client", "exp_too_far");
  const scopes = scopesOf(payload.scope);
  if (!scopes) return fail("invalid_scope", "scope");
  const assertionId = await digest(jws.signature);
  return { ok: true, clientId: config.clientId, scopes, assertionId, expiresAt: exp * 1000 };
}

async function digest(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("");
}
