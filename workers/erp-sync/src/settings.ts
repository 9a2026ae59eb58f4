/** erp-sync's own knobs from wrangler vars, parsed once per run with safe bounds. */
export interface SyncSettings {
  batchSize: number;
  concurrency: number;
  requestTimeoutMs: number;
  /** Long enough for a whole pass: a lease that expires mid-pass lets another run claim the row. */
  leaseMs: number;
}

type SettingsEnv = Pick<ErpSyncEnv, "ERP_BATCH_SIZE" | "ERP_CONCURRENCY" | "ERP_REQUEST_TIMEOUT_MS">;

function intIn(value: string, fallback: number, min: number, max: number): number {
  const parsed = Number.parseInt(value, 10);
  return Number.isInteger(parsed) ? Math.min(max, Math.max(min, parsed)) : fallback;
}

export function readSettings(env: SettingsEnv): SyncSettings {
  // Core leases at most 50 rows per claim.
  const batchSize = intIn(env.ERP_BATCH_SIZE, 50, 1, 50);
  const concurrency = intIn(env.ERP_CONCURRENCY, 4, 1, 20);
  const requestTimeoutMs = intIn(env.ERP_REQUEST_TIMEOUT_MS, 15_000, 100, 120_000);
  const rounds = Math.ceil(batchSize / concurrency);
  return { batchSize, concurrency, requestTimeoutMs, leaseMs: rounds * requestTimeoutMs + 60_000 };
}
