import { drawFault, type Fault, type FaultPlan } from "./faults";
import { DEFAULT_SETTINGS, type PodSettings } from "./settings";

/**
 * What happens to a request before it reaches a resource, in one synchronous transaction: it is
 * counted, refused if its credentials failed (or the password has expired), refused if the request
 * window or the concurrency limit is full, given a slot, and maybe a fault. Counters feed `GET stats`.
 */
const SLOT_LEASE_MS = 5 * 60 * 1000;
const REQUEST_LOG_LIMIT = 1000;

export interface AdmitInput {
  now: number;
  credentialsValid: boolean;
  defaultConcurrency: number;
  hitDraw: number;
  modeDraw: number;
}

export type RefusalReason = "auth" | "window" | "concurrency";

export type Admission =
  | { ok: true; slot: string; fault: Fault | null; latencyMs: number }
  | { ok: false; reason: RefusalReason };

export interface PodStats {
  requests: number;
  admitted: number;
  refused: { concurrency: number; window: number; auth: number; fault: number };
  maxInFlight: number;
  limitViolations: number;
}

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

  admit(input: AdmitInput): Admission {
    this.bump("requests");
    const settings = this.settings();
    if (!input.credentialsValid || settings.passwordExpired) return this.refuse("auth");

    if (settings.windowLimit !== null && settings.windowMs !== null) {
      this.sql.exec("DELETE FROM window_hits WHERE at <= ?", input.now - settings.windowMs);
      const hits = this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM window_hits").one().n;
      if (hits >= settings.windowLimit) return this.refuse("window");
    }
    this.sql.exec("DELETE FROM slots WHERE started_at < ?", input.now - SLOT_LEASE_MS);
    const limit = settings.concurrencyLimit ?? input.defaultConcurrency;
    const inFlight = this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM slots").one().n;
    if (inFlight >= limit) return this.refuse("concurrency");

    const slot = crypto.randomUUID();
    this.sql.exec("INSERT INTO slots (id, started_at) VALUES (?, ?)", slot, input.now);
    this.sql.exec("INSERT INTO window_hits (at) VALUES (?)", input.now);
    this.bump("admitted");
    // Self-check: a request admitted while a limit is already exceeded would be a sandbox bug.
    if (inFlight + 1 > limit) this.bump("limit_violations");
    this.raise("max_in_flight", inFlight + 1);

    const plan = this.faultPlan();
    if (!plan) return { ok: true, slot, fault: null, latencyMs: settings.latencyMs };
    const { fault, next } = drawFault(plan, input.hitDraw, input.modeDraw);
    this.setFaultPlan(next);
    return { ok: true, slot, fault, latencyMs: settings.latencyMs };
  }

  release(slot: string): void {
    this.sql.exec("DELETE FROM slots WHERE id = ?", slot);
  }

  countFault(): void {
    this.bump("refused_fault");
  }

  stats(): PodStats {
    const n = (name: string) =>
      this.sql.exec<{ value: number }>("SELECT value FROM counters WHERE name = ?", name).toArray()[0]
        ?.value ?? 0;
    return {
      requests: n("requests"),
      admitted: n("admitted"),
      refused: {
        concurrency: n("refused_concurrency"),
        window: n("refused_window"),
        auth: n("refused_auth"),
        fault: n("refused_fault"),
      },
      maxInFlight: n("max_in_flight"),
      limitViolations: n("limit_violations"),
    };
  }

  settings(): PodSettings {
    return this.read("settings") ?? DEFAULT_SETTINGS;
  }

  setSettings(settings: PodSettings): void {
    this.write("settings", settings);
  }

  faultPlan(): FaultPlan | null {
    return this.read("fault_plan");
  }

  setFaultPlan(plan: FaultPlan | null): void {
    if (plan) this.write("fault_plan", plan);
    else this.sql.exec("DELETE FROM state WHERE key = 'fault_plan'");
  }

  log(entry: Omit<RequestLogEntry, "seq" | "at"> & { at: number }): void {
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

  private refuse(reason: RefusalReason): Admission {
    this.bump(`refused_${reason}`);
    return { ok: false, reason };
  }

  private bump(name: string): void {
    this.sql.exec(
      "INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1",
      name,
    );
  }

  private raise(name: string, value: number): void {
    this.sql.exec(
      "INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = MAX(value, excluded.value)",
      name,
      value,
    );
  }

  private read<T>(key: string): T | null {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM state WHERE key = ?", key).toArray()[0];
    return row ? (JSON.parse(row.value) as T) : null;
  }

  private write(key: string, value: unknown): void {
    this.sql.exec("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", key, JSON.stringify(value));
  }
}
