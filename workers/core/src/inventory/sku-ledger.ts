import { DurableObject } from "cloudflare:workers";
import { createLogger, errorFields } from "../../../../shared/log";
import { availableToPromise, describeLocations, placeLine } from "./availability";
import { issueCommands, type PlannedPush, planPushes } from "./fan-out";
import { LedgerTables, type LineFields, type ReservationRow } from "./ledger-tables";
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
import { flushLineChanges } from "./line-sync";
import { EMPTY_POLICY, type InventoryPolicy, loadPolicy, settingsFor } from "./policy";

export type { LedgerSnapshot, LineReservationStatus, LineResult } from "./ledger-types";

const log = createLogger("core");

/** How long a ledger trusts its cached policy on the reservation path; the alarm always reads it fresh. */
const POLICY_TTL_MS = 5_000;
const HELD: ReadonlySet<string> = new Set(["reserved", "held"]);
/** Lines waiting for stock, served first come first served. */
const WAITING: ReadonlySet<string> = new Set(["short", "backordered", "untracked"]);

/**
 * One inventory ledger per SKU (the object's name is the SKU): on-hand per location, reservations per
 * order line, holds that expire, shipments committed, backorders filled as stock arrives, and the
 * fan-out of each store's available-to-promise to the channels. Every check and write runs inside
 * one synchronous `transactionSync`, so two reservations for the last unit cannot both succeed; the
 * tables are described in `ledger-tables.ts`.
 *
 * Changes are coalesced: the first change after a push arms an alarm `INVENTORY_PUSH_DEBOUNCE_MS`
 * later (not pushed back by later changes, so a burst makes one push and latency stays bounded).
 * The alarm expires holds, tells core's D1 what changed for each line, and sends one
 * `inventory.set` command per listing whose quantity moved.
 *
 * Methods return result objects and never throw for business outcomes.
 */
export class SkuLedger extends DurableObject<CoreEnv> {
  private readonly tables: LedgerTables;
  private policyCache: { policy: InventoryPolicy; at: number } | null = null;
  /** The alarm time as far as this instance knows; undefined until read from storage. */
  private alarmAt: number | null | undefined;

  constructor(ctx: DurableObjectState, env: CoreEnv) {
    super(ctx, env);
    this.tables = new LedgerTables(ctx.storage.sql);
    this.tables.migrate();
  }

  private get sku(): string {
    return this.ctx.id.name ?? this.ctx.id.toString();
  }

  private get debounceMs(): number {
    const configured = Number(this.env.INVENTORY_PUSH_DEBOUNCE_MS);
    return Number.isFinite(configured) && configured >= 0 ? configured : 250;
  }

  async reserve(request: ReserveRequest): Promise<LineResult> {
    const policy = await this.policy();
    const result = this.ctx.storage.transactionSync((): LineResult => {
      const existing = this.tables.row(request.lineKey);
      const hold = request.hold && settingsFor(policy, request.storeId).holdMinutes > 0;
      if (
        existing &&
        (existing.version > request.version ||
          (existing.version === request.version &&
            existing.status !== "untracked" &&
            existing.quantity === request.quantity &&
            (existing.hold === 1) === hold))
      ) {
        return this.result(existing, true);
      }
      const now = Date.now();
      const before = this.tables.allocations(request.lineKey).reduce((s, a) => s + a.quantity, 0);
      const row = this.evaluate(
        {
          line_key: request.lineKey,
          order_ref: request.orderRef,
          store_id: request.storeId,
          channel: request.channel,
          quantity: request.quantity,
          shipped: existing?.shipped ?? 0,
          status: existing?.status ?? "untracked",
          reason: null,
          hold: hold ? 1 : 0,
          hold_expires_at: existing?.status === "held" && hold ? existing.hold_expires_at : null,
          version: request.version,
          queued_at: existing?.queued_at ?? 0,
          correlation_id: request.correlationId,
        },
        existing,
        policy,
        now,
      );
      const after = this.tables.allocations(request.lineKey).reduce((s, a) => s + a.quantity, 0);
      if (after < before) this.fillBackorders(policy, now, request.correlationId);
      return this.result(row, false);
    });
    await this.schedule();
    return result;
  }

