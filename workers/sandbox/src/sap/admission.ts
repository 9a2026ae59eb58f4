import { drawFault, type Fault, type FaultPlan } from "./faults";
import { DEFAULT_SETTINGS, emptyStats, type Settings, type Stats } from "./settings";
import { readKv, writeKv } from "./system-schema";

/**
 * Admission of an authenticated request: the concurrency and window limits, then the fault plan,
 * in one synchronous transaction so two requests can never both take the last free slot. The stats
 * count every decision; `limitViolations` is a self-check that must stay 0.
 */
export interface AdmitInput {
  now: number;
  modifying: boolean;
  random: number;
  pick: number;
}

export type Admission =
  | { ok: true; slot: string; fault: Fault | null; latencyMs: number }
  | { ok: false; reason: "concurrency" | "window"; retryAfterSeconds: number };

/** A slot whose request never reported back frees itself after this long. */
const SLOT_LEASE_MS = 10 * 60 * 1000;
const REQUEST_LOG_LIMIT = 1000;

export interface RequestLogEntry {
  seq: number;
  at: string;
  method: string;
  path: string;
  status: number;
  outcome: string;
}

export class Admissions {
  constructor(private readonly sql: SqlStorage) {}

  settings(): Settings {
    return { ...DEFAULT_SETTINGS, ...(readKv<Partial<Settings>>(this.sql, "settings") ?? {}) };
  }

  setSettings(settings: Settings): void {
    writeKv(this.sql, "settings", settings);
  }

  stats(): Stats {
    return readKv<Stats>(this.sql, "stats") ?? emptyStats();
  }

  private bump(change: (stats: Stats) => void): void {
    const stats = this.stats();
    change(stats);
    writeKv(this.sql, "stats", stats);
  }

  refuseAuth(): void {
    this.bump((s) => {
      s.requests += 1;
      s.refused.auth += 1;
    });
  }

  admit(input: AdmitInput): Admission {
    const settings = this.settings();
    this.sql.exec("DELETE FROM slots WHERE started_at < ?", input.now - SLOT_LEASE_MS);
    const inFlight = this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM slots").one().n;
    if (inFlight >= settings.concurrency) {
      this.bump((s) => {
        s.requests += 1;
        s.refused.concurrency += 1;
      });
      return { ok: false, reason: "concurrency", retryAfterSeconds: 1 };
    }
    const window = this.windowCheck(settings, input.now);
    if (window !== null) {
      this.bump((s) => {
        s.requests += 1;
        s.refused.window += 1;
      });
      return { ok: false, reason: "window", retryAfterSeconds: window };
    }
    const slot = crypto.randomUUID();
    this.sql.exec("INSERT INTO slots (id, started_at) VALUES (?, ?)", slot, input.now);
    // Starts are kept for the window only (an hour when none is set), so the table stays small.
    this.sql.exec("DELETE FROM starts WHERE at <= ?", input.now - (settings.windowMs ?? 3_600_000));
    this.sql.exec("INSERT INTO starts (at) VALUES (?)", input.now);
    const { fault, next } = this.drawFault(input);
    this.bump((s) => {
      s.requests += 1;
      s.admitted += 1;
      s.maxInFlight = Math.max(s.maxInFlight, inFlight + 1);
      if (inFlight + 1 > settings.concurrency) s.limitViolations += 1;
      if (fault && fault.mode !== "slow" && fault.mode !== "commit_then_timeout") s.refused.fault += 1;
    });
    writeKv(this.sql, "faults", next);
    return { ok: true, slot, fault, latencyMs: settings.latencyMs };
  }

  /** Seconds until the window frees a place, or null when the request fits. */
  private windowCheck(settings: Settings, now: number): number | null {
    if (settings.windowLimit === null || settings.windowMs === null) return null;
    this.sql.exec("DELETE FROM starts WHERE at <= ?", now - settings.windowMs);
    const rows = this.sql.exec<{ n: number; oldest: number | null }>(
      "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM starts",
    );
    const { n, oldest } = rows.one();
    if (n < settings.windowLimit) return null;
    return Math.max(1, Math.ceil(((oldest ?? now) + settings.windowMs - now) / 1000));
  }

  private drawFault(input: AdmitInput): { fault: Fault | null; next: FaultPlan | null } {
    const plan = this.faultPlan();
    if (!plan) return { fault: null, next: null };
    return drawFault(plan, input);
  }

  release(slot: string): void {
    this.sql.exec("DELETE FROM slots WHERE id = ?", slot);
  }

  faultPlan(): FaultPlan | null {
    return readKv<FaultPlan>(this.sql, "faults");
  }

  setFaultPlan(plan: FaultPlan | null): void {
    writeKv(this.sql, "faults", plan);
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
