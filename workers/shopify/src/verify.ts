import type { VerifyResult } from "../../../shared/connector/verify-result";
import { verifyHmacSha256Base64 } from "../../../shared/crypto/hmac";

export type ShopifyVerifyResult = VerifyResult<"missing_signature" | "bad_signature" | "missing_secret">;

export const HMAC_HEADER = "x-shopify-hmac-sha256";
/** The newer "events" deliveries sign the same way under an unprefixed header. */
const EVENTS_HMAC_HEADER = "shopify-hmac-sha256";

/**
 * Checks a Shopify webhook signature: base64 HMAC-SHA256 of the raw body bytes, keyed with the app's
 * client secret, compared in constant time. Shopify signs no timestamp, so there is no staleness
 * check here; a replayed delivery is enqueued like any retry and collapsed by the delivery ledger in
 * the inbox consumer. Fails closed and never throws.
 */
export async function verifyShopifyWebhook(
  body: Uint8Array<ArrayBuffer>,
  headers: Headers,
  secret: string | null | undefined,
): Promise<ShopifyVerifyResult> {
  if (!secret) return { ok: false, reason: "missing_secret" };
  const signature = headers.get(HMAC_HEADER) ?? headers.get(EVENTS_HMAC_HEADER);
  if (!signature?.trim()) return { ok: false, reason: "missing_signature" };
  const valid = await verifyHmacSha256Base64(secret, body, signature);
  return valid ? { ok: true } : { ok: false, reason: "bad_signature" };
}
