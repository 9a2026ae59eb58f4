import { DurableObject } from "cloudflare:workers";
import { timingSafeEqualText } from "../../../../shared/crypto/hmac";
import { type Bucket, refill, type ThrottleStatus, throttleStatus } from "./cost";
import { drawFault, type Fault, type FaultPlan } from "./faults";
import { runGraphql } from "./graphql-run";
import type { MutationOutcome } from "./inventory-set";
import { DEFAULT_SETTINGS, type ShopSettings } from "./settings";
import {
  type AdjustmentGroup,
  type ExternalChange,
  type Item,
  type Level,
  type Location,
  migrate,
  type ShopSetup,
  ShopStore,
} from "./store";

export type Admission =
  | { ok: true; fault: Fault | null; latencyMs: number; throttledStatus: number }
  | { ok: false; reason: "unknown_shop" | "auth" };

export interface GraphqlRequest {
  query: string;
  /** The request's `variables` as JSON text (RPC does not type open JSON). */
  variablesJson: string | null;
  operationName: string | null;
  receivedAt: number;
  /** The throttled/rate_limit_429 fault: answer THROTTLED with this HTTP status. */
  forcedThrottle: number | null;
}

export interface GraphqlReply {
  status: number;
  bodyJson: string;
  outcome: string;
}

export interface LevelView {
  inventoryItemId: string;
  sku: string | null;
  locationId: string;
  locationName: string | null;
  available: number;
  committed: number;
  onHand: number;
  updatedAt: string;
}

export interface MutationView {
  seq: number;
  groupId: string;
  idempotencyKey: string | null;
  referenceDocumentUri: string | null;
  name: string;
  reason: string;
  changes: AdjustmentGroup["changes"];
  receivedAt: number;
  appliedAt: number;
  /** When the change took effect on Shopify's side, in ms since the epoch (= appliedAt). */
  at: number;
}

export interface ShopStats {
  requests: number;
  admitted: number;
  refused: { unknownShop: number; auth: number; throttled: number; fault: number };
  mutations: {
    applied: number;
    replayed: number;
    rejected: number;
    stale: number;
    idempotencyConflicts: number;
  };
  concurrentChanges: number;
  sales: number;
  pointsSpent: number;
}

export type SaleResult =
  | { ok: true; level: LevelView }
  | { ok: false; status: 404 | 409 | 422; detail: string };

const OUTCOME_COUNTERS: Record<MutationOutcome, string> = {
  applied: "mutations_applied",
  replayed: "mutations_replayed",
  user_errors: "mutations_rejected",
  idempotency_mismatch: "idempotency_conflicts",
  previous_failed: "idempotency_conflicts",
};

/**
 * One sandbox Shopify shop, named by its `<name>.myshopify.com` domain. Everything a GraphQL request
 * does after admission (cost, throttle, execution, the mutation's writes) runs in one synchronous call,
 * so requests to a shop are serialised the way a compare-and-swap needs; a refused mutation writes
 * nothing. Refusals come back as values, not throws (an RPC throw is an unhandled rejection in tests).
 */
export class ShopifyShop extends DurableObject<SandboxEnv> {
  private readonly store: ShopStore;

  constructor(ctx: DurableObjectState, env: SandboxEnv) {
    super(ctx, env);
    migrate(ctx.storage.sql);
    this.store = new ShopStore(ctx.storage.sql);
  }

  /** Counts the request, checks the access token (constant time), draws a fault. */
  async admit(input: { token: string | null }): Promise<Admission> {
    this.store.bump("requests");
    const expected = this.store.accessToken();
    if (expected === null) {
      this.store.bump("refused_unknown_shop");
      return { ok: false, reason: "unknown_shop" };
    }
    const valid = input.token !== null && (await timingSafeEqualText(input.token, expected));
    if (!valid) {
      this.store.bump("refused_auth");
      return { ok: false, reason: "auth" };
    }
    this.store.bump("admitted");
    const settings = this.settings();
    const plan = this.faultPlan();
    let fault: Fault | null = null;
    // The concurrent-change fault is spent by a mutation about to apply, not at the door.
    if (plan && plan.mode !== "concurrent_change") {
      const drawn = drawFault(plan, Math.random(), Math.random());
      this.setFaultPlan(drawn.next);
      fault = drawn.fault;
    }
    return { ok: true, fault, latencyMs: settings.latencyMs, throttledStatus: settings.throttledStatus };
  }

