import { drawFault, type Fault, type FaultPlan, planApplies } from "./faults";
import type { TenantSettings } from "./settings";

/**
 * The tenant's front desk, all of it synchronous SQL run inside one transaction per call so that two
 * concurrent requests can never both see a free slot: BC's per-user sliding window, its 5 requests
 * processed at once with up to 95 waiting in a queue (beyond that, 429), the fault plan, and the
 * counters `GET stats` reports. A slot whose request never came back frees itself after BC's
 * 10-minute request timeout.
 */
const SLOT_LEASE_MS = 10 * 60 * 1000;
const REQUEST_LOG_LIMIT = 1000;

export interface Stats {
  requests: number;
  admitted: number;
  refused: { concurrency: number; window: number; auth: number; fault: number };
  maxInFlight: number;
  limitViolations: number;
}

const EMPTY_STATS: Stats = {
  requests: 0,
  admitted: 0,
  refused: { concurrency: 0, window: 0, auth: 0, fault: 0 },
  maxInFlight: 0,
  limitViolations: 0,
};

export type Admission =
  | { kind: "admitted"; slot: string; fault: Fault | null }
  | { kind: "queued"; ticket: string }
  | { kind: "refused"; reason: "window" | "concurrency"; retryAfterSeconds: number };

export interface RequestLogEntry {
  seq: number;
  at: string;
  method: string;
  path: string;
  status: number;
  outcome: string;
}

export class Desk {
  constructor(private readonly sql: SqlStorage) {}

  readState<T>(key: string, fallback: T): T {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM state WHERE key = ?", key).toArray()[0];
    return row ? (JSON.parse(row.value) as T) : fallback;
  }

  writeState(key: string, value: unknown): void {
    if (value === null) this.sql.exec("DELETE FROM state WHERE key = ?", key);
    else this.sql.exec("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", key, JSON.stringify(value));
  }

  stats(): Stats {
    return this.readState("stats", EMPTY_STATS);
  }

  count(update: (s: Stats) => void): void {
    const stats = structuredClone(this.stats());
    update(stats);
    this.writeState("stats", stats);
  }

  /** A new API request: the window first (every request counts against its user), then a slot. */
  admit(
    principal: string,
    target: string,
    now: number,
    settings: TenantSettings,
    draws: [number, number],
  ): Admission {
    this.count((s) => {
      s.requests += 1;
    });
    this.sql.exec("DELETE FROM window_hits WHERE at <= ?", now - settings.windowMs);
    const hits = this.sql
      .exec<{ n: number; oldest: number | null }>(
        "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM window_hits WHERE principal = ?",
        principal,
      )
      .one();
    if (hits.n >= settings.windowLimit) {
      this.count((s) => {
        s.refused.window += 1;
      });
      const wait = (hits.oldest ?? now) + settings.windowMs - now;
      return { kind: "refused", reason: "window", retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
    }
    this.sql.exec("INSERT INTO window_hits (principal, at) VALUES (?, ?)", principal, now);
    this.sql.exec("DELETE FROM slots WHERE started_at < ?", now - SLOT_LEASE_MS);
    this.sql.exec("DELETE FROM queue WHERE queued_at < ?", now - SLOT_LEASE_MS);
    const waiting = this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM queue").one().n;
    if (waiting === 0 && this.inFlight() < settings.concurrencyLimit)
      return this.takeSlot(target, now, settings, draws);
    if (waiting >= settings.queueLimit) {
      this.count((s) => {
        s.refused.concurrency += 1;
      });
      return { kind: "refused", reason: "concurrency", retryAfterSeconds: 1 };
    }
    const ticket = crypto.randomUUID();
    this.sql.exec("INSERT INTO queue (id, queued_at, target) VALUES (?, ?, ?)", ticket, now, target);
    return { kind: "queued", ticket };
  }

  /** A queued request asks again: it gets a slot when one is free and it is at the head of the queue. */
  claim(ticket: string, now: number, settings: TenantSettings, draws: [number, number]): Admission {
    const head = this.sql
      .exec<{ id: string; target: string }>("SELECT id, target FROM queue ORDER BY queued_at, rowid LIMIT 1")
      .toArray()[0];
    if (head?.id !== ticket || this.inFlight() >= settings.concurrencyLimit)
      return { kind: "queued", ticket };
    this.sql.exec("DELETE FROM queue WHERE id = ?", ticket);
    return this.takeSlot(head.target, now, settings, draws);
  }

  leaveQueue(ticket: string): void {
    this.sql.exec("DELETE FROM queue WHERE id = ?", ticket);
  }

  release(slot: string): void {
    this.sql.exec("DELETE FROM slots WHERE id = ?", slot);
  }

  private inFlight(): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM slots").one().n;
  }

  private takeSlot(
    target: string,
    now: number,
    settings: TenantSettings,
    draws: [number, number],
  ): Admission {
    const slot = crypto.randomUUID();
    this.sql.exec("INSERT INTO slots (id, started_at) VALUES (?, ?)", slot, now);
    const inFlight = this.inFlight();
    this.count((s) => {
      s.admitted += 1;
      s.maxInFlight = Math.max(s.maxInFlight, inFlight);
      // Self-check: admitted while the limit was already exceeded. Stays 0 by construction.
      if (inFlight > settings.concurrencyLimit) s.limitViolations += 1;
    });
    const plan = this.readState<FaultPlan | null>("fault_plan", null);
    if (!plan || !planApplies(plan, target)) return { kind: "admitted", slot, fault: null };
    const { fault, next } = drawFault(plan, draws[0], draws[1]);
    this.writeState("fault_plan", next);
    return { kind: "admitted", slot, fault };
  }

  log(entry: { at: number; method: string; path: string; status: number; outcome: string }): void {
    this.sql.exec(
      "INSERT INTO request_log (at, method, path, status, outcome) VALUES (?, ?, ?, ?, ?)",
      entry.at,
      entry.method,
      entry.path,
      entry.status,
      entry.outcome,
    );
    this.sql.exec(
      "DELETE FROM request_log WHERE seq <= (SELECT MAX(seq) FROM request_log) - ?",
      REQUEST_LOG_LIMIT,
    );
  }

  requests(): RequestLogEntry[] {
    return this.sql
      .exec<{ seq: number; at: number; method: string; path: string; status: number; outcome: string }>(
        "SELECT * FROM request_log ORDER BY seq",
      )
      .toArray()
      .map((row) => ({ ...row, at: new Date(row.at).toISOString() }));
  }
}
