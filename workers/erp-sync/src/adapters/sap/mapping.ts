import type { Channel, GlPurpose } from "../../../../../shared/canonical";
import type { ErpMappings } from "../../../../../shared/erp";

/**
 * The connection's mappings in SAP's terms: an item is a Material (the SKU itself when unmapped,
 * upper-cased as SAP stores material numbers), a mesh location a plant (`subsidiary`) and storage
 * location (`warehouse`), a GL purpose a G/L account. Missing GL accounts and locations where SAP
 * needs a plant are validation failures that name the mapping to add.
 */
export function materialOf(mappings: ErpMappings, sku: string): string {
  return (mappings.item[sku] ?? sku).toUpperCase();
}

/** SKU of a material, the mapping read backwards; the material itself when nothing maps to it. */
export function skuOf(mappings: ErpMappings, material: string): string {
  const found = Object.entries(mappings.item).find(([, m]) => m.toUpperCase() === material.toUpperCase());
  return found ? found[0] : material;
}

export interface PlantLocation {
  plant: string;
  storageLocation: string;
}

export function plantOf(mappings: ErpMappings, locationId: string | null): PlantLocation | null {
  const target = locationId === null ? undefined : mappings.location[locationId];
  if (!target?.subsidiary) return null;
  return { plant: target.subsidiary, storageLocation: target.warehouse };
}

/** The mesh location whose mapping names this plant and storage location, if any. */
export function locationOf(mappings: ErpMappings, plant: string, storageLocation: string): string | null {
  const found = Object.entries(mappings.location).find(
    ([, t]) => t.subsidiary === plant && t.warehouse === storageLocation,
  );
  return found ? found[0] : null;
}

export function missingLocation(locationId: string | null): string {
  return locationId === null
    ? "the document names no location; SAP needs a plant and storage location"
    : `no location mapping for '${locationId}': map it to a storage location (warehouse) and plant (subsidiary)`;
}

export function glAccountOf(mappings: ErpMappings, purpose: GlPurpose): string | null {
  return mappings.glAccount[purpose] ?? null;
}

export function missingGlAccount(purpose: GlPurpose): string {
  return `no gl_account mapping for '${purpose}': map it to a G/L account`;
}

export function defaultCustomerOf(mappings: ErpMappings, channel: Channel): string | null {
  return mappings.defaultCustomer[channel] ?? null;
}
