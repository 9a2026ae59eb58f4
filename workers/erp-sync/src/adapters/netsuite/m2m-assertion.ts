import { fromBase64, toBase64, utf8 } from "../../../../../shared/crypto/encoding";

/**
 * The client assertion of NetSuite's OAuth 2.0 client credentials flow (reference/erp.md §1.10,
 * Oracle "The Request Token Structure"): a JWT with header `{typ: "JWT", alg, kid: <certificate id>}`
 * and payload `{iss: <client id>, scope, aud: <token endpoint>, iat, exp}`, signed with WebCrypto.
 * PS256 is RSA-PSS with SHA-256 and a 32-byte salt (RFC 7518 §3.5); ES256 is ECDSA P-256, whose
 * WebCrypto signature is already JOSE's raw `r || s` (RFC 7518 §3.4), not DER.
 */
export type M2mAlgorithm = "PS256" | "ES256";

/** Oracle: `exp` must be less than 60 minutes after `iat`; a short-lived assertion is used once. */
export const ASSERTION_LIFETIME_S = 300;

export function base64Url(bytes: ArrayBuffer | Uint8Array): string {
  return toBase64(bytes).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

const IMPORT: Record<M2mAlgorithm, SubtleCryptoImportKeyAlgorithm> = {
  PS256: { name: "RSA-PSS", hash: "SHA-256" },
  ES256: { name: "ECDSA", namedCurve: "P-256" },
};
const SIGN: Record<M2mAlgorithm, SubtleCryptoSignAlgorithm> = {
  PS256: { name: "RSA-PSS", saltLength: 32 },
  ES256: { name: "ECDSA", hash: "SHA-256" },
};

/** Imported keys per PEM, so a pass signs without re-parsing; a bad PEM stays a rejected promise. */
const keys = new Map<string, Promise<CryptoKey>>();
const MAX_KEYS = 64;

export function importPrivateKey(pem: string, alg: M2mAlgorithm): Promise<CryptoKey> {
  const cacheKey = `${alg}\n${pem}`;
  let key = keys.get(cacheKey);
  if (!key) {
    const body = /-----BEGIN PRIVATE KEY-----([\s\S]+?)-----END PRIVATE KEY-----/
      .exec(pem)?.[1]
      ?.replace(/\s+/g, "");
    const der = body ? fromBase64(body) : null;
    key = der
      ? crypto.subtle.importKey("pkcs8", der, IMPORT[alg], false, ["sign"])
      : Promise.reject(new Error("not a PKCS#8 PEM private key"));
    if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value ?? "");
    keys.set(cacheKey, key);
  }
  return key;
}

/** A compact JWS over any header and payload (tests use it to forge bad assertions too). */
export async function signJwt(
  header: object,
  payload: object,
  key: CryptoKey,
  alg: M2mAlgorithm,
): Promise<string> {
  const input = `${base64Url(utf8(JSON.stringify(header)))}.${base64Url(utf8(JSON.stringify(payload)))}`;
  const signature = await crypto.subtle.sign(SIGN[alg], key, utf8(input));
  return `${input}.${base64Url(signature)}`;
}

export interface AssertionInput {
  clientId: string;
  certificateId: string;
  algorithm: M2mAlgorithm;
  privateKeyPem: string;
  scopes: readonly string[];
  tokenUrl: string;
  nowMs: number;
}

export async function clientAssertion(input: AssertionInput): Promise<string> {
  const iat = Math.floor(input.nowMs / 1000);
  const key = await importPrivateKey(input.privateKeyPem, input.algorithm);
  return signJwt(
    { typ: "JWT", alg: input.algorithm, kid: input.certificateId },
    // Oracle documents `scope` as comma-separated text; its own sample sends an array. Text it is.
    {
      iss: input.clientId,
      scope: input.scopes.join(","),
      aud: input.tokenUrl,
      iat,
      exp: iat + ASSERTION_LIFETIME_S,
    },
    key,
    input.algorithm,
  );
}
