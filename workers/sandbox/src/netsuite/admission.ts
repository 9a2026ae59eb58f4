import { drawFault, type Fault, type FaultPlan } from "./faults";

/**
 * What happens to an authenticated request before it reaches a record: its nonce is burnt, it takes
 * one of the account's concurrency slots, and it may draw a fault. All of it in one synchronous
 * transaction, so concurrent requests cannot both see a free slot or an unused nonce.
 */
export const TIMESTAMP_WINDOW_S = 300;
/** Nonces are kept for twice the timestamp window: anything older is rejected as stale anyway. */
const NONCE_TTL_MS = 2 * TIMESTAMP_WINDOW_S * 1000;
/** A slot whose request never reported back (a crashed isolate) frees itself after NetSuite's 15 min limit. */
const SLOT_LEASE_MS = 15 * 60 * 1000;
const REQUEST_LOG_LIMIT = 1000;

export interface AdmitInput {
  token: string;
  nonce: string;
  now: number;
  limit: number;
  random: number;
}

export type Admission =
  | { ok: true; slot: string; fault: Fault | null }
  | { ok: false; reason: "nonce_reused" | "concurrency_limit" };

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
    this.sql.exec("DELETE FROM nonces WHERE seen_at < ?", input.now - NONCE_TTL_MS);
    const seen = this.sql
      .exec("SELECT 1 FROM nonces WHERE token = ? AND nonce = ?", input.token, input.nonce)
      .toArray();
    if (seen.length > 0) return { ok: false, reason: "nonce_reused" };
    this.sql.exec(
      "INSERT INTO nonces (token, nonce, seen_at) VALUES (?, ?, ?)",
      input.token,
      input.nonce,
      input.now,
    );

    this.sql.exec("DELETE FROM slots WHERE started_at < ?", input.now - SLOT_LEASE_MS);
    const inFlight = this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM slots").one().n;
    if (inFlight >= input.limit) return { ok: false, reason: "concurrency_limit" };
    const slot = crypto.randomUUID();
    this.sql.exec("INSERT INTO slots (id, started_at) VALUES (?, ?)", slot, input.now);

    const plan = this.faultPlan();
    if (!plan) return { ok: true, slot, fault: null };
    const { fault, next } = drawFault(plan, input.random);
    this.setFaultPlan(next);
    return { ok: true, slot, fault };
  }

  release(slot: string): void {
    this.sql.exec("DELETE FROM slots WHERE id = ?", slot);
  }

  faultPlan(): FaultPlan | null {
    const row = this.sql.exec<{ plan: string }>("SELECT plan FROM fault_plan WHERE id = 1").toArray()[0];
    return row ? (JSON.parse(row.plan) as FaultPlan) : null;
  }

  setFaultPlan(plan: FaultPlan | null): void {
    if (plan)
      this.sql.exec("INSERT OR REPLACE INTO fault_plan (id, plan) VALUES (1, ?)", JSON.stringify(plan));
    else this.sql.exec("DELETE FROM fault_plan");
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
    const rows = this.sql
      .exec<{ seq: number; at: number; method: string; path: string; status: number; outcome: string }>(
        "SELECT * FROM request_log ORDER BY seq",
      )
      .toArray();
    return rows.map((row) => ({ ...row, at: new Date(row.at).toISOString() }));
  }
}
