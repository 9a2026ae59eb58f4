/** The second cron in wrangler.toml: ERP read-back. */
export const READ_BACK_CRON = "*/15 * * * *";

/** erp-sync's own knobs from wrangler vars, parsed once per run with safe bounds. */
export interface SyncSettings {
  batchSize: number;
  /** Local workers per connection at most; each connection's rate budget is the real limit. */
  maxConcurrency: number;
  requestTimeoutMs: number;
  /** The first retry delay; it doubles per attempt (retry-policy.ts). Lowered only by chaos runs. */
  retryBaseMs: number;
}

/** An adapter may make a few requests for one document (look up, create, read back). */
const REQUESTS_PER_PUSH = 4;
/** The longest a request waits for a slot in the connection's rate budget. */
export const MAX_BUDGET_WAIT_MS = 30_000;

/**
 * How long claimed rows stay leased: long enough for the whole batch through `workers` slots with every
 * request waiting out its timeout, so a lease never expires under a live pass; only a crashed pass
 * leaves rows to expire and be claimed again.
 */
export function leaseMsFor(settings: SyncSettings, workers: number): number {
  const rounds = Math.ceil(settings.batchSize / Math.max(1, workers));
  return rounds * REQUESTS_PER_PUSH * (settings.requestTimeoutMs + MAX_BUDGET_WAIT_MS) + 60_000;
}

type SettingsEnv = Pick<
  ErpSyncEnv,
  "ERP_BATCH_SIZE" | "ERP_MAX_CONCURRENCY" | "ERP_REQUEST_TIMEOUT_MS" | "ERP_RETRY_BASE_MS"
>;

function intIn(value: string, fallback: number, min: number, max: number): number {
  const parsed = Number.parseInt(value, 10);
  return Number.isInteger(parsed) ? Math.min(max, Math.max(min, parsed)) : fallback;
}

export function readSettings(env: SettingsEnv): SyncSettings {
  // Core leases at most 50 rows per claim.
  const batchSize = intIn(env.ERP_BATCH_SIZE, 50, 1, 50);
  const maxConcurrency = intIn(env.ERP_MAX_CONCURRENCY, 25, 1, 50);
  const requestTimeoutMs = intIn(env.ERP_REQUEST_TIMEOUT_MS, 15_000, 100, 120_000);
  const retryBaseMs = intIn(env.ERP_RETRY_BASE_MS, 30_000, 100, 600_000);
  return { batchSize, maxConcurrency, requestTimeoutMs, retryBaseMs };
}