  graphql(request: GraphqlRequest): GraphqlReply {
    const settings = this.settings();
    const bucket: Bucket = refill(
      this.store.read<Bucket>("bucket"),
      Date.now(),
      settings.maximumAvailable,
      settings.restoreRate,
    );
    let variables: Record<string, unknown> | null = null;
    if (request.variablesJson !== null) {
      const parsed: unknown = JSON.parse(request.variablesJson);
      variables = parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>) : null;
    }
    const answer = runGraphql({
      query: request.query,
      variables,
      operationName: request.operationName,
      settings,
      bucket,
      forcedThrottle: request.forcedThrottle,
      mutation: {
        store: this.store,
        receivedAt: request.receivedAt,
        now: () => Date.now(),
        transaction: (run) => this.ctx.storage.transactionSync(run),
        drawConcurrentChange: () => this.drawConcurrentChange(),
      },
    });
    this.store.write("bucket", bucket);
    if (answer.charged > 0) this.store.bump("points_spent", answer.charged);
    if (answer.stale > 0) this.store.bump("mutations_stale", answer.stale);
    if (answer.outcome === "throttled") this.store.bump("refused_throttled");
    for (const outcome of answer.outcome.split(",")) {
      const counter = OUTCOME_COUNTERS[outcome as MutationOutcome];
      if (counter) this.store.bump(counter);
    }
    return { status: answer.status, bodyJson: JSON.stringify(answer.body), outcome: answer.outcome };
  }

  /** The bucket as a throttled answer would show it (for faults answered at the door). */
  throttleStatus(): ThrottleStatus {
    const settings = this.settings();
    const bucket = refill(
      this.store.read<Bucket>("bucket"),
      Date.now(),
      settings.maximumAvailable,
      settings.restoreRate,
    );
    return throttleStatus(bucket, settings.maximumAvailable, settings.restoreRate);
  }

  countFault(): void {
    this.store.bump("refused_fault");
  }

  logRequest(entry: { at: number; method: string; path: string; status: number; outcome: string }): void {
    this.store.logRequest(entry);
  }

  setup(input: ShopSetup): { locations: number; items: number; levels: number } {
    return this.ctx.storage.transactionSync(() => {
      this.store.setup(input, Date.now());
      return {
        locations: input.locations.length,
        items: input.items.length,
        levels: input.items.reduce((n, item) => n + item.levels.length, 0),
      };
    });
  }

  /** The shop as set up (no access token), or null when there is none. */
  describe(): { locations: Location[]; items: Item[] } | null {
    if (this.store.accessToken() === null) return null;
    return { locations: this.store.locations(), items: this.store.items() };
  }

  levels(): LevelView[] | null {
    if (this.store.accessToken() === null) return null;
    return this.store.levels().map((level) => this.view(level));
  }

  mutations(sinceSeq: number): MutationView[] {
    return this.store.groups(sinceSeq).map((g) => ({
      seq: g.seq,
      groupId: g.id,
      idempotencyKey: g.idempotencyKey,
      referenceDocumentUri: g.referenceDocumentUri,
      name: g.name,
      reason: g.reason,
      changes: g.changes,
      receivedAt: g.receivedAt,
      appliedAt: g.appliedAt,
      at: g.appliedAt,
    }));
  }

  externalChanges(): ExternalChange[] {
    return this.store.externalChanges();
  }

  /** A sale on Shopify's side: `available` goes down and `committed` up; `on_hand` stays. */
  sale(input: {
    inventoryItemId: string;
    locationId: string;
    quantity: number;
    oversell: boolean;
  }): SaleResult {
    return this.ctx.storage.transactionSync((): SaleResult => {
      if (this.store.accessToken() === null) return { ok: false, status: 404, detail: "no such shop" };
      const level = this.store.level(input.inventoryItemId, input.locationId);
      if (!level) {
        return {
          ok: false,
          status: 422,
          detail: "the item is not stocked at that location (or either is unknown)",
        };
      }
      if (!input.oversell && level.available < input.quantity) {
        return {
          ok: false,
          status: 409,
          detail: `only ${level.available} available; send oversell: true to sell past zero`,
        };
      }
      const now = Date.now();
      const next: Level = {
        ...level,
        available: level.available - input.quantity,
        committed: level.committed + input.quantity,
        updatedAt: now,
      };
      this.store.saveLevel(next);
      this.store.recordExternal({
        kind: "sale",
        inventoryItemId: level.itemId,
        locationId: level.locationId,
        name: "available",
        delta: -input.quantity,
        at: now,
      });
      this.store.bump("sales");
      return { ok: true, level: this.view(next) };
    });
  }

  stats(): ShopStats {
    const n = (name: string) => this.store.counter(name);
    return {
      requests: n("requests"),
      admitted: n("admitted"),
      refused: {
        unknownShop: n("refused_unknown_shop"),
        auth: n("refused_auth"),
        throttled: n("refused_throttled"),
        fault: n("refused_fault"),
      },
      mutations: {
        applied: n("mutations_applied"),
        replayed: n("mutations_replayed"),
        rejected: n("mutations_rejected"),
        stale: n("mutations_stale"),
        idempotencyConflicts: n("idempotency_conflicts"),
      },
      concurrentChanges: n("concurrent_changes"),
      sales: n("sales"),
      pointsSpent: n("points_spent"),
    };
  }

  requests() {
    return this.store.requests();
  }

  settings(): ShopSettings {
    return { ...DEFAULT_SETTINGS, ...(this.store.read<Partial<ShopSettings>>("settings") ?? {}) };
  }

  setSettings(settings: ShopSettings): void {
    this.store.write("settings", settings);
  }

  faultPlan(): FaultPlan | null {
    return this.store.read<FaultPlan>("fault_plan");
  }

  setFaultPlan(plan: FaultPlan | null): void {
    if (plan) this.store.write("fault_plan", plan);
    else this.store.remove("fault_plan");
  }

  async reset(): Promise<void> {
    await this.ctx.storage.deleteAll();
    migrate(this.ctx.storage.sql);
  }

  private drawConcurrentChange(): number | null {
    const plan = this.faultPlan();
    if (plan?.mode !== "concurrent_change") return null;
    const { fault, next } = drawFault(plan, Math.random(), Math.random());
    this.setFaultPlan(next);
    if (!fault) return null;
    this.store.bump("concurrent_changes");
    return fault.delta;
  }

  private view(level: Level): LevelView {
    return {
      inventoryItemId: level.itemId,
      sku: this.store.item(level.itemId)?.sku ?? null,
      locationId: level.locationId,
      locationName: this.store.location(level.locationId)?.name ?? null,
      available: level.available,
      committed: level.committed,
      onHand: level.onHand,
      updatedAt: new Date(level.updatedAt).toISOString(),
    };
  }
}
