import type { InventorySetCommand } from "../../../shared/canonical/commands";
import { toHex, utf8 } from "../../../shared/crypto/encoding";

/**
 * The `@idempotent` key of one write: a UUID made from SHA-256 of the command id and the
 * compare-and-set base, so every delivery of a command that reads the same base sends the same key
 * (Shopify answers a repeat with the first result instead of writing again), while the write after
 * a re-read, whose variables differ, gets its own key: Shopify refuses a key reused with other
 * variables (`IDEMPOTENCY_KEY_PARAMETER_MISMATCH`). `round` is raised only when Shopify asks for a
 * new key (`IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED`). The bytes are laid out as an RFC 9562 version 8
 * (custom) UUID: Shopify recommends UUIDs, and a hash-derived one is what v8 is for.
 */
export async function idempotencyKeyFor(
  command: Pick<InventorySetCommand, "type" | "id">,
  changeFromQuantity: number,
  round = 0,
): Promise<string> {
  const material = [`mesh:shopify:${command.type}`, command.id, String(changeFromQuantity)];
  if (round > 0) material.push(`round:${round}`);
  const digest = await crypto.subtle.digest("SHA-256", utf8(material.join("\n")));
  const bytes = new Uint8Array(digest).slice(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = toHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Where the change came from, shown in the merchant's inventory history. Shopify accepts any URI
 * with a scheme and content (`custom-scheme://identifier`); the SKU is percent-encoded so a SKU with
 * spaces or slashes still makes one valid URI.
 */
export function referenceDocumentUriFor(command: Pick<InventorySetCommand, "sku" | "sequence">): string {
  return `mesh://inventory/${encodeURIComponent(command.sku)}/${command.sequence}`;
}
