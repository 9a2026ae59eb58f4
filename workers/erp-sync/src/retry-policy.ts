import type { PushFailure } from "./adapters/erp-adapter";

/**
 * When to try a failed push again, or null to park it for a person. `attempt` is the claim's
 * `attempts`: core counts the attempt when it leases the row, so the first push is attempt 1.
 *
 * - validation, business, duplicate, closed_period: park at once; the same body would fail the same
 *   way, and a blind retry after "duplicate" is how duplicates are made.
 * - transient: exponential backoff with full jitter between the base (30 s) and 1 h, parked after
 *   `maxAttempts`.
 * - rate_limited: the ERP's `Retry-After` (else the same backoff); the ERP is busy, not broken, so it
 *   takes many more attempts (`maxRateLimitedAttempts`) before a person is asked to look.
 * - auth: retried too, since NetSuite reports concurrency overload as 401 INVALID_LOGIN, but parked
 *   after MAX_AUTH_ATTEMPTS: real credential trouble needs a person.
 */
export const RETRY = {
  baseMs: 30_000,
  capMs: 60 * 60 * 1000,
  maxAttempts: 10,
  maxRateLimitedAttempts: 50,
  maxAuthAttempts: 4,
} as const;

/** A delay in [base, min(cap, base * 2^(attempt-1))], uniformly: full jitter above a floor. */
export function backoffMs(attempt: number, random: number, baseMs: number = RETRY.baseMs): number {
  const ceiling = Math.min(RETRY.capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(baseMs + random * Math.max(0, ceiling - baseMs));
}

export function retryAt(
  failure: PushFailure,
  attempt: number,
  now: number,
  random: number,
  baseMs: number = RETRY.baseMs,
): number | null {
  switch (failure.errorClass) {
    case "validation":
    case "business":
    case "duplicate":
    case "closed_period":
      return null;
    case "auth":
      return attempt >= RETRY.maxAuthAttempts ? null : now + backoffMs(attempt, random, baseMs);
    case "transient":
    case "rate_limited": {
      const limit = failure.errorClass === "rate_limited" ? RETRY.maxRateLimitedAttempts : RETRY.maxAttempts;
      if (attempt >= limit) return null;
      const wait =
        failure.retryAfterMs === undefined
          ? backoffMs(attempt, random, baseMs)
          : Math.min(failure.retryAfterMs, RETRY.capMs);
      return now + wait;
    }
  }
}
