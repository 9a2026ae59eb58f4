import { DurableObject } from "cloudflare:workers";
import {
  type Admission,
  Admissions,
  type AdmitInput,
  type PodStats,
  type RequestLogEntry,
} from "./admission";
import type { AdfError } from "./errors";
import type { FaultPlan } from "./faults";
import type { ImportedBatch } from "./gl-interface";
import { migrate } from "./pod-schema";
import type { Clause } from "./query";
import { RecordStore, type StoredItem } from "./record-store";
import { BUSINESS_UNITS, type Outcome, type PodContext } from "./resource-spec";
import { RESOURCES } from "./resources";
import type { PodSettings } from "./settings";

/** An item as it crosses RPC: its URL key and its body as JSON text (RPC cannot type open JSON). */
export interface ItemView {
  resource: string;
  id: string;
  itemKey: string;
  naturalKey: string | null;
  bodyJson: string;
  writeCount: number;
}

export type WriteResult = { ok: true; item: ItemView } | { ok: false; error: AdfError };

class Rollback extends Error {
  constructor(readonly error: AdfError) {
    super(error.detail);
  }
}

const view = (item: StoredItem): ItemView => ({
  resource: item.resource,
  id: item.id,
  itemKey: item.itemKey,
  naturalKey: item.naturalKey,
  bodyJson: JSON.stringify(item.body),
  writeCount: item.writeCount,
});

/**
 * One sandbox Fusion pod. Every method is synchronous over SQLite and runs in one transaction; a write
 * that a business rule refuses rolls back whatever it touched (order lines, on-hand) and returns the
 * refusal instead of throwing, since an RPC throw surfaces as an unhandled rejection in tests.
 */
export class OracleFusionPod extends DurableObject<SandboxEnv> {
  private readonly store: RecordStore;
  private readonly admissions: Admissions;

  constructor(ctx: DurableObjectState, env: SandboxEnv) {
    super(ctx, env);
    migrate(ctx.storage.sql);
    this.store = new RecordStore(ctx.storage.sql);
    this.admissions = new Admissions(ctx.storage.sql);
  }

  admit(input: AdmitInput): Admission {
    return this.ctx.storage.transactionSync(() => this.admissions.admit(input));
  }

  release(slot: string): void {
    this.admissions.release(slot);
  }

  countFault(): void {
    this.admissions.countFault();
  }

  logRequest(entry: { at: number; method: string; path: string; status: number; outcome: string }): void {
    this.admissions.log(entry);
  }

  create(resource: string, bodyJson: string, now: number): WriteResult {
    return this.write(now, (ctx) => {
      const spec = RESOURCES.get(resource);
      if (!spec) throw new Error(`unknown resource ${resource}`);
      const body = JSON.parse(bodyJson) as Record<string, unknown>;
      const natural = spec.naturalKey?.(body) ?? null;
      if (natural && this.store.findNatural(resource, natural) && spec.duplicate) {
        return { ok: false, error: spec.duplicate(body) };
      }
      const outcome = spec.create(body, this.store.nextId(), ctx);
      if (!outcome.ok) return outcome;
      return {
        ok: true,
        item: this.store.insert(resource, spec.itemKey?.(outcome.body) ?? null, natural, outcome.body, now),
      };
    });
  }

  patch(resource: string, key: string, changesJson: string, now: number): WriteResult | null {
    const spec = RESOURCES.get(resource);
    const existing = this.store.find(resource, key);
    if (!spec?.patch || !existing) return null;
    const patch = spec.patch;
    return this.write(now, (ctx) => {
      const outcome: Outcome = patch(existing, JSON.parse(changesJson) as Record<string, unknown>, ctx);
      return outcome.ok ? { ok: true, item: this.store.replace(existing, outcome.body, now) } : outcome;
    });
  }

  /** Journal import: the job is recorded either way; its batches only when every one balances. */
  importJournals(job: Record<string, unknown>, batches: ImportedBatch[] | null, now: number): ItemView {
    return this.ctx.storage.transactionSync(() => {
      const spec = RESOURCES.get("journalBatches");
      if (spec && batches) {
        for (const batch of batches) {
          const outcome = spec.create({ ...batch }, this.store.nextId(), this.context(now));
          if (outcome.ok) this.store.insert("journalBatches", null, null, outcome.body, now);
        }
      }
      const id = this.store.nextId();
      const body = { ...job, ReqstId: id, RequestStatus: batches ? "SUCCEEDED" : "ERROR" };
      return view(this.store.insert("erpintegrations", null, null, body, now));
    });
  }

  get(resource: string, key: string): ItemView | null {
    const item = this.store.find(resource, key);
    return item ? view(item) : null;
  }

  query(resource: string, clauses: Clause[]): ItemView[] {
    return this.store.query(resource, clauses).map(view);
  }

  onhand(): { item: string; organization: string; subinventory: string; quantity: number }[] {
    return this.store.onhand();
  }

  listRecords(): ItemView[] {
    return this.store.list().map(view);
  }

  listRequests(): RequestLogEntry[] {
    return this.admissions.requests();
  }

  stats(): PodStats {
    return this.admissions.stats();
  }

  settings(): PodSettings {
    return this.admissions.settings();
  }

  setSettings(settings: PodSettings): void {
    this.admissions.setSettings(settings);
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

  private context(now: number): PodContext {
    return { store: this.store, now, businessUnits: BUSINESS_UNITS };
  }

  private write(
    now: number,
    run: (ctx: PodContext) => { ok: true; item: StoredItem } | { ok: false; error: AdfError },
  ): WriteResult {
    try {
      return this.ctx.storage.transactionSync(() => {
        const result = run(this.context(now));
        if (!result.ok) throw new Rollback(result.error);
        return { ok: true as const, item: view(result.item) };
      });
    } catch (err) {
      if (err instanceof Rollback) return { ok: false, error: err.error };
      throw err;
    }
  }
}
