import { DurableObject } from "cloudflare:workers";
import { applyAdjustment } from "./adjustments";
import { AlarmSchedule } from "./alarm-schedule";
import { applyPolicyChange } from "./backorders";
import { forcePush, runLedgerAlarm } from "./ledger-alarm";
import { type LedgerOp, markDirty } from "./ledger-op";
import { reconcileLocations } from "./ledger-reconcile";
import { LedgerStore } from "./ledger-store";
import { migrateLedger } from "./ledger-tables";
import type {
  AdjustRequest,
  AdjustResult,
  CommitRequest,
  LedgerSnapshot,
  LineResult,
  PendingMovement,
  ReconcileLine,
  ReconcileRequest,
  ReleaseRequest,
  ReserveRequest,
} from "./ledger-types";
import { viewLedger } from "./ledger-view";
import { releaseLine, reserveLine } from "./line-requests";
import type { InventoryPolicy } from "./policy";
import { PolicyCache } from "./policy-cache";
import { readLastPush } from "./push-log";
import { commitShipment } from "./shipments";

export type { LedgerSnapshot, LineReservationStatus, LineResult } from "./ledger-types";

/**
 * One inventory ledger per SKU (the object's name is the SKU): on-hand per location, reservations per
 * order line, holds that expire, shipments committed, backorders filled as stock arrives, and the
 * fan-out of each store's available-to-promise to the channels. Every check and write runs inside
 * one synchronous `transactionSync`, so two reservations for the last unit cannot both succeed; the
 * tables are described in `ledger-tables.ts`, each operation in its own module.
 *
 * Changes are coalesced: the first change after a push arms an alarm `INVENTORY_PUSH_DEBOUNCE_MS`
 * later (`alarm-schedule.ts`). The alarm expires holds, sends one `inventory.set` command per listing
 * whose quantity moved and tells core's D1 what changed for each line (`ledger-alarm.ts`).
 *
 * Methods return result objects and never throw for business outcomes.
 */
export class SkuLedger extends DurableObject<CoreEnv> {
  private readonly store: LedgerStore;
  private readonly policies: PolicyCache;
  private readonly alarms: AlarmSchedule;

  constructor(ctx: DurableObjectState, env: CoreEnv) {
    super(ctx, env);
    migrateLedger(ctx.storage.sql);
    this.store = new LedgerStore(ctx.storage.sql);
    this.policies = new PolicyCache(env, this.sku, this.store);
    this.alarms = new AlarmSchedule(ctx.storage, this.store, () => this.debounceMs);
  }

  private get sku(): string {
    return this.ctx.id.name ?? this.ctx.id.toString();
  }

  private get debounceMs(): number {
    const configured = Number(this.env.INVENTORY_PUSH_DEBOUNCE_MS);
    return Number.isFinite(configured) && configured >= 0 ? configured : 250;
  }

  /** Reads the policy, runs `step` in one transaction, then arms the alarm for what it changed. */
  private async run<T>(
    correlationId: string,
    step: (op: LedgerOp) => T,
    fresh?: InventoryPolicy,
    callerLine?: string,
  ): Promise<T> {
    const policy = fresh ?? (await this.policies.get());
    const op: LedgerOp = {
      sku: this.sku,
      sql: this.ctx.storage.sql,
      store: this.store,
      policy,
      now: Date.now(),
      correlationId,
      callerLine,
    };
    const result = this.ctx.storage.transactionSync(() => step(op));
    await this.alarms.arm();
    return result;
  }

  async reserve(request: ReserveRequest): Promise<LineResult> {
    // Core's consumer writes this line's new state (and its exception) to D1 in the order's own batch.
    return this.run(request.correlationId, (op) => reserveLine(op, request), undefined, request.lineKey);
  }

  async release(request: ReleaseRequest): Promise<LineResult> {
    return this.run(request.correlationId, (op) => releaseLine(op, request), undefined, request.lineKey);
  }

  /** Commits a shipment's units of one line (`shipments.ts`). */
  async commit(request: CommitRequest): Promise<LineResult> {
    return this.run(request.correlationId, (op) => commitShipment(op, request));
  }

  /** Applies one stock adjustment exactly once (`adjustments.ts`). */
  async adjust(request: AdjustRequest): Promise<AdjustResult> {
    return this.run(request.id, (op) => applyAdjustment(op, request));
  }

  /** Sets the known on-hand of a location unconditionally (a count without a sequence). */
  async setOnHand(request: { quantity: number; location?: string }): Promise<LedgerSnapshot> {
    const result = await this.adjust({
      id: crypto.randomUUID(),
      location: request.location ?? "default",
      kind: "set",
      quantity: request.quantity,
      sequence: null,
      reason: "set on hand",
    });
    return result.snapshot;
  }

  async snapshot(): Promise<LedgerSnapshot> {
    return viewLedger(
      { sku: this.sku, sql: this.ctx.storage.sql, store: this.store },
      await this.policies.get(),
    );
  }

  /** The newest command issued for a store's listing of this SKU. */
  listingState(storeId: string): { sequence: number; quantity: number } | null {
    return readLastPush(this.ctx.storage.sql, storeId);
  }

  /**
   * After a policy change (listing, rule, safety stock, store settings): re-read it, let waiting lines
   * follow it, and push what changed. With `forceStoreId`, that store's listings are pushed even if
   * their quantity did not move (its Admin token was just set: what its connector parked goes again).
   */
  async requestPush(correlationId: string, forceStoreId?: string): Promise<void> {
    // Throws while D1 is unreachable: the resync event is retried rather than applied to an old policy.
    const policy = await this.policies.refresh();
    await this.run(
      correlationId,
      (op) => {
        if (forceStoreId) forcePush(op.store, forceStoreId);
        applyPolicyChange(op);
        // Even with no listing left: the alarm forgets the pushes of listings that are gone.
        markDirty(op, op.correlationId, true);
      },
      policy,
    );
  }

  pendingErpMovements(): { lastMovementId: number; movements: PendingMovement[] } {
    return this.ctx.storage.transactionSync(() => ({
      lastMovementId: this.store.lastMovementId(),
      movements: this.store.pendingMovements(),
    }));
  }

  /** Compares each location with the ERP's reading and corrects drift (`ledger-reconcile.ts`). */
  async reconcile(request: ReconcileRequest): Promise<ReconcileLine[]> {
    return this.run(request.correlationId, (op) => reconcileLocations(op, request));
  }

  override async alarm(): Promise<void> {
    this.alarms.fired();
    try {
      const policy = await this.policies.current();
      await runLedgerAlarm(
        { sku: this.sku, env: this.env, storage: this.ctx.storage, store: this.store },
        policy,
      );
      this.alarms.succeeded();
    } catch (err) {
      await this.alarms.retryLater(this.sku, err);
      return;
    }
    await this.alarms.arm();
  }
}
