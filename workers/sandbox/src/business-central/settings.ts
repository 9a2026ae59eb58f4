import { z } from "zod";
import type { RuleSettings } from "./entity-set";

/**
 * The tenant's tunable behaviour. Defaults come from the worker's vars (BC_WINDOW_LIMIT,
 * BC_WINDOW_MS, BC_CONCURRENCY_LIMIT); `POST /_sandbox/business-central/settings` overrides them.
 * Limits are BC's documented ones: 5 requests processed at once, 95 queued, 6,000 per user per
 * 5-minute sliding window (Microsoft Learn, "Work with API limits"; operational-limits page).
 */
export const SettingsInput = z
  .object({
    latencyMs: z.number().int().min(0).max(60_000),
    concurrencyLimit: z.number().int().min(1).max(100),
    queueLimit: z.number().int().min(0).max(1_000),
    windowLimit: z.number().int().min(1),
    windowMs: z.number().int().min(1_000),
    tokenTtlSeconds: z.number().int().min(1).max(86_400),
    pageSize: z.number().int().min(1).max(20_000),
    allowPostingFrom: z.iso.date().nullable(),
    allowPostingTo: z.iso.date().nullable(),
    manualCustomerNumbers: z.boolean(),
  })
  .partial();
export type SettingsInput = z.infer<typeof SettingsInput>;

export interface TenantSettings extends RuleSettings {
  latencyMs: number;
  concurrencyLimit: number;
  queueLimit: number;
  windowLimit: number;
  windowMs: number;
  /** Entra's access tokens live 60 to 90 minutes; 3599 s is the common `expires_in`. */
  tokenTtlSeconds: number;
  pageSize: number;
}

function positive(raw: string | undefined, fallback: number): number {
  const n = Number.parseInt(raw ?? "", 10);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function defaultSettings(
  env: Partial<Pick<SandboxEnv, "BC_WINDOW_LIMIT" | "BC_WINDOW_MS" | "BC_CONCURRENCY_LIMIT">>,
): TenantSettings {
  return {
    latencyMs: 0,
    concurrencyLimit: positive(env.BC_CONCURRENCY_LIMIT, 5),
    queueLimit: 95,
    windowLimit: positive(env.BC_WINDOW_LIMIT, 6000),
    windowMs: positive(env.BC_WINDOW_MS, 300_000),
    tokenTtlSeconds: 3599,
    pageSize: 20_000,
    allowPostingFrom: null,
    allowPostingTo: null,
    manualCustomerNumbers: true,
  };
}
