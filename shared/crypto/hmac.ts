import { fromBase64, toBase64, toHex, utf8 } from "./encoding";

async function hmacKey(
  secret: string | Uint8Array<ArrayBuffer>,
  usage: "sign" | "verify",
): Promise<CryptoKey> {
  const raw = typeof secret === "string" ? utf8(secret) : secret;
  return crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, [usage]);
}

/**
 * Verification keys of the webhook secrets in use, imported once per isolate (non-extractable; the
 * secrets themselves are already held by the store cache). Bounded: the oldest is dropped first.
 */
const verifyKeys = new Map<string, Promise<CryptoKey>>();
const MAX_VERIFY_KEYS = 256;

function verifyKeyFor(secret: string): Promise<CryptoKey> {
  let key = verifyKeys.get(secret);
  if (!key) {
    key = hmacKey(secret, "verify");
    if (verifyKeys.size >= MAX_VERIFY_KEYS) verifyKeys.delete(verifyKeys.keys().next().value ?? "");
    verifyKeys.set(secret, key);
    key.catch(() => verifyKeys.delete(secret));
  }
  return key;
}

export async function hmacSha256(
  secret: string | Uint8Array<ArrayBuffer>,
  message: BufferSource,
): Promise<ArrayBuffer> {
  return crypto.subtle.sign("HMAC", await hmacKey(secret, "sign"), message);
}

export async function hmacSha256Base64(secret: string, message: BufferSource | string): Promise<string> {
  const data = typeof message === "string" ? utf8(message) : message;
  return toBase64(await hmacSha256(secret, data));
}

/**
 * Checks a base64 HMAC-SHA256 signature over raw bytes. `crypto.subtle.verify` compares in constant
 * time; a signature that is not valid base64 is simply not valid.
 */
export async function verifyHmacSha256Base64(
  secret: string,
  message: BufferSource,
  signatureB64: string,
): Promise<boolean> {
  const signature = fromBase64(signatureB64.trim());
  if (signature?.length !== 32) return false;
  return crypto.subtle.verify("HMAC", await verifyKeyFor(secret), signature, message);
}

/**
 * Constant-time comparison of two strings (API keys, tokens): HMACs both under a random key and
 * compares the digests with `crypto.subtle.verify`, so neither length nor content leaks through timing.
 */
export async function timingSafeEqualText(a: string, b: string): Promise<boolean> {
  const key = crypto.getRandomValues(new Uint8Array(32));
  const macA = await hmacSha256(key, utf8(a));
  const verifyKey = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, [
    "verify",
  ]);
  return crypto.subtle.verify("HMAC", verifyKey, macA, utf8(b));
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", utf8(text));
  return toHex(digest);
}
