import { formatDecimal } from "../../../../../shared/canonical";
import type { ErpMappings } from "../../../../../shared/erp";

/**
 * Mesh vocabulary to Fusion's, from the connection's mappings. Without an item mapping the item is
 * referenced by the SKU itself (the Fusion item number equals the SKU); without a location mapping the
 * mesh location id is taken as the inventory organization code. Both ways back for read-backs.
 */
export function itemNumber(mappings: ErpMappings, sku: string): string {
  return mappings.item[sku] ?? sku;
}

export function organizationCode(mappings: ErpMappings, locationId: string | null): string | null {
  if (locationId === null) return null;
  return mappings.location[locationId]?.warehouse ?? locationId;
}

export function skuOf(mappings: ErpMappings, item: string): string {
  return Object.entries(mappings.item).find(([, target]) => target === item)?.[0] ?? item;
}

export function locationOf(mappings: ErpMappings, organization: string): string | null {
  return (
    Object.entries(mappings.location).find(([, target]) => target.warehouse === organization)?.[0] ?? null
  );
}

/**
 * A JSON number from exact decimal text: for amounts this size JSON.stringify prints the shortest form
 * that parses back to the same double, which is the decimal formatDecimal wrote.
 */
export function decimal(minor: number, currency: string): number {
  return Number(formatDecimal(minor, currency));
}

/** Subinventories the adapter receives and adjusts stock in (Fusion's demo organizations have both). */
export const SUBINVENTORY = { stock: "Stores", damaged: "Damaged", scrap: "Scrap" } as const;
export const UOM = "Ea";
