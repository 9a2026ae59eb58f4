import type { StoreCredentials } from "../internal-api";
import type { ConnectorManifest } from "./manifest";
import type { VerifyResult } from "./verify-result";

/** What a delivery's headers say about it, once they are known to be genuine. */
export interface DeliveryHeaders {
  topic: string;
  /** The sender's id of this delivery; names the archive object. */
  deliveryId: string;
  /** Shared by every copy of the same event (retries, and repeats through other subscriptions). */
  dedupeKey: string;
  triggeredAt: string | null;
}

/**
 * The channel-specific half of a webhook intake; the shared pipeline (accept-delivery.ts) does the
 * rest. Every function here is pure apart from `verify`'s WebCrypto call.
 */
export interface ConnectorIntake {
  manifest: ConnectorManifest;
  /** Signature check over the raw bytes with the store's webhook secret. */
  verify(body: Uint8Array<ArrayBuffer>, headers: Headers, secret: string): Promise<VerifyResult>;
  /** The sender's claimed identity must be the store the URL names (Shopify: the shop domain). */
  matchesStore(headers: Headers, store: StoreCredentials): boolean;
  /** Topic and delivery ids from the headers; null when a required one is missing or malformed. */
  readDelivery(headers: Headers): DeliveryHeaders | null;
  /** Which request headers are kept with the archive and the message. Never the signature. */
  keepHeader(lowerCaseName: string): boolean;
}

export function keptHeaders(
  headers: Headers,
  keep: (lowerCaseName: string) => boolean,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) if (keep(name.toLowerCase())) out[name.toLowerCase()] = value;
  return out;
}
