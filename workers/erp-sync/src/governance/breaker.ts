/**
 * Circuit breaker state of one ERP connection, kept inside its rate budget. Closed lets everything
 * through; after `failureThreshold` consecutive failures (5xx, timeouts, network errors: the ERP is
 * down, not refusing us) it opens for a cooldown that doubles on each failed probe, up to `maxCooldownMs`.
 * Once the cooldown has passed it is half-open: exactly one request goes through as a probe; its
 * success closes the circuit, its failure opens it again.
 */
export interface BreakerState {
  state: "closed" | "open" | "half_open";
  consecutiveFailures: number;
  openedAt: number | null;
  cooldownMs: number;
  probeLease: string | null;
}

export const BREAKER = {
  failureThreshold: 5,
  baseCooldownMs: 30_000,
  maxCooldownMs: 5 * 60_000,
} as const;

export function closedBreaker(): BreakerState {
  return {
    state: "closed",
    consecutiveFailures: 0,
    openedAt: null,
    cooldownMs: BREAKER.baseCooldownMs,
    probeLease: null,
  };
}

export type Admission = { admit: true; probe: boolean } | { admit: false; waitMs: number };

/** May a request start now? An open circuit past its cooldown turns half-open and admits one probe. */
export function admitThrough(b: BreakerState, now: number): Admission {
  if (b.state === "closed") return { admit: true, probe: false };
  if (b.state === "open") {
    const reopensAt = (b.openedAt ?? now) + b.cooldownMs;
    if (now < reopensAt) return { admit: false, waitMs: reopensAt - now };
    return { admit: true, probe: true };
  }
  // half_open: the probe is out; everyone else waits for its verdict.
  return { admit: false, waitMs: 1_000 };
}

export function startProbe(b: BreakerState, leaseId: string): BreakerState {
  return { ...b, state: "half_open", probeLease: leaseId };
}

export function recordOutcome(
  b: BreakerState,
  outcome: "success" | "failure" | "neutral",
  leaseId: string,
  now: number,
): BreakerState {
  const wasProbe = b.probeLease === leaseId;
  if (outcome === "success") return wasProbe || b.state === "closed" ? closedBreaker() : b;
  if (outcome === "neutral") return wasProbe ? { ...b, state: "open", openedAt: now, probeLease: null } : b;
  if (wasProbe) {
    return {
      ...b,
      state: "open",
      openedAt: now,
      probeLease: null,
      cooldownMs: Math.min(BREAKER.maxCooldownMs, b.cooldownMs * 2),
    };
  }
  const failures = b.consecutiveFailures + 1;
  if (b.state === "closed" && failures >= BREAKER.failureThreshold) {
    return {
      ...b,
      state: "open",
      consecutiveFailures: failures,
      openedAt: now,
      cooldownMs: BREAKER.baseCooldownMs,
    };
  }
  return { ...b, consecutiveFailures: failures };
}
