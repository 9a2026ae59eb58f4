/**
 * A short, deterministic reference for ERP fields with a length limit (Business Central's external
 * document number and SAP's PurchaseOrderByCustomer take 35 characters). Parts joined with `-` when
 * they fit; otherwise a readable prefix plus 16 hex characters of the SHA-256 of the full text, so two
 * different documents never share a reference in practice and the same one always gets the same.
 */
export async function compactReference(parts: readonly string[], maxLength: number): Promise<string> {
  const full = parts.join("-");
  if (full.length <= maxLength) return full;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(full)));
  const hash = Array.from(digest.slice(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
  const prefix = full.slice(0, Math.max(0, maxLength - hash.length - 1));
  return prefix ? `${prefix}-${hash}` : hash.slice(0, maxLength);
}
