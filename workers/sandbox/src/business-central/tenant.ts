import { DurableObject } from "cloudflare:workers";
import { type Admission, Desk, type RequestLogEntry, type Stats } from "./admission";
import { type ApiContext, type ApiRequest, executeApi } from "./api";
import { parseBatch, runOne, runOperations } from "./batch";
import type { ApiRoot } from "./entity-set";
import { EntityStore } from "./entity-store";
import { errorBody } from "./errors";
import type { FaultPlan } from "./faults";
import { entitySetByName } from "./registry";
import { migrate } from "./schema";
import { seedCompany } from "./seed";
import { defaultSettings, type SettingsInput, type TenantSettings } from "./settings";
import { TokenStore } from "./tokens";

/** What the control API lists: the record, the key BC knows it by, and how often it was written. */
export interface RecordView {
  recordType: string;
  id: string;
  key: string | null;
  bodyJson: string;
  writeCount: number;
}

export interface SeedInput {
  items?: { number: string; displayName?: string; unitPrice?: number; inventory?: number }[];
  customers?: { number: string; displayName?: string; email?: string }[];
}

/**
 * One sandbox Business Central tenant with its one company. Every method is synchronous over SQLite
 * (so each is atomic against concurrent requests) and returns results instead of throwing; bodies
 * cross the RPC boundary as JSON text.
 */
export class BusinessCentralTenant extends DurableObject<SandboxEnv> {
  private readonly desk: Desk;
  private readonly store: EntityStore;
  private readonly tokens: TokenStore;

  constructor(ctx: DurableObjectState, env: SandboxEnv) {
    super(ctx, env);
    migrate(ctx.storage.sql);
    this.desk = new Desk(ctx.storage.sql);
    this.store = new EntityStore(ctx.storage.sql, Date.now);
    this.tokens = new TokenStore(ctx.storage.sql);
    seedCompany(this.store, env.BC_COMPANY_ID);
  }

  settings(): TenantSettings {
    return { ...defaultSettings(this.env), ...this.desk.readState<SettingsInput>("settings", {}) };
  }

  updateSettings(input: SettingsInput): TenantSettings {
    this.desk.writeState("settings", { ...this.desk.readState<SettingsInput>("settings", {}), ...input });
    return this.settings();
  }

  /** `target` is `METHOD /path`, what a fault plan's `match` is tested against. */
  admit(principal: string, target: string, now: number): Admission {
    const settings = this.settings();
    return this.tx(() => this.desk.admit(principal, target, now, settings, [Math.random(), Math.random()]));
  }

  claim(ticket: string, now: number): Admission {
    const settings = this.settings();
    return this.tx(() => this.desk.claim(ticket, now, settings, [Math.random(), Math.random()]));
  }

  leaveQueue(ticket: string): void {
    this.desk.leaveQueue(ticket);
  }

  release(slot: string): void {
    this.desk.release(slot);
  }

  refused(reason: "auth" | "fault"): void {
    this.tx(() =>
      this.desk.count((s) => {
        if (reason === "auth") s.requests += 1;
        s.refused[reason] += 1;
      }),
    );
  }

  logRequest(entry: { at: number; method: string; path: string; status: number; outcome: string }): void {
    this.desk.log(entry);
  }

  issueToken(clientId: string, now: number): { token: string; expiresIn: number } {
    const ttl = this.settings().tokenTtlSeconds;
    return { token: this.tokens.issueToken(clientId, now, ttl), expiresIn: ttl };
  }

  checkToken(token: string, now: number) {
    return this.tokens.checkToken(token, now);
  }

  expireTokens(): number {
    return this.tokens.expireAll();
  }

  api(request: ApiRequest): { status: number; bodyJson: string | null } {
    const result = runOne(this.context(), request, (fn) => this.tx(fn));
    return { status: result.status, bodyJson: result.body === null ? null : JSON.stringify(result.body) };
  }

  batch(
    bodyJson: string,
    api: ApiRoot,
    rootUrl: string,
    snapshot: boolean,
  ): { status: number; bodyJson: string } {
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(bodyJson);
    } catch {
      // falls through to "Invalid Request Body"
    }
    const ops = parseBatch(parsed);
    if ("status" in ops) return { status: ops.status, bodyJson: JSON.stringify(errorBody(ops)) };
    const responses = runOperations(this.context(), ops, api, rootUrl, snapshot, (fn) => this.tx(fn));
    return { status: 200, bodyJson: JSON.stringify({ responses }) };
  }

  /** A read for the adapter-independent checks in tests (same rules as a GET through the API). */
  read(request: ApiRequest): string | null {
    const result = executeApi(this.context(), request);
    return result.body === null ? null : JSON.stringify(result.body);
  }

  listRecords(): RecordView[] {
    return this.store.all().map((e) => ({
      recordType: e.set,
      id: e.id,
      key: entitySetByName(e.set)?.key?.(e.body) ?? null,
      bodyJson: JSON.stringify(e.body),
      writeCount: e.writeCount,
    }));
  }

  listRequests(): RequestLogEntry[] {
    return this.desk.requests();
  }

  stats(): Stats {
    return this.desk.stats();
  }

  faultPlan(): FaultPlan | null {
    return this.desk.readState<FaultPlan | null>("fault_plan", null);
  }

  setFaultPlan(plan: FaultPlan | null): void {
    this.desk.writeState("fault_plan", plan);
  }

  seed(input: SeedInput): { items: number; customers: number } {
    return this.tx(() => {
      for (const item of input.items ?? []) {
        const existing = this.store.list("items").find((i) => i.body.number === item.number);
        const body = {
          number: item.number,
          displayName: item.displayName ?? item.number,
          type: "Inventory",
          blocked: false,
          gtin: "",
          inventory: item.inventory ?? 0,
          unitPrice: item.unitPrice ?? 0,
          priceIncludesTax: false,
          unitCost: 0,
          baseUnitOfMeasureCode: "PCS",
          lastModifiedDateTime: new Date().toISOString(),
        };
        if (existing) this.store.replace(existing, { ...existing.body, ...body });
        else this.store.insert("items", body);
      }
      for (const c of input.customers ?? []) {
        this.store.insert("customers", {
          number: c.number,
          displayName: c.displayName ?? c.number,
          type: "Company",
          email: c.email ?? "",
          blocked: " ",
          lastModifiedDateTime: new Date().toISOString(),
        });
      }
      return { items: input.items?.length ?? 0, customers: input.customers?.length ?? 0 };
    });
  }

  async reset(): Promise<void> {
    await this.ctx.storage.deleteAll();
    migrate(this.ctx.storage.sql);
    seedCompany(this.store, this.env.BC_COMPANY_ID);
  }

  private context(): ApiContext {
    const settings = this.settings();
    return {
      store: this.store,
      settings,
      today: new Date().toISOString().slice(0, 10),
      companyId: this.env.BC_COMPANY_ID,
      pageSize: settings.pageSize,
    };
  }

  private tx<T>(fn: () => T): T {
    return this.ctx.storage.transactionSync(fn);
  }
}
