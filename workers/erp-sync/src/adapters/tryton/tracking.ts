import type { Package } from "../../../../../shared/canonical";
import type { ModelApi } from "./model-api";

/**
 * Tracking numbers as notes on the record (ir.note, Tryton's notes attached to any record through
 * `resource`): 6.0 has no tracking field without the carrier and package-shipping modules. Written
 * once: when the record already has notes, a retry does not add them again.
 */
export async function trackingNotes(
  api: ModelApi,
  resource: string,
  packages: readonly Package[],
): Promise<void> {
  const lines = packages
    .filter((p) => p.trackingNumber)
    .map(
      (p) => `Tracking: ${[p.carrier, p.service, p.trackingNumber, p.trackingUrl].filter(Boolean).join(" ")}`,
    );
  if (lines.length === 0) return;
  const existing = await api.search("ir.note", [["resource", "=", resource]], 1);
  if (existing.length > 0) return;
  await api.create(
    "ir.note",
    lines.map((message) => ({ resource, message })),
  );
}
