import { DurableObject } from "cloudflare:workers";
import type { ErpLimits } from "../../../../shared/erp";
import { admitThrough, type BreakerState, closedBreaker, recordOutcome, startProbe } from "./breaker";

/**
 * The rate budget of one ERP connection (one object per connection id), shared by every flow that
 * calls that ERP account: the sync pass, read-back and reconciliation alike. It holds
 *
 * - concurrency leases: at most `limits.concurrency` requests in flight; a lease expires on its own
 *   if its holder dies without releasing it;
 * - a sliding request window: at most `limits.windowLimit` request starts in any `limits.windowMs`
 *   (exact, from a log of start times, so a burst can never exceed the ERP's window);
 * - a shared Retry-After: one 429 holds back every caller until the ERP's time has passed;
 * - the connection's circuit breaker (breaker.ts).
 *
 * A caller that cannot start now waits inside the object, first come first served, up to `maxWaitMs`;
 * past that it is refused with how long to wait. Tables: `leases(id, expires_at)`,
 * `starts(at)` (the window log), `state(key, value)` (blocked_until, breaker).
 */
export interface AcquireInput {
  limits: ErpLimits;
  leaseMs: number;
  maxWaitMs: number;
}

export type Grant =
  | { ok: true; leaseId: string; probe: boolean; at: number }
  | { ok: false; waitMs: number; reason: Refusal };
export type Refusal = "concurrency" | "window" | "retry_after" | "circuit_open";

export interface ReleaseInput {
  leaseId: string;
  /** success: the ERP answered; failure: 5xx, timeout or no answer; neutral: nothing was sent. */
  outcome: "success" | "failure" | "neutral";
  retryAfterMs?: number;
  /**
   * Keep the slot this much longer instead of freeing it: after a timeout the ERP may still be working
   * on the request, and a new one in its place would exceed the ERP's own limit.
   */
  holdMs?: number;
}

export interface CircuitView {
  state: "closed" | "open" | "half_open";
  /** How long until a probe may go (0 when it may go now). */
  retryInMs: number;
}

export interface BudgetSnapshot {
  inFlight: number;
  windowCount: number;
  blockedUntil: number;
  breaker: BreakerState;
  waiting: number;
  granted: number;
  refused: Record<Refusal, number>;
  /** Sum of how long released leases were held (ms): in-flight time, for utilization figures. */
  busyMs: number;
}

/**
 * The window as the budget counts it: a little longer than the ERP's, because the ERP starts counting
 * when a request arrives, after the budget granted it; without the margin a start could leave our
 * window a moment before it leaves the ERP's. 2% of the window, at most a second.
 */
export function windowSpan(windowMs: number): number {
  return windowMs + Math.min(1_000, Math.floor(windowMs * 0.02));
}

interface Waiter {
  input: AcquireInput;
  deadline: number;
  resolve: (grant: Grant) => void;
}

export class ErpRateBudget extends DurableObject<ErpSyncEnv> {
  private readonly sql: SqlStorage;
  private waiters: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private granted = 0;
  /** When each live lease was granted (in memory: it only feeds `busyMs`, a statistic). */
  private startedAt = new Map<string, number>();
  private busyMs = 0;
  private refused: Record<Refusal, number> = { concurrency: 0, window: 0, retry_after: 0, circuit_open: 0 };

