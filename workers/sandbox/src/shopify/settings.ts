import { z } from "zod";

/**
 * `POST /_sandbox/shopify/shops/:shop/settings`: what the bench and the tests steer, per shop.
 * Defaults are a Standard-plan shop: 100 points/s restore rate (Shopify's rate-limit page), a bucket
 * of 2,000 points and a single-query limit of 1,000 (see README: bucket size assumed).
 * `throttledStatus` is the HTTP status of a THROTTLED answer: 200 by default (README: assumed).
 */
export const SettingsInput = z
  .object({
    latencyMs: z.number().int().min(0).max(60_000),
    maximumAvailable: z.number().int().min(1).max(1_000_000),
    restoreRate: z.number().gt(0).max(1_000_000),
    maxQueryCost: z.number().int().min(1).max(1_000_000),
    throttledStatus: z.union([z.literal(200), z.literal(429)]),
  })
  .partial();
export type SettingsInput = z.infer<typeof SettingsInput>;

export interface ShopSettings {
  latencyMs: number;
  maximumAvailable: number;
  restoreRate: number;
  maxQueryCost: number;
  throttledStatus: 200 | 429;
}

export const DEFAULT_SETTINGS: ShopSettings = {
  latencyMs: 0,
  maximumAvailable: 2_000,
  restoreRate: 100,
  maxQueryCost: 1_000,
  throttledStatus: 200,
};

export function mergeSettings(current: ShopSettings, input: SettingsInput): ShopSettings {
  return { ...current, ...input };
}
