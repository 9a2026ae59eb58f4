import { DurableObject } from "cloudflare:workers";
import { migrate } from "./account-schema";
import { type Admission, Admissions, type AdmitInput, type RequestLogEntry } from "./admission";
import type { FaultPlan } from "./faults";
import { type RecordKey, RecordStore, type WriteResult } from "./record-store";
import { renderRecord } from "./render";
import type { JsonObject } from "./sales-order";

/** A stored record for inspection; the body is JSON text because RPC cannot type an open JSON object. */
export interface RecordView {
  recordType: string;
  /** The internal id, as NetSuite names it in its own representations. */
  id: string;
  externalId: string | null;
  bodyJson: string;
  createdAt: string;
  updatedAt: string;
  writeCount: number;
}

/**
 * One sandbox NetSuite account. Every method is synchronous over SQLite, so each runs atomically
 * with respect to concurrent requests; methods return results instead of throwing (an RPC throw
 * surfaces as an unhandled rejection in the test runner).
 */
export class NetSuiteAccount extends DurableObject<SandboxEnv> {
  private readonly records: RecordStore;
  private readonly admissions: Admissions;

  constructor(ctx: DurableObjectState, env: SandboxEnv) {
    super(ctx, env);
    migrate(ctx.storage.sql);
    this.records = new RecordStore(ctx.storage.sql);
    this.admissions = new Admissions(ctx.storage.sql);
  }

  admit(input: AdmitInput): Admission {
    return this.ctx.storage.transactionSync(() => this.admissions.admit(input));
  }

  release(slot: string): void {
    this.admissions.release(slot);
  }

  logRequest(entry: { at: number; method: string; path: string; status: number; outcome: string }): void {
    this.admissions.log(entry);
  }

  upsert(recordType: string, externalId: string, body: JsonObject, now: number): WriteResult {
    return this.ctx.storage.transactionSync(() => this.records.upsert(recordType, externalId, body, now));
  }

  create(recordType: string, body: JsonObject, now: number): WriteResult {
    return this.ctx.storage.transactionSync(() => this.records.create(recordType, body, now));
  }

  patch(recordType: string, key: RecordKey, changes: JsonObject, now: number): WriteResult {
    return this.ctx.storage.transactionSync(() => this.records.patch(recordType, key, changes, now));
  }

  /** The GET representation as JSON text (RPC cannot type an open JSON object). */
  read(recordType: string, key: RecordKey, origin: string, expand: boolean): string | null {
    return this.ctx.storage.transactionSync(() => {
      const record = this.records.find(recordType, key);
      if (!record) return null;
      return JSON.stringify(
        renderRecord(record, origin, (kind, ref) => this.records.resolveRef(kind, ref), expand),
      );
    });
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
    return this.admissions.requests();
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
}