  constructor(ctx: DurableObjectState, env: ErpSyncEnv) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS leases (id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS starts (at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS starts_at ON starts (at);
      CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);`);
  }

  acquire(input: AcquireInput): Promise<Grant> {
    const now = Date.now();
    const first = this.waiters.length === 0 ? this.tryGrant(input, now) : null;
    if (first && (first.ok || first.waitMs > input.maxWaitMs || first.reason === "circuit_open")) {
      return Promise.resolve(this.count(first));
    }
    return new Promise((resolve) => {
      this.waiters.push({ input, deadline: now + input.maxWaitMs, resolve });
      this.schedule(now);
    });
  }

  release(input: ReleaseInput): void {
    const now = Date.now();
    const started = this.startedAt.get(input.leaseId);
    if (started !== undefined) {
      this.busyMs += now - started;
      this.startedAt.delete(input.leaseId);
    }
    this.ctx.storage.transactionSync(() => {
      if (input.holdMs && input.holdMs > 0) {
        this.sql.exec(
          "UPDATE leases SET expires_at = min(expires_at, ?) WHERE id = ?",
          now + input.holdMs,
          input.leaseId,
        );
        // The hold ends with the lease's expiry, which must not count as a second failure.
        this.sql.exec("UPDATE leases SET id = 'held:' || id WHERE id = ?", input.leaseId);
      } else {
        this.sql.exec("DELETE FROM leases WHERE id = ?", input.leaseId);
      }
      if (input.retryAfterMs !== undefined && input.retryAfterMs > 0) {
        this.setState("blocked_until", Math.max(this.blockedUntil(), now + input.retryAfterMs));
      }
      this.setBreaker(recordOutcome(this.breaker(), input.outcome, input.leaseId, now));
    });
    this.drain();
  }

  /**
   * Whether work for this connection should be claimed now: not while the circuit is open (the claim
   * would only burn attempts on refusals), and only a probe's worth while it is half-open.
   */
  circuit(): CircuitView {
    const now = Date.now();
    const b = this.breaker();
    if (b.state === "closed") return { state: "closed", retryInMs: 0 };
    const admission = admitThrough(b, now);
    if (admission.admit) return { state: "half_open", retryInMs: 0 };
    return { state: b.state, retryInMs: admission.waitMs };
  }

  snapshot(): BudgetSnapshot {
    const now = Date.now();
    this.expire(now, null);
    return {
      inFlight: this.inFlight(),
      windowCount: this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM starts").one().n,
      blockedUntil: this.blockedUntil(),
      breaker: this.breaker(),
      waiting: this.waiters.length,
      granted: this.granted,
      refused: { ...this.refused },
      busyMs: this.busyMs,
    };
  }

  /** Forget everything (tests and the bench start from a clean budget). */
  reset(): void {
    this.sql.exec("DELETE FROM leases; DELETE FROM starts; DELETE FROM state;");
    for (const w of this.waiters) w.resolve({ ok: false, waitMs: 0, reason: "concurrency" });
    this.waiters = [];
    this.granted = 0;
    this.busyMs = 0;
    this.startedAt.clear();
    this.refused = { concurrency: 0, window: 0, retry_after: 0, circuit_open: 0 };
  }

  private count(grant: Grant): Grant {
    if (grant.ok) this.granted++;
    else this.refused[grant.reason]++;
    return grant;
  }

  /** Grants waiters in arrival order while they fit; refuses those whose deadline has passed. */
  private drain(): void {
    const now = Date.now();
    while (this.waiters.length > 0) {
      const head = this.waiters[0];
      if (!head) break;
      const grant = this.tryGrant(head.input, now);
      if (grant.ok || grant.reason === "circuit_open" || now + grant.waitMs > head.deadline) {
        this.waiters.shift();
        head.resolve(this.count(grant));
        continue;
      }
      break;
    }
    this.schedule(now);
  }

  private schedule(now: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const head = this.waiters[0];
    if (!head) return;
    const probe = this.tryGrantDryRun(head.input, now);
    const wake = Math.max(1, Math.min(probe, head.deadline - now));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.drain();
    }, wake);
  }

  /** How long until the head could start, without granting (for the wake-up timer). */
  private tryGrantDryRun(input: AcquireInput, now: number): number {
    const blocked = this.blockedUntil() - now;
    if (blocked > 0) return blocked;
    const window = this.windowWait(input.limits, now);
    if (window > 0) return window;
    const nextExpiry = this.sql
      .exec<{ at: number | null }>("SELECT min(expires_at) AS at FROM leases")
      .one().at;
    return nextExpiry === null ? 50 : Math.max(1, nextExpiry - now);
  }

  private tryGrant(input: AcquireInput, now: number): Grant {
    return this.ctx.storage.transactionSync((): Grant => {
      this.expire(now, input.limits);
      const breaker = this.breaker();
      const admission = admitThrough(breaker, now);
      if (!admission.admit) return { ok: false, waitMs: admission.waitMs, reason: "circuit_open" };
      const blocked = this.blockedUntil() - now;
      if (blocked > 0) return { ok: false, waitMs: blocked, reason: "retry_after" };
      if (this.inFlight() >= input.limits.concurrency)
        return { ok: false, waitMs: 50, reason: "concurrency" };
      const windowWait = this.windowWait(input.limits, now);
      if (windowWait > 0) return { ok: false, waitMs: windowWait, reason: "window" };
      const leaseId = crypto.randomUUID();
      this.sql.exec("INSERT INTO leases (id, expires_at) VALUES (?, ?)", leaseId, now + input.leaseMs);
      if (input.limits.windowLimit !== null) this.sql.exec("INSERT INTO starts (at) VALUES (?)", now);
      if (admission.probe) this.setBreaker(startProbe(breaker, leaseId));
      this.startedAt.set(leaseId, now);
      return { ok: true, leaseId, probe: admission.probe, at: now };
    });
  }

  private windowWait(limits: ErpLimits, now: number): number {
    if (limits.windowLimit === null || limits.windowMs === null) return 0;
    const inWindow = this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM starts").one().n;
    if (inWindow < limits.windowLimit) return 0;
    // The oldest start that must leave the window before one more fits.
    const row = this.sql
      .exec<{ at: number }>(
        "SELECT at FROM starts ORDER BY at LIMIT 1 OFFSET ?",
        inWindow - limits.windowLimit,
      )
      .one();
    return Math.max(1, row.at + windowSpan(limits.windowMs) - now + 1);
  }

  private expire(now: number, limits: ErpLimits | null): void {
    const expired = this.sql
      .exec<{ id: string }>("SELECT id FROM leases WHERE expires_at <= ?", now)
      .toArray();
    for (const lease of expired) {
      this.sql.exec("DELETE FROM leases WHERE id = ?", lease.id);
      // A holder that never reported is treated as a failure: it probably timed out. A held slot was reported.
      if (!lease.id.startsWith("held:"))
        this.setBreaker(recordOutcome(this.breaker(), "failure", lease.id, now));
    }
    if (limits?.windowMs)
      this.sql.exec("DELETE FROM starts WHERE at <= ?", now - windowSpan(limits.windowMs));
  }

  private inFlight(): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM leases").one().n;
  }

  private blockedUntil(): number {
    return Number(this.getState("blocked_until") ?? 0);
  }

  private breaker(): BreakerState {
    const raw = this.getState("breaker");
    return raw ? (JSON.parse(raw) as BreakerState) : closedBreaker();
  }

  private setBreaker(b: BreakerState): void {
    this.setState("breaker", JSON.stringify(b));
  }

  private getState(key: string): string | null {
    const rows = this.sql.exec<{ value: string }>("SELECT value FROM state WHERE key = ?", key).toArray();
    return rows[0]?.value ?? null;
  }

  private setState(key: string, value: string | number): void {
    this.sql.exec(
      "INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      key,
      String(value),
    );
  }
}
