import { DurableObject } from "cloudflare:workers";
import { AccessTokens } from "./access-tokens";
import { migrate } from "./account-schema";
import { type Admission, Admissions, type AdmitInput } from "./admission";
import { AsyncJobs, type Job, type JobResult } from "./async-jobs";
import type { FaultPlan } from "./faults";
import type { JsonObject } from "./json";
import type { WriteContext } from "./record-checks";
import { readRecordJson, readSublistJson } from "./record-reads";
import { type RecordKey, RecordStore } from "./record-store";
import { recordTypeOf } from "./record-types";
import { RecordWrites, type WriteResult } from "./record-writes";
import { type NewLogEntry, RequestLog, type RequestLogEntry } from "./request-log";
import { type AccountSettings, type SettingsInput, SettingsStore } from "./settings";
import { type Stats, StatsStore } from "./stats";
import { type QueryResult, runSuiteQl } from "./suiteql-run";
import { transform } from "./transform";

/** A stored record for inspection; the body is JSON text because RPC cannot type an open JSON object. */
export interface RecordView {
  recordType: string;
  id: string;
  externalId: string | null;
  bodyJson: string;
  createdAt: string;
  updatedAt: string;
  writeCount: number;
}

/** Thrown inside a transaction to roll back a refused write; never leaves this file. */
class Refused extends Error {
  constructor(readonly result: WriteResult) {
    super("refused");
  }
}

/**
 * One sandbox NetSuite account. Every method is synchronous over SQLite, so each runs atomically with
 * respect to concurrent requests, and a refused write (a transform whose invoice fails, say) leaves
 * nothing behind. Methods return results instead of throwing (an RPC throw surfaces as an unhandled
 * rejection in the test runner).
 */
export class NetSuiteAccount extends DurableObject<SandboxEnv> {
  private readonly records: RecordStore;
  private readonly writes: RecordWrites;
  private readonly admissions: Admissions;
  private readonly tokens: AccessTokens;
  private readonly statistics: StatsStore;
  private readonly settingsStore: SettingsStore;
  private readonly log: RequestLog;
  private readonly jobs: AsyncJobs;

  constructor(ctx: DurableObjectState, env: SandboxEnv) {
    super(ctx, env);
    migrate(ctx.storage.sql);
    const sql = ctx.storage.sql;
    this.records = new RecordStore(sql);
    this.writes = new RecordWrites(this.records);
    this.tokens = new AccessTokens(sql);
    this.statistics = new StatsStore(sql);
    this.settingsStore = new SettingsStore(sql);
    this.admissions = new Admissions(sql, this.tokens, this.statistics, this.settingsStore);
    this.log = new RequestLog(sql);
    this.jobs = new AsyncJobs(sql);
  }

  admit(input: AdmitInput): Admission {
    return this.ctx.storage.transactionSync(() => this.admissions.admit(input));
  }

  release(slot: string): void {
    this.admissions.release(slot);
  }

  refuseUnauthenticated(): void {
    this.ctx.storage.transactionSync(() => this.admissions.refuseUnauthenticated());
  }

  logRequest(entry: NewLogEntry): void {
    this.log.append(entry);
  }

  settings(): AccountSettings {
    return this.settingsStore.get();
  }

  updateSettings(input: SettingsInput): AccountSettings {
    return this.settingsStore.update(input);
  }

  stats(): Stats {
    return this.statistics.read();
  }

  upsert(type: string, externalId: string, body: JsonObject, replace: string[], now: number): WriteResult {
    return this.atomically(
      type,
      (t, ctx) => this.writes.upsert(t, externalId, body, new Set(replace), ctx),
      now,
    );
  }

  create(type: string, body: JsonObject, now: number): WriteResult {
    return this.atomically(type, (t, ctx) => this.writes.create(t, body, ctx), now);
  }

  patch(type: string, key: RecordKey, changes: JsonObject, replace: string[], now: number): WriteResult {
    return this.atomically(type, (t, ctx) => this.writes.patch(t, key, changes, new Set(replace), ctx), now);
  }

  transform(
    source: string,
    sourceId: number,
    target: string,
    body: JsonObject,
    replace: string[],
    now: number,
  ): WriteResult {
    return this.atomically(
      source,
      (_t, ctx) =>
        transform(
          this.records,
          this.writes,
          { source, sourceId, target, body, replace: new Set(replace) },
          ctx,
        ),
      now,
    );
  }

  /** The GET representation as JSON text, or null when there is no such record. */
  read(type: string, key: RecordKey, origin: string, options: { expand: boolean; fields: string[] | null }) {
    return this.ctx.storage.transactionSync(() => readRecordJson(this.records, type, key, origin, options));
  }

  /** `GET <type>/<id>/<sublist>[/<line>]` as JSON text, or null when NetSuite would answer 404. */
  readSublist(
    request: { type: string; key: RecordKey; sublist: string; line: number | null },
    origin: string,
    expand: boolean,
  ) {
    return this.ctx.storage.transactionSync(() => readSublistJson(this.records, request, origin, expand));
  }

  suiteql(q: string, limit: number, offset: number): QueryResult {
    return this.ctx.storage.transactionSync(() => runSuiteQl(this.records, q, limit, offset));
  }

  issueToken(
    input: {
      tokenHash: string;
      clientId: string;
      scopes: string[];
      assertionId: string;
      assertionExpiresAt: number;
    },
    now: number,
  ): { ok: true; expiresAt: number } | { ok: false; reason: "assertion_replayed" } {
    return this.ctx.storage.transactionSync(() => this.tokens.issue(input, now));
  }

  expireTokens(now: number): number {
    return this.tokens.expireAll(now);
  }

  claimJob(key: string | null, now: number): { ok: true; id: number } | { ok: false; existingId: number } {
    return this.ctx.storage.transactionSync(() => this.jobs.claim(key, now));
  }

  completeJob(id: number, result: JobResult): void {
    this.jobs.complete(id, result);
  }

  job(id: number): Job | null {
    return this.jobs.get(id);
  }

  listRecords(): RecordView[] {
    return this.records.list().map((r) => ({
      recordType: r.recordType,
      id: String(r.internalId),
      externalId: r.externalId,
      bodyJson: JSON.stringify(r.body),
      createdAt: new Date(r.createdAt).toISOString(),
      updatedAt: new Date(r.updatedAt).toISOString(),
      writeCount: r.writeCount,
    }));
  }

  listRequests(): RequestLogEntry[] {
    return this.log.list();
  }

  faultPlan(): FaultPlan | null {
    return this.admissions.faultPlan();
  }

  setFaultPlan(plan: FaultPlan | null): void {
    this.admissions.setFaultPlan(plan);
  }

  async reset(): Promise<void> {
    await this.ctx.storage.deleteAll();
    migrate(this.ctx.storage.sql);
  }

  private atomically(
    typeName: string,
    write: (type: NonNullable<ReturnType<typeof recordTypeOf>>, ctx: WriteContext) => WriteResult,
    now: number,
  ): WriteResult {
    const type = recordTypeOf(typeName);
    if (!type) throw new Error(`unknown record type ${typeName}`);
    const ctx: WriteContext = { now, settings: this.settingsStore.get() };
    try {
      return this.ctx.storage.transactionSync(() => {
        const result = write(type, ctx);
        if (!result.ok) throw new Refused(result);
        return result;
      });
    } catch (err) {
      if (err instanceof Refused) return err.result;
      throw err;
    }
  }
}
