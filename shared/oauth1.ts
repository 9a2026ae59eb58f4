import { utf8 } from "./crypto/encoding";
import { hmacSha256Base64, verifyHmacSha256Base64 } from "./crypto/hmac";

/**
 * OAuth 1.0a (RFC 5849) request signing with HMAC-SHA256, as NetSuite Token-Based Authentication
 * uses it. Both sides live here: the client builds the Authorization header, the sandbox parses it
 * and recomputes the signature over the URL it actually received.
 */
export const SIGNATURE_METHOD = "HMAC-SHA256";

export interface OAuth1Credentials {
  consumerKey: string;
  consumerSecret: string;
  tokenId: string;
  tokenSecret: string;
}

/** The protocol parameters that travel in the header (everything but realm and the signature). */
export interface OAuth1Params {
  oauth_consumer_key: string;
  oauth_token: string;
  oauth_nonce: string;
  oauth_timestamp: string;
  oauth_signature_method: string;
  oauth_version: string;
}

export interface ParsedAuthorization {
  realm: string | null;
  params: OAuth1Params;
  signature: string;
}

/** RFC 3986 percent-encoding: encodeURIComponent leaves `!'()*` alone, OAuth does not. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function percentDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}

/** Query parameters as decoded pairs; repeated names stay repeated, as RFC 5849 §3.4.1.3.1 asks. */
function queryPairs(url: URL): Array<[string, string]> {
  const query = url.search.startsWith("?") ? url.search.slice(1) : url.search;
  if (query === "") return [];
  return query
    .split("&")
    .filter((part) => part !== "")
    .map((part) => {
      const eq = part.indexOf("=");
      return eq === -1
        ? [percentDecode(part), ""]
        : [percentDecode(part.slice(0, eq)), percentDecode(part.slice(eq + 1))];
    });
}

/** RFC 5849 §3.4.1.3.2: encode every pair, sort by name then value, join as `k=v&...`. */
export function normalizeParameters(url: URL, oauthParams: OAuth1Params): string {
  const pairs = [...queryPairs(url), ...Object.entries(oauthParams)].map(
    ([k, v]) => [percentEncode(k), percentEncode(v)] as const,
  );
  pairs.sort(([ka, va], [kb, vb]) => (ka === kb ? compare(va, vb) : compare(ka, kb)));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The base string URI: scheme, host (default port dropped by URL), path; never the query. */
export function baseStringUri(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

export function signatureBaseString(method: string, url: string | URL, oauthParams: OAuth1Params): string {
  const parsed = typeof url === "string" ? new URL(url) : url;
  return [
    method.toUpperCase(),
    percentEncode(baseStringUri(parsed)),
    percentEncode(normalizeParameters(parsed, oauthParams)),
  ].join("&");
}

export function signingKey(consumerSecret: string, tokenSecret: string): string {
  return `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
}

/** base64 HMAC-SHA256 of the base string (not yet percent-encoded for the header). */
export function signBaseString(
  baseString: string,
  credentials: Pick<OAuth1Credentials, "consumerSecret" | "tokenSecret">,
): Promise<string> {
  return hmacSha256Base64(signingKey(credentials.consumerSecret, credentials.tokenSecret), baseString);
}

export interface SignRequestInput {
  method: string;
  url: string | URL;
  realm: string;
  credentials: OAuth1Credentials;
  nonce: string;
  /** Unix seconds. */
  timestamp: number;
}

/** The Authorization header value, parameters in the order of Oracle's REST header example. */
export async function buildAuthorizationHeader(input: SignRequestInput): Promise<string> {
  const params: OAuth1Params = {
    oauth_consumer_key: input.credentials.consumerKey,
    oauth_token: input.credentials.tokenId,
    oauth_nonce: input.nonce,
    oauth_timestamp: String(input.timestamp),
    oauth_signature_method: SIGNATURE_METHOD,
    oauth_version: "1.0",
  };
  const signature = await signBaseString(
    signatureBaseString(input.method, input.url, params),
    input.credentials,
  );
  const fields: Array<[string, string]> = [
    ["realm", input.realm],
    ["oauth_token", params.oauth_token],
    ["oauth_consumer_key", params.oauth_consumer_key],
    ["oauth_nonce", params.oauth_nonce],
    ["oauth_timestamp", params.oauth_timestamp],
    ["oauth_signature_method", params.oauth_signature_method],
    ["oauth_version", params.oauth_version],
    ["oauth_signature", signature],
  ];
  return `OAuth ${fields.map(([k, v]) => `${k}="${percentEncode(v)}"`).join(", ")}`;
}

const HEADER_PARAM = /^\s*([A-Za-z0-9_]+)\s*=\s*"([^"]*)"\s*$/;
const REQUIRED = [
  "oauth_consumer_key",
  "oauth_token",
  "oauth_nonce",
  "oauth_timestamp",
  "oauth_signature_method",
] as const;

/**
 * Parses `OAuth k="v", ...` (RFC 5849 §3.5.1). Returns null when the header is not OAuth, a field is
 * malformed or repeated, or a required parameter is missing; `oauth_version` defaults to "1.0".
 */
export function parseAuthorizationHeader(header: string | null | undefined): ParsedAuthorization | null {
  const match = header ? /^OAuth\s+(.*)$/is.exec(header.trim()) : null;
  if (!match?.[1]) return null;
  const fields = new Map<string, string>();
  for (const part of match[1].split(",")) {
    const field = HEADER_PARAM.exec(part);
    if (!field?.[1] || field[2] === undefined || fields.has(field[1])) return null;
    fields.set(field[1], percentDecode(field[2]));
  }
  const signature = fields.get("oauth_signature");
  if (!signature || REQUIRED.some((name) => !fields.get(name))) return null;
  return {
    realm: fields.get("realm") ?? null,
    signature,
    params: {
      oauth_consumer_key: fields.get("oauth_consumer_key") ?? "",
      oauth_token: fields.get("oauth_token") ?? "",
      oauth_nonce: fields.get("oauth_nonce") ?? "",
      oauth_timestamp: fields.get("oauth_timestamp") ?? "",
      oauth_signature_method: fields.get("oauth_signature_method") ?? "",
      oauth_version: fields.get("oauth_version") ?? "1.0",
    },
  };
}

/** Recomputes the signature over the request as received and compares in constant time. */
export async function verifySignature(
  method: string,
  url: string | URL,
  parsed: ParsedAuthorization,
  secrets: Pick<OAuth1Credentials, "consumerSecret" | "tokenSecret">,
): Promise<boolean> {
  if (parsed.params.oauth_signature_method !== SIGNATURE_METHOD) return false;
  const base = signatureBaseString(method, url, parsed.params);
  return verifyHmacSha256Base64(
    signingKey(secrets.consumerSecret, secrets.tokenSecret),
    utf8(base),
    parsed.signature,
  );
}