  async release(request: ReleaseRequest): Promise<LineResult> {
    const policy = await this.policy();
    const result = this.ctx.storage.transactionSync((): LineResult => {
      const existing = this.tables.row(request.lineKey);
      if (existing && (existing.version > request.version || existing.status === "released")) {
        return this.result(existing, true);
      }
      const now = Date.now();
      this.tables.setAllocations(request.lineKey, []);
      const row: LineFields = {
        line_key: request.lineKey,
        order_ref: request.orderRef,
        store_id: existing?.store_id ?? "",
        channel: existing?.channel ?? "",
        quantity: existing?.quantity ?? 0,
        shipped: existing?.shipped ?? 0,
        status: "released",
        reason: request.reason ?? "order cancelled",
        hold: 0,
        hold_expires_at: null,
        version: request.version,
        queued_at: 0,
        correlation_id: request.correlationId,
      };
      const written = this.write(row, request.correlationId, now);
      this.fillBackorders(policy, now, request.correlationId);
      return this.result(written, false);
    });
    await this.schedule();
    return result;
  }

  /**
   * Commits shipped units: they leave the line's hold and the location's on-hand together. Applied
   * once per shipment and line; an updated shipment commits the difference, a cancelled one (0)
   * puts its units back. A shipment that arrives before its order creates the line as committed.
   */
  async commit(request: CommitRequest): Promise<LineResult> {
    const policy = await this.policy();
    const result = this.ctx.storage.transactionSync((): LineResult => {
      const sql = this.ctx.storage.sql;
      const prior =
        sql
          .exec<{ quantity: number }>(
            "SELECT quantity FROM commits WHERE shipment_key = ? AND line_key = ?",
            request.shipmentKey,
            request.lineKey,
          )
          .toArray()[0]?.quantity ?? 0;
      const existing = this.tables.row(request.lineKey);
      const diff = request.quantity - prior;
      if (diff === 0 && existing) return this.result(existing, true);
      const now = Date.now();
      const ref = `${request.shipmentKey}:${request.lineKey}`;
      if (diff > 0) this.ship(request, diff, ref, now);
      else if (diff < 0) this.unship(request, -diff, ref, now);
      sql.exec(
        `INSERT INTO commits (shipment_key, line_key, quantity) VALUES (?, ?, ?)
         ON CONFLICT(shipment_key, line_key) DO UPDATE SET quantity = excluded.quantity`,
        request.shipmentKey,
        request.lineKey,
        request.quantity,
      );
      const shipped = Math.max(0, (existing?.shipped ?? 0) + diff);
      const base: LineFields = {
        line_key: request.lineKey,
        order_ref: request.orderRef,
        store_id: existing?.store_id ?? request.storeId,
        channel: existing?.channel ?? "",
        quantity: existing ? existing.quantity : shipped,
        shipped,
        status: existing?.status ?? "committed",
        reason: existing?.reason ?? null,
        hold: existing?.hold ?? 0,
        hold_expires_at: existing?.hold_expires_at ?? null,
        version: existing?.version ?? 0,
        queued_at: existing?.queued_at ?? 0,
        correlation_id: request.correlationId,
      };
      const row =
        existing?.status === "released"
          ? this.write(base, request.correlationId, now)
          : this.evaluate(base, existing, policy, now);
      if (diff < 0) this.fillBackorders(policy, now, request.correlationId);
      return this.result(row, false);
    });
    await this.schedule();
    return result;
  }

