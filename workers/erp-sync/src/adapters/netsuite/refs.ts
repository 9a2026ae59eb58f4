import type { GlPurpose } from "../../../../../shared/canonical";
import type { ErpConnectionOf, ErpMappings } from "../../../../../shared/erp";
import type { PushFailure } from "../erp-adapter";
import { validationFailure } from "./classify";

/**
 * NetSuite references from the connection's mappings. A mapped value is NetSuite's internal id
 * (`{"id": ...}`); without a mapping the documented fallback is the mesh's own key as NetSuite's
 * external id: an item by its SKU, a location by the mesh location id, a payment method by the
 * gateway, a ship method by the shipping code. A GL account has no fallback: a journal line without
 * its account is a validation failure that names the missing mapping.
 */
export type NsRef = { id: string } | { externalId: string };

export function itemRef(mappings: ErpMappings, sku: string): NsRef {
  const id = mappings.item[sku];
  return id ? { id } : { externalId: sku };
}

export function locationRef(mappings: ErpMappings, locationId: string | null): NsRef | null {
  if (!locationId) return null;
  const target = mappings.location[locationId];
  return target ? { id: target.warehouse } : { externalId: locationId };
}

/** The subsidiary of the location's mapping, else the connection's; null in single-subsidiary accounts. */
export function subsidiaryRef(
  connection: ErpConnectionOf<"netsuite">,
  locationId: string | null = null,
): NsRef | null {
  const fromLocation = locationId ? connection.mappings.location[locationId]?.subsidiary : null;
  const id = fromLocation ?? connection.settings.subsidiaryId;
  return id ? { id } : null;
}

export function paymentMethodRef(mappings: ErpMappings, gateway: string): NsRef {
  const id = mappings.paymentMethod[gateway];
  return id ? { id } : { externalId: gateway };
}

export function shipMethodRef(
  mappings: ErpMappings,
  line: { code: string | null; title: string },
): NsRef | null {
  const id =
    (line.code ? mappings.shippingMethod[line.code] : undefined) ?? mappings.shippingMethod[line.title];
  if (id) return { id };
  return line.code ? { externalId: line.code } : null;
}

/** The GL account of each purpose, or a validation failure naming every purpose without one. */
export function glAccounts(
  mappings: ErpMappings,
  purposes: readonly GlPurpose[],
): { ok: true; accounts: Map<GlPurpose, NsRef> } | PushFailure {
  const accounts = new Map<GlPurpose, NsRef>();
  const missing: GlPurpose[] = [];
  for (const purpose of new Set(purposes)) {
    const id = mappings.glAccount[purpose];
    if (id) accounts.set(purpose, { id });
    else missing.push(purpose);
  }
  if (missing.length === 0) return { ok: true, accounts };
  const names = missing.map((p) => `"${p}"`).join(", ");
  return validationFailure(`NetSuite connection has no gl_account mapping for ${names}`);
}

/** `mesh <correlation id> | <what>`, within NetSuite's memo length. */
export function memo(correlationId: string, ...parts: Array<string | null>): string {
  return [`mesh ${correlationId}`, ...parts.filter((p): p is string => p !== null && p !== "")]
    .join(" | ")
    .slice(0, 999);
}
