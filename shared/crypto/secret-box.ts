import { fromBase64, toBase64, utf8 } from "./encoding";

/**
 * AES-256-GCM encryption of credentials at rest. The key comes from a secret binding (base64 of 32
 * bytes); each value gets a fresh 96-bit IV, and the associated data (the owning record's id) binds
 * a ciphertext to its row so it cannot be copied onto another store.
 */
const VERSION = "v1";

async function importKey(keyB64: string): Promise<CryptoKey> {
  const raw = fromBase64(keyB64);
  if (raw?.length !== 32) throw new Error("SECRETS_KEY must be base64 of exactly 32 bytes");
  return crypto.subtle.importKey("raw", raw, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
}

export async function sealSecret(keyB64: string, plaintext: string, associatedData: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await importKey(keyB64);
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: utf8(associatedData) },
    key,
    utf8(plaintext),
  );
  return `${VERSION}.${toBase64(iv)}.${toBase64(sealed)}`;
}

export async function openSecret(keyB64: string, sealed: string, associatedData: string): Promise<string> {
  const [version, ivB64, dataB64] = sealed.split(".");
  const iv = ivB64 ? fromBase64(ivB64) : null;
  const data = dataB64 ? fromBase64(dataB64) : null;
  if (version !== VERSION || !iv || !data) throw new Error("sealed secret is malformed");
  const key = await importKey(keyB64);
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv, additionalData: utf8(associatedData) },
    key,
    data,
  );
  return new TextDecoder().decode(plain);
}
