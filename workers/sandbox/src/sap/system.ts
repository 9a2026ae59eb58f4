import { DurableObject } from "cloudflare:workers";
import { type Admission, Admissions, type AdmitInput, type RequestLogEntry } from "./admission";
import { DocumentStore } from "./document-store";
import type { FaultPlan } from "./faults";
import { postJournalEntries } from "./journal-post";
import { handleOData, type ODataCall } from "./odata-router";
import type { ServiceContext } from "./service-context";
import { type CsrfCheck, type IssuedSession, Sessions } from "./sessions";
import type { Settings, SettingsInput, Stats } from "./settings";
import { StockLedger } from "./stock";
import { migrate } from "./system-schema";
import type { WireResponse } from "./wire";

/** A stored document for inspection; the body is JSON text because RPC cannot type open JSON. */
export interface RecordView {
  recordType: string;
  id: string;
  key: string | null;
  bodyJson: string;
  writeCount: number;
}

const RECORD_TYPES: Record<string, string> = {
  sales_order: "A_SalesOrder",
  customer_return: "A_CustomerReturn",
  credit_memo_request: "A_CreditMemoRequest",
  outbound_delivery: "A_OutbDeliveryHeader",
  material_document: "A_MaterialDocumentHeader",
  business_partner: "A_BusinessPartner",
  journal_entry: "JournalEntry",
};

/**
 * One sandbox SAP S/4HANA Cloud system (one object per SAP client). Every method is synchronous over
 * SQLite and runs in one transaction, so each request is atomic against concurrent ones; methods
 * return results instead of throwing.
 */
export class SapSystem extends DurableObject<SandboxEnv> {
  private readonly store: DocumentStore;
  private readonly stock: StockLedger;
  private readonly admissions: Admissions;
  private readonly sessions: Sessions;

  constructor(ctx: DurableObjectState, env: SandboxEnv) {
    super(ctx, env);
    migrate(ctx.storage.sql);
    this.store = new DocumentStore(ctx.storage.sql);
    this.stock = new StockLedger(ctx.storage.sql);
    this.admissions = new Admissions(ctx.storage.sql);
    this.sessions = new Sessions(ctx.storage.sql);
  }

  private context(origin: string, now: number): ServiceContext {
    return { store: this.store, stock: this.stock, settings: this.admissions.settings(), now, origin };
  }

  admit(input: AdmitInput): Admission {
    return this.ctx.storage.transactionSync(() => this.admissions.admit(input));
  }

  refuseAuth(): void {
    this.ctx.storage.transactionSync(() => this.admissions.refuseAuth());
  }

  release(slot: string): void {
    this.admissions.release(slot);
  }

  logRequest(entry: { at: number; method: string; path: string; status: number; outcome: string }): void {
    this.admissions.log(entry);
  }

  fetchCsrf(user: string, sessionId: string | null, now: number): IssuedSession {
    const timeout = this.admissions.settings().sessionTimeoutMs;
    return this.ctx.storage.transactionSync(() => this.sessions.issue(user, sessionId, now, timeout));
  }

  checkCsrf(token: string | null, sessionId: string | null, user: string, now: number): CsrfCheck {
    const timeout = this.admissions.settings().sessionTimeoutMs;
    return this.ctx.storage.transactionSync(() => this.sessions.check(token, sessionId, user, now, timeout));
  }

  expireTokens(): number {
    return this.sessions.expireAll();
  }

  odata(call: ODataCall, origin: string, now: number): WireResponse {
    return this.ctx.storage.transactionSync(() => handleOData(this.context(origin, now), call));
  }

  journal(xml: string, origin: string, now: number): WireResponse {
    return this.ctx.storage.transactionSync(() => postJournalEntries(this.context(origin, now), xml));
  }

  listRecords(): RecordView[] {
    return this.store.all().map((doc) => ({
      recordType: RECORD_TYPES[doc.kind] ?? doc.kind,
      id: doc.id,
      key: doc.refKey,
      bodyJson: JSON.stringify({
        ...doc.header,
        items: doc.items,
        ...(doc.texts.length > 0 ? { texts: doc.texts } : {}),
      }),
      writeCount: doc.writeCount,
    }));
  }

  listRequests(): RequestLogEntry[] {
    return this.admissions.requests();
  }

  stats(): Stats {
    return this.admissions.stats();
  }

  settings(): Settings {
    return this.admissions.settings();
  }

  updateSettings(input: SettingsInput): Settings {
    return this.ctx.storage.transactionSync(() => {
      const next = { ...this.admissions.settings(), ...input };
      this.admissions.setSettings(next);
      return next;
    });
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
