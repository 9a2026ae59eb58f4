import { z } from "zod";

/**
 * `POST /_sandbox/oracle-fusion/settings`: what the bench and the auth tests steer. Oracle does not
 * publish a per-user request window for Fusion REST, so the window is off unless set; the concurrency
 * limit defaults to `ORACLE_CONCURRENCY_LIMIT`. `passwordExpired` makes Basic auth fail the way Fusion
 * does when the integration user's password has expired: a bare 401, no hint why.
 */
export const SettingsInput = z
  .object({
    latencyMs: z.number().int().min(0).max(60_000),
    concurrencyLimit: z.number().int().min(1).max(1_000),
    windowLimit: z.number().int().min(1).nullable(),
    windowMs: z.number().int().min(1_000).nullable(),
    passwordExpired: z.boolean(),
  })
  .partial();
export type SettingsInput = z.infer<typeof SettingsInput>;

export interface PodSettings {
  latencyMs: number;
  /** Null: the `ORACLE_CONCURRENCY_LIMIT` binding applies. */
  concurrencyLimit: number | null;
  windowLimit: number | null;
  windowMs: number | null;
  passwordExpired: boolean;
}

export const DEFAULT_SETTINGS: PodSettings = {
  latencyMs: 0,
  concurrencyLimit: null,
  windowLimit: null,
  windowMs: null,
  passwordExpired: false,
};

export function mergeSettings(current: PodSettings, input: SettingsInput): PodSettings {
  return { ...current, ...input };
}

export function bindingConcurrency(env: Pick<SandboxEnv, "ORACLE_CONCURRENCY_LIMIT">): number {
  const limit = Number.parseInt(env.ORACLE_CONCURRENCY_LIMIT, 10);
  return Number.isInteger(limit) && limit > 0 ? limit : 8;
}
