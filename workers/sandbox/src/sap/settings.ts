import { z } from "zod";

/**
 * The sandbox system's knobs (`POST /_sandbox/sap/settings`). SAP documents no public rate limit for
 * its OData APIs; the concurrency and window limits are a sandbox convention so the bench can see
 * what a saturated gateway does (503 when no work process is free, 429 when a quota is spent).
 */
export const SettingsInput = z
  .object({
    /** Added to every admitted request, as a real tenant's round trip would be. */
    latencyMs: z.number().int().min(0).max(60_000),
    /** Requests processed at once; beyond it the gateway answers 503. */
    concurrency: z.number().int().min(1).max(1000),
    /** At most `windowLimit` requests started per `windowMs`; beyond it 429 with Retry-After. */
    windowLimit: z.number().int().min(1).nullable(),
    windowMs: z.number().int().min(1000).max(3_600_000).nullable(),
    /** How long a security session (and its CSRF token) lives without use. */
    sessionTimeoutMs: z.number().int().min(1000),
    /**
     * Refuse goods issues and stock decreases below zero (SAP's M7/021 deficit); off by default so
     * pushes of unseeded materials go through, as in a system that allows negative stock.
     */
    enforceStock: z.boolean(),
  })
  .partial();
export type SettingsInput = z.infer<typeof SettingsInput>;

export interface Settings {
  latencyMs: number;
  concurrency: number;
  windowLimit: number | null;
  windowMs: number | null;
  sessionTimeoutMs: number;
  enforceStock: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  latencyMs: 0,
  concurrency: 10,
  windowLimit: null,
  windowMs: null,
  sessionTimeoutMs: 30 * 60 * 1000,
  enforceStock: false,
};

export interface Stats {
  requests: number;
  admitted: number;
  refused: { concurrency: number; window: number; auth: number; fault: number };
  maxInFlight: number;
  limitViolations: number;
}

export function emptyStats(): Stats {
  return {
    requests: 0,
    admitted: 0,
    refused: { concurrency: 0, window: 0, auth: 0, fault: 0 },
    maxInFlight: 0,
    limitViolations: 0,
  };
}
