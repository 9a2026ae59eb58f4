import type { AccessTokens } from "./access-tokens";
import { drawFault, type Fault, type FaultPlan } from "./faults";
import type { SettingsStore } from "./settings";
import type { StatsStore } from "./stats";

/**
 * What happens to a request before it reaches a record, all in one synchronous transaction so
 * concurrent requests cannot both see a free slot or an unused nonce: its credential is checked
 * against account state (TBA nonce burnt, bearer token looked up), it takes one of the account's
 * concurrency slots, and it may draw a fault. Every outcome is counted in the stats.
 */
export const TIMESTAMP_WINDOW_S = 300;
/** Nonces are kept for twice the timestamp window: anything older is rejected as stale anyway. */
const NONCE_TTL_MS = 2 * TIMESTAMP_WINDOW_S * 1000;
/** A slot whose request never reported back (a crashed isolate) frees itself after NetSuite's 15 min limit. */
const SLOT_LEASE_MS = 15 * 60 * 1000;

export type Credential =
  | { kind: "tba"; token: string; nonce: string }
  | { kind: "bearer"; tokenHash: string }
  /** The token endpoint: the client assertion in the body is the credential, checked by its handler. */
  | { kind: "assertion" };

export interface AdmitInput {
  credential: Credential;
  method: string;
  now: number;
  /** NETSUITE_CONCURRENCY_LIMIT; the `concurrencyLimit` setting overrides it. */
  limit: number;
  random: number;
  pick: number;
}

export type Admission =
  /** `latencyMs`: the service time the request should take, holding its slot (the `latencyMs` setting). */
  | { ok: true; slot: string; fault: Fault | null; latencyMs: number }
  | { ok: false; reason: "auth"; detail: string }
  | { ok: false; reason: "concurrency" }
  | { ok: false; reason: "fault"; fault: Fault };

export class Admissions {
  constructor(
    private readonly sql: SqlStorage,
    private readonly tokens: AccessTokens,
    private readonly stats: StatsStore,
    private readonly settings: SettingsStore,
  ) {}

  admit(input: AdmitInput): Admission {
    this.stats.request();
    const refusedAuth = this.checkCredential(input.credential, input.now);
    if (refusedAuth) {
      this.stats.refuse("auth");
      return { ok: false, reason: "auth", detail: refusedAuth };
    }
    const settings = this.settings.get();
    const limit = settings.concurrencyLimit ?? input.limit;
    this.sql.exec("DELETE FROM slots WHERE started_at < ?", input.now - SLOT_LEASE_MS);
    const inFlight = this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM slots").one().n;
    if (inFlight >= limit) {
      this.stats.refuse("concurrency");
      return { ok: false, reason: "concurrency" };
    }
    const fault = this.drawFault(input);
    if (fault && fault.mode !== "slow" && fault.mode !== "commit_then_timeout") {
      this.stats.refuse("fault");
      return { ok: false, reason: "fault", fault };
    }
    const slot = crypto.randomUUID();
    this.sql.exec("INSERT INTO slots (id, started_at) VALUES (?, ?)", slot, input.now);
    this.stats.admit(inFlight + 1, limit);
    return { ok: true, slot, fault, latencyMs: settings.latencyMs };
  }

  release(slot: string): void {
    this.sql.exec("DELETE FROM slots WHERE id = ?", slot);
  }

  /** A request refused before it reached the account (bad signature, no credentials): counted too. */
  refuseUnauthenticated(): void {
    this.stats.request();
    this.stats.refuse("auth");
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

  /** The reason a credential is refused (for the request log), or null when it is good. */
  private checkCredential(credential: Credential, now: number): string | null {
    if (credential.kind === "assertion") return null;
    if (credential.kind === "bearer") {
      const check = this.tokens.check(credential.tokenHash, now);
      return check.ok ? null : check.reason;
    }
    this.sql.exec("DELETE FROM nonces WHERE seen_at < ?", now - NONCE_TTL_MS);
    const seen = this.sql.exec(
      "SELECT 1 FROM nonces WHERE token = ? AND nonce = ?",
      credential.token,
      credential.nonce,
    );
    if (seen.toArray().length > 0) return "nonce_reused";
    this.sql.exec(
      "INSERT INTO nonces (token, nonce, seen_at) VALUES (?, ?, ?)",
      credential.token,
      credential.nonce,
      now,
    );
    return null;
  }

  private drawFault(input: AdmitInput): Fault | null {
    const plan = this.faultPlan();
    if (!plan || (plan.methods && !plan.methods.includes(input.method))) return null;
    const { fault, next } = drawFault(plan, input.random, input.pick);
    this.setFaultPlan(next);
    return fault;
  }
}
