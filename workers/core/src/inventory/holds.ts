import { type InventoryPolicy, settingsFor } from "./policy";

/**
 * Holds for orders not yet paid or approved: a line asked to be held is held only while its store's
 * hold time is above 0 (0 reserves unpaid orders like paid ones), until its hold expires.
 */
export function holdApplies(policy: InventoryPolicy, storeId: string, requested: boolean): boolean {
  return requested && settingsFor(policy, storeId).holdMinutes > 0;
}

/** When a hold placed now expires. */
export function holdExpiresAt(policy: InventoryPolicy, storeId: string, now: number): number {
  return now + settingsFor(policy, storeId).holdMinutes * 60_000;
}
