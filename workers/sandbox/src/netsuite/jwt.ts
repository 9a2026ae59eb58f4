import { fromBase64, utf8 } from "../../../../shared/crypto/encoding";
import { isObject, type JsonObject } from "./json";

/**
 * JOSE pieces the sandbox needs to check a client assertion: base64url (RFC 7515 §2), compact JWS
 * parsing, and signature verification for the two algorithms the sandbox accepts. ES256 signatures
 * are JOSE's raw `r || s` (RFC 7518 §3.4), which is also what WebCrypto's ECDSA verify expects.
 */
export type JwsAlgorithm = "PS256" | "ES256";

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const padded = text
    .replaceAll("-", "+")
    .replaceAll("_", "/")
    .padEnd(Math.ceil(text.length / 4) * 4, "=");
  return fromBase64(padded);
}

export interface CompactJws {
  header: JsonObject;
  payload: JsonObject;
  signingInput: Uint8Array<ArrayBuffer>;
  signature: Uint8Array<ArrayBuffer>;
}

function jsonPart(part: string): JsonObject | null {
  const bytes = fromBase64Url(part);
  if (!bytes) return null;
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}

export function parseCompactJws(token: string): CompactJws | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [h = "", p = "", s = ""] = parts;
  const header = jsonPart(h);
  const payload = jsonPart(p);
  const signature = fromBase64Url(s);
  if (!header || !payload || !signature) return null;
  return { header, payload, signature, signingInput: utf8(`${h}.${p}`) };
}

const IMPORT: Record<JwsAlgorithm, SubtleCryptoImportKeyAlgorithm> = {
  PS256: { name: "RSA-PSS", hash: "SHA-256" },
  ES256: { name: "ECDSA", namedCurve: "P-256" },
};
const VERIFY: Record<JwsAlgorithm, SubtleCryptoSignAlgorithm> = {
  // RFC 7518 §3.5: PS256 uses a salt as long as the hash.
  PS256: { name: "RSA-PSS", saltLength: 32 },
  ES256: { name: "ECDSA", hash: "SHA-256" },
};

const keys = new Map<string, Promise<CryptoKey | null>>();

function publicKey(pem: string, alg: JwsAlgorithm): Promise<CryptoKey | null> {
  const cacheKey = `${alg}:${pem}`;
  let key = keys.get(cacheKey);
  if (!key) {
    const body = /-----BEGIN PUBLIC KEY-----([\s\S]+?)-----END PUBLIC KEY-----/
      .exec(pem)?.[1]
      ?.replace(/\s+/g, "");
    const der = body ? fromBase64(body) : null;
    key = der
      ? crypto.subtle.importKey("spki", der, IMPORT[alg], false, ["verify"]).catch(() => null)
      : Promise.resolve(null);
    keys.set(cacheKey, key);
  }
  return key;
}

export async function verifyJws(jws: CompactJws, alg: JwsAlgorithm, publicKeyPem: string): Promise<boolean> {
  const key = await publicKey(publicKeyPem, alg);
  if (!key) return false;
  try {
    return await crypto.subtle.verify(VERIFY[alg], key, jws.signature, jws.signingInput);
  } catch {
    return false;
  }
}