  /**
   * Applies one stock adjustment exactly once: `set` replaces a location's on-hand (a count; with a
   * sequence, only if newer than the last count applied), `delta` adds to it. On-hand never goes below
   * zero. A location's first count is a baseline (`changed` 0: the ERP already holds that stock).
   * More stock fills backorders, first come first served.
   */
  async adjust(request: AdjustRequest): Promise<AdjustResult> {
    const policy = await this.policy();
    const result = this.ctx.storage.transactionSync((): AdjustResult => {
      const sql = this.ctx.storage.sql;
      const seen = sql
        .exec<{ applied: number; changed: number }>(
          "SELECT applied, changed FROM adjustments WHERE id = ?",
          request.id,
        )
        .toArray()[0];
      if (seen) {
        return {
          applied: seen.applied === 1,
          replayed: true,
          changed: seen.changed,
          snapshot: this.view(policy),
        };
      }
      const now = Date.now();
      const current = this.tables.stockAt(request.location);
      const stale =
        request.kind === "set" &&
        request.sequence !== null &&
        current?.set_sequence != null &&
        request.sequence <= current.set_sequence;
      let changed = 0;
      if (!stale) {
        const target =
          request.kind === "set" ? request.quantity : Math.max(0, (current?.on_hand ?? 0) + request.quantity);
        const moved = target - (current?.on_hand ?? 0);
        const baseline = request.kind === "set" && !current;
        this.tables.moveStock(
          request.location,
          moved,
          baseline ? "baseline" : "adjustment",
          request.id,
          baseline ? null : (request.erpDocKey ?? null),
          now,
        );
        if (request.kind === "set") {
          sql.exec(
            "UPDATE stock SET set_sequence = ? WHERE location = ?",
            request.sequence,
            request.location,
          );
        }
        changed = baseline ? 0 : moved;
        this.markDirty(request.id, now);
        this.fillBackorders(policy, now, request.id);
      }
      sql.exec(
        `INSERT INTO adjustments (id, location, kind, quantity, sequence, applied, reason, created_at, changed)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        request.id,
        request.location,
        request.kind,
        request.quantity,
        request.sequence,
        stale ? 0 : 1,
        request.reason,
        now,
        changed,
      );
      return { applied: !stale, replayed: false, changed, snapshot: this.view(policy) };
    });
    await this.schedule();
    return result;
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
    return this.view(await this.policy());
  }

  /** The newest command issued for a store's listing of this SKU. */
  listingState(storeId: string): { sequence: number; quantity: number } | null {
    return (
      this.ctx.storage.sql
        .exec<{ sequence: number; quantity: number }>(
          "SELECT sequence, quantity FROM pushes WHERE store_id = ?",
          storeId,
        )
        .toArray()[0] ?? null
    );
  }

  /** After a policy change (listing, rule, safety stock): re-read it and push what changed. */
  async requestPush(correlationId: string): Promise<void> {
    this.policyCache = null;
    this.ctx.storage.transactionSync(() => this.markDirty(correlationId, Date.now()));
    await this.schedule();
  }

  pendingErpMovements(): { lastMovementId: number; movements: PendingMovement[] } {
    return this.ctx.storage.transactionSync(() => ({
      lastMovementId: this.tables.lastMovementId(),
      movements: this.tables.pendingMovements(),
    }));
  }

  /**
   * Compares each location with the ERP's reading. What the ledger expects the ERP to show is its own
   * on-hand minus the movements still on their way to the ERP (not confirmed done before the reading);
   * a difference is the ERP's truth the ledger missed, so the location is set to reading plus in-flight
   * and the correction is logged as a movement. Skipped (`moving`) if the ledger moved since the
   * caller listed the pending movements; the next run catches up.
   */
  async reconcile(request: ReconcileRequest): Promise<ReconcileLine[]> {
    const policy = await this.policy();
    const lines = this.ctx.storage.transactionSync((): ReconcileLine[] => {
      this.tables.confirmMovements(request.confirmedDocKeys);
      const moving = this.tables.lastMovementId() !== request.expectLastMovementId;
      const pending = this.tables.pendingMovements();
      const now = Date.now();
      const out: ReconcileLine[] = [];
      let corrected = false;
      for (const reading of request.readings) {
        const inFlight = pending
          .filter((m) => m.location === reading.location)
          .reduce((s, m) => s + m.delta, 0);
        const before = this.tables.stockAt(reading.location)?.on_hand ?? null;
        const expected = Math.max(0, reading.erpOnHand + inFlight);
        const drift = expected - (before ?? 0);
        if (moving && drift !== 0) {
          out.push({
            location: reading.location,
            erpOnHand: reading.erpOnHand,
            inFlight,
            ledgerBefore: before,
            ledgerAfter: before,
            drift,
            outcome: "moving",
          });
          continue;
        }
        if (drift === 0 && before !== null) {
          out.push({
            location: reading.location,
            erpOnHand: reading.erpOnHand,
            inFlight,
            ledgerBefore: before,
            ledgerAfter: before,
            drift: 0,
            outcome: "matched",
          });
          continue;
        }
        this.tables.moveStock(reading.location, drift, "reconciliation", request.runId, null, now);
        corrected = true;
        out.push({
          location: reading.location,
          erpOnHand: reading.erpOnHand,
          inFlight,
          ledgerBefore: before,
          ledgerAfter: expected,
          drift,
          outcome: "corrected",
        });
      }
      if (corrected) {
        this.markDirty(request.correlationId, now);
        this.fillBackorders(policy, now, request.correlationId);
      }
      return out;
    });
    await this.schedule();
    return lines;
  }

  /** Expires holds, tells D1 what changed for each line, then pushes each listing whose quantity moved. */
  override async alarm(): Promise<void> {
    this.alarmAt = null;
    try {
      this.policyCache = null;
      const policy = await this.policy();
      const now = Date.now();
      const plan = this.ctx.storage.transactionSync((): PlannedPush[] => {
        this.expireHolds(policy, now);
        const dirtySince = this.tables.meta("dirty_since");
        if (dirtySince === null) return [];
        const correlationId = this.tables.meta("dirty_correlation") ?? `inventory:${this.sku}`;
        this.tables.setMeta("dirty_since", null);
        const view = this.view(policy);
        const last = new Map(
          this.ctx.storage.sql
            .exec<{ store_id: string; quantity: number; sequence: number }>(
              "SELECT store_id, quantity, sequence FROM pushes",
            )
            .toArray()
            .map((p) => [p.store_id, p]),
        );
        return planPushes({
          sku: this.sku,
          policy,
          view,
          last,
          changedAt: Number(dirtySince),
          correlationId,
          now,
        });
      });
      if (plan.length > 0) {
        try {
          await issueCommands(this.env, plan);
        } catch (err) {
          // Not sent: the change stays pending so the retry below pushes it.
          this.ctx.storage.transactionSync(() =>
            this.tables.setMeta("dirty_since", String(plan[0]?.changedAt ?? now)),
          );
          throw err;
        }
        this.ctx.storage.transactionSync(() => {
          for (const p of plan) {
            this.ctx.storage.sql.exec(
              `INSERT INTO pushes (store_id, quantity, sequence, issued_at) VALUES (?, ?, ?, ?)
               ON CONFLICT(store_id) DO UPDATE SET quantity = excluded.quantity, sequence = excluded.sequence,
                 issued_at = excluded.issued_at`,
              p.command.storeId,
              p.command.quantity,
              p.command.sequence,
              now,
            );
          }
        });
      }
      await flushLineChanges(this.env.DB, this.ctx.storage.sql, this.sku);
      this.tables.setMeta("alarm_failures", null);
    } catch (err) {
      // The runtime retries a failed alarm only a few times; the ledger keeps retrying itself, with backoff.
      const failures = Number(this.tables.meta("alarm_failures") ?? "0") + 1;
      this.tables.setMeta("alarm_failures", String(failures));
      log.error("inventory alarm failed, will retry", { sku: this.sku, failures, ...errorFields(err) });
      const at = Date.now() + Math.min(60_000, 500 * 2 ** Math.min(failures, 7));
      await this.ctx.storage.setAlarm(at);
      this.alarmAt = at;
      return;
    }
    await this.schedule();
  }

  // --- inside transactions ---------------------------------------------------------------------

  /** Places a line's open units (or says why it cannot) and writes the row if anything changed. */
  private evaluate(
    base: LineFields,
    existing: ReservationRow | null,
    policy: InventoryPolicy,
    now: number,
  ): ReservationRow {
    const need = Math.max(0, base.quantity - base.shipped);
    const current = this.tables.allocations(base.line_key);
    this.tables.setAllocations(base.line_key, []);
    let placed: { location: string; quantity: number }[] = [];
    let status: ReservationRow["status"];
    let reason: string | null = null;
    if (need === 0) status = base.shipped > 0 ? "committed" : "released";
    else if (this.tables.totals().onHand === null) status = "untracked";
    else {
      const where = placeLine(
        this.tables.stock(),
        policy,
        base.store_id,
        need,
        current.map((c) => c.location),
      );
      if (where) {
        placed = where;
        status = base.hold === 1 ? "held" : "reserved";
      } else {
        status =
          settingsFor(policy, base.store_id).backorder === "reserve_on_arrival" ? "backordered" : "short";
        reason = this.shortReason(policy, base.store_id, need);
      }
    }
    this.tables.setAllocations(base.line_key, placed);
    const holdMinutes = settingsFor(policy, base.store_id).holdMinutes;
    const next: LineFields = {
      ...base,
      status,
      reason,
      hold_expires_at: status === "held" ? (base.hold_expires_at ?? now + holdMinutes * 60_000) : null,
      queued_at: WAITING.has(status)
        ? existing && WAITING.has(existing.status)
          ? existing.queued_at
          : now
        : 0,
    };
    const same =
      existing !== null &&
      existing.status === next.status &&
      existing.quantity === next.quantity &&
      existing.shipped === next.shipped &&
      existing.reason === next.reason &&
      existing.hold_expires_at === next.hold_expires_at &&
      sameAllocations(current, placed);
    if (same) {
      // Nothing a reader can see moved; only the version and correlation are brought forward.
      this.ctx.storage.sql.exec(
        "UPDATE reservations SET version = ?, correlation_id = ? WHERE line_key = ?",
        next.version,
        next.correlation_id,
        next.line_key,
      );
      return { ...existing, version: next.version };
    }
    return this.write(next, base.correlation_id, now);
  }

  private write(row: LineFields, correlationId: string, now: number): ReservationRow {
    const revision = this.tables.nextRevision(row.line_key);
    this.tables.writeLine(row, revision);
    this.markDirty(correlationId, now);
    return { ...row, revision };
  }

  private ship(request: CommitRequest, units: number, ref: string, now: number): void {
    let left = units;
    const held = this.tables
      .allocations(request.lineKey)
      .sort((a, b) => (a.location === request.location ? -1 : b.location === request.location ? 1 : 0));
    const remaining = held.map((a) => ({ ...a }));
    const moves = new Map<string, number>();
    for (const a of remaining) {
      if (left === 0) break;
      const take = Math.min(a.quantity, left);
      a.quantity -= take;
      left -= take;
      moves.set(a.location, (moves.get(a.location) ?? 0) + take);
    }
    this.tables.setAllocations(request.lineKey, remaining);
    if (left > 0) {
      // Shipped beyond what the line held (it was short or untracked): the goods left all the same.
      const from =
        (request.location && this.tables.stockAt(request.location) ? request.location : null) ??
        this.tables.stock().sort((a, b) => b.onHand - b.allocated - (a.onHand - a.allocated))[0]?.location ??
        request.location ??
        "default";
      moves.set(from, (moves.get(from) ?? 0) + left);
    }
    for (const [location, quantity] of moves) {
      this.tables.moveStock(location, -quantity, "shipment", ref, request.erpDocKey, now);
      this.ctx.storage.sql.exec(
        `INSERT INTO commit_moves (shipment_key, line_key, location, quantity) VALUES (?, ?, ?, ?)
         ON CONFLICT(shipment_key, line_key, location) DO UPDATE SET quantity = quantity + excluded.quantity`,
        request.shipmentKey,
        request.lineKey,
        location,
        quantity,
      );
    }
  }

  private unship(request: CommitRequest, units: number, ref: string, now: number): void {
    let left = units;
    const moves = this.ctx.storage.sql
      .exec<{ location: string; quantity: number }>(
        "SELECT location, quantity FROM commit_moves WHERE shipment_key = ? AND line_key = ? ORDER BY location",
        request.shipmentKey,
        request.lineKey,
      )
      .toArray();
    for (const m of moves) {
      if (left === 0) break;
      const back = Math.min(m.quantity, left);
      left -= back;
      this.tables.moveStock(m.location, back, "shipment reversed", ref, request.erpDocKey, now);
      this.ctx.storage.sql.exec(
        "UPDATE commit_moves SET quantity = quantity - ? WHERE shipment_key = ? AND line_key = ? AND location = ?",
        back,
        request.shipmentKey,
        request.lineKey,
        m.location,
      );
    }
  }

  /**
   * Lines waiting for stock take it in arrival order: untracked lines are judged as soon as the SKU has
   * a count, then backordered lines take stock that has become free. A line that does not fit waits.
   */
  private fillBackorders(policy: InventoryPolicy, now: number, correlationId: string): void {
    if (this.tables.totals().onHand !== null) {
      const untracked = this.ctx.storage.sql
        .exec<ReservationRow>(
          "SELECT * FROM reservations WHERE status = 'untracked' ORDER BY queued_at, line_key",
        )
        .toArray();
      for (const row of untracked) this.evaluate({ ...row, correlation_id: correlationId }, row, policy, now);
    }
    const waiting = this.ctx.storage.sql
      .exec<ReservationRow>(
        "SELECT * FROM reservations WHERE status = 'backordered' ORDER BY queued_at, line_key",
      )
      .toArray();
    for (const row of waiting) {
      const where = placeLine(this.tables.stock(), policy, row.store_id, row.quantity - row.shipped, []);
      if (!where) continue;
      this.tables.setAllocations(row.line_key, where);
      const hold = row.hold === 1 && settingsFor(policy, row.store_id).holdMinutes > 0;
      this.write(
        {
          ...row,
          status: hold ? "held" : "reserved",
          reason: null,
          hold_expires_at: hold ? now + settingsFor(policy, row.store_id).holdMinutes * 60_000 : null,
          queued_at: 0,
          correlation_id: correlationId,
        },
        correlationId,
        now,
      );
    }
  }

  private expireHolds(policy: InventoryPolicy, now: number): void {
    const expired = this.ctx.storage.sql
      .exec<ReservationRow>("SELECT * FROM reservations WHERE status = 'held' AND hold_expires_at <= ?", now)
      .toArray();
    for (const row of expired) {
      this.tables.setAllocations(row.line_key, []);
      this.write(
        {
          ...row,
          status: "released",
          reason: "hold expired: the order was not paid or approved in time",
          hold_expires_at: null,
        },
        row.correlation_id,
        now,
      );
    }
    if (expired.length > 0)
      this.fillBackorders(policy, now, expired[0]?.correlation_id ?? `inventory:${this.sku}`);
  }

  private markDirty(correlationId: string, now: number): void {
    if (this.tables.meta("dirty_since") === null) this.tables.setMeta("dirty_since", String(now));
    this.tables.setMeta("dirty_correlation", correlationId);
  }

  private shortReason(policy: InventoryPolicy, storeId: string, need: number): string {
    const free = describeLocations(this.tables.stock(), policy, this.sku)
      .filter((l) => l.exclusiveTo === null || l.exclusiveTo === storeId)
      .reduce((s, l) => s + Math.max(0, l.onHand - l.allocated), 0);
    return `${need} wanted, ${free} free at the locations this store may sell from`;
  }

  private result(row: ReservationRow, unchanged: boolean): LineResult {
    const totals = this.tables.totals();
    return {
      lineKey: row.line_key,
      status: row.status,
      reservedQuantity: HELD.has(row.status) ? row.quantity - row.shipped : 0,
      shippedQuantity: row.shipped,
      reason: row.reason,
      unchanged,
      available: totals.onHand === null ? null : totals.onHand - totals.allocated,
      revision: row.revision,
    };
  }

  private view(policy: InventoryPolicy): LedgerSnapshot {
    const sql = this.ctx.storage.sql;
    const totals = this.tables.totals();
    const locations = describeLocations(this.tables.stock(), policy, this.sku);
    const pushes = new Map(
      sql
        .exec<{ store_id: string; quantity: number; sequence: number; issued_at: number }>(
          "SELECT * FROM pushes",
        )
        .toArray()
        .map((p) => [p.store_id, p]),
    );
    const stores = new Map<string, string>();
    for (const l of policy.listings) stores.set(l.storeId, l.channel);
    const allocations = new Map<string, { location: string; quantity: number }[]>();
    for (const a of sql
      .exec<{ line_key: string; location: string; quantity: number }>(
        "SELECT line_key, location, quantity FROM allocations ORDER BY location",
      )
      .toArray()) {
      allocations.set(a.line_key, [
        ...(allocations.get(a.line_key) ?? []),
        { location: a.location, quantity: a.quantity },
      ]);
    }
    const dirty = this.tables.meta("dirty_since");
    return {
      sku: this.sku,
      onHand: totals.onHand,
      reserved: totals.allocated,
      available: totals.onHand === null ? null : totals.onHand - totals.allocated,
      locations: locations.map((l) => ({
        location: l.location,
        onHand: l.onHand,
        reserved: l.allocated,
        safetyStock: l.safetyStock,
        free: l.free,
        exclusiveTo: l.exclusiveTo,
      })),
      channels: [...stores].map(([storeId, channel]) => {
        const p = pushes.get(storeId);
        return {
          storeId,
          channel,
          listed: true,
          available: availableToPromise(locations, policy, storeId),
          lastCommand: p
            ? { sequence: p.sequence, quantity: p.quantity, issuedAt: new Date(p.issued_at).toISOString() }
            : null,
        };
      }),
      reservations: sql
        .exec<ReservationRow>("SELECT * FROM reservations ORDER BY line_key")
        .toArray()
        .map((r) => ({
          lineKey: r.line_key,
          orderRef: r.order_ref,
          storeId: r.store_id,
          quantity: r.quantity,
          shipped: r.shipped,
          status: r.status,
          reason: r.reason,
          holdExpiresAt: r.hold_expires_at === null ? null : new Date(r.hold_expires_at).toISOString(),
          locations: allocations.get(r.line_key) ?? [],
        })),
      pendingPushSince: dirty === null ? null : new Date(Number(dirty)).toISOString(),
    };
  }

  // --- outside transactions --------------------------------------------------------------------

  private async policy(): Promise<InventoryPolicy> {
    const now = Date.now();
    if (this.policyCache && now - this.policyCache.at < POLICY_TTL_MS) return this.policyCache.policy;
    try {
      const policy = await loadPolicy(this.env.DB, this.sku);
      this.policyCache = { policy, at: now };
      return policy;
    } catch (err) {
      // Reservations must not stop when D1 is briefly unreachable: the last policy (or none) serves.
      log.warn("inventory policy unreadable, using the cached one", { sku: this.sku, ...errorFields(err) });
      return this.policyCache?.policy ?? EMPTY_POLICY;
    }
  }

  /** Arms the alarm for the earliest of: the pending push (first change + debounce) and the next hold expiry. */
  private async schedule(): Promise<void> {
    const sql = this.ctx.storage.sql;
    const dirty = this.tables.meta("dirty_since");
    const changes = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM line_changes").one().n;
    const hold = sql
      .exec<{ at: number | null }>(
        "SELECT MIN(hold_expires_at) AS at FROM reservations WHERE status = 'held'",
      )
      .one().at;
    const candidates = [
      dirty === null ? null : Number(dirty) + this.debounceMs,
      changes > 0 ? Date.now() + this.debounceMs : null,
      hold,
    ].filter((t): t is number => t !== null);
    if (candidates.length === 0) return;
    const target = Math.min(...candidates);
    if (this.alarmAt === undefined) this.alarmAt = await this.ctx.storage.getAlarm();
    if (this.alarmAt !== null && this.alarmAt <= target) return;
    await this.ctx.storage.setAlarm(target);
    this.alarmAt = target;
  }
}

function sameAllocations(
  a: { location: string; quantity: number }[],
  b: { location: string; quantity: number }[],
): boolean {
  const key = (xs: { location: string; quantity: number }[]) =>
    xs
      .filter((x) => x.quantity > 0)
      .map((x) => `${x.location}=${x.quantity}`)
      .sort()
      .join(",");
  return key(a) === key(b);
}
