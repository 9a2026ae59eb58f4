import { DurableObject } from "cloudflare:workers";

/**
 * One inventory ledger per SKU (the object's name is the SKU). Every check and write runs inside one
 * synchronous `transactionSync`, so concurrent reservations for the last unit cannot both succeed.
 *
 * Tables (SQLite, private to the object):
 * - `stock(location PK, on_hand, set_sequence, updated_at)`: known on-hand per location. No row =
 *   stock unknown. `set_sequence` is the highest sequence of an absolute count applied, so a late or
 *   repeated count from the ERP or warehouse cannot overwrite a newer one.
 * - `adjustments(id PK, location, kind, quantity, sequence, applied, created_at)`: every adjustment
 *   once, keyed by the caller's idempotency id; a retried adjustment answers what it did the first time.
 * - `reservations(line_key PK, order_ref, quantity, status, version, correlation_id, updated_at)`:
 *   one row per order line, keyed by the channel's natural line key, so a line never reserves twice.
 *   `status` is `reserved` (held against known stock), `short` (stock known but insufficient),
 *   `untracked` (no stock known yet: demand recorded, nothing promised) or `released`.
 *   `version` is the order's source-updated time; older requests for a line are ignored.
 *
 * Methods return result objects and never throw for business outcomes (a thrown RPC error is also
 * harder to handle in tests, see reference cloudflare.md §0 #7).
 */
export type LineReservationStatus = "reserved" | "short" | "untracked" | "released";

export interface ReserveRequest {
  lineKey: string;
  orderRef: string;
  quantity: number;
  version: number;
  correlationId: string;
}

export interface LineResult {
  lineKey: string;
  status: LineReservationStatus;
  reservedQuantity: number;
  /** True when the request changed nothing (a replay or an out-of-date version). */
  unchanged: boolean;
  available: number | null;
}

export interface AdjustRequest {
  /** Idempotency id of the adjustment: the same id is applied once. */
  id: string;
  location: string;
  kind: "set" | "delta";
  quantity: number;
  /** For counts: the sender's version; an older or equal one is recorded but not applied. */
  sequence: number | null;
  reason: string;
}

export interface AdjustResult {
  applied: boolean;
  replayed: boolean;
  /** How much on-hand moved at the location (after minus before); 0 for a stale count. Kept for replays. */
  changed: number;
  snapshot: LedgerSnapshot;
}

export interface LedgerSnapshot {
  sku: string;
  onHand: number | null;
  locations: { location: string; onHand: number }[];
  reserved: number;
  available: number | null;
  reservations: { lineKey: string; orderRef: string; quantity: number; status: LineReservationStatus }[];
}

interface ReservationRow extends Record<string, SqlStorageValue> {
  line_key: string;
  order_ref: string;
  quantity: number;
  status: LineReservationStatus;
  version: number;
}

export class SkuLedger extends DurableObject<CoreEnv> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: CoreEnv) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS stock (location TEXT PRIMARY KEY, on_hand INTEGER NOT NULL,
        set_sequence INTEGER, updated_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS adjustments (id TEXT PRIMARY KEY, location TEXT NOT NULL, kind TEXT NOT NULL,
        quantity INTEGER NOT NULL, sequence INTEGER, applied INTEGER NOT NULL, reason TEXT NOT NULL, created_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS reservations (line_key TEXT PRIMARY KEY, order_ref TEXT NOT NULL, quantity INTEGER NOT NULL,
        status TEXT NOT NULL, version INTEGER NOT NULL, correlation_id TEXT NOT NULL, updated_at INTEGER NOT NULL);`);
    // Columns added after a ledger was first created: a ledger object lives on, so its tables are
    // brought up to date here rather than recreated.
    this.addColumn("stock", "set_sequence", "INTEGER");
    this.addColumn("adjustments", "changed", "INTEGER NOT NULL DEFAULT 0");
  }

  private addColumn(table: string, column: string, type: string): void {
    const columns = this.sql.exec<{ name: string }>(`PRAGMA table_info(${table})`).toArray();
    if (!columns.some((c) => c.name === column))
      this.sql.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
  }

  reserve(request: ReserveRequest): LineResult {
    return this.ctx.storage.transactionSync(() => {
      const existing = this.row(request.lineKey);
      if (existing && (existing.version > request.version || this.sameHold(existing, request))) {
        return this.result(existing, true);
      }
      // Re-evaluate the line as a whole: its own previous hold does not count against it.
      const onHand = this.onHand();
      const heldByOthers = this.reservedTotal(request.lineKey);
      const status: LineReservationStatus =
        onHand === null ? "untracked" : onHand - heldByOthers >= request.quantity ? "reserved" : "short";
      this.sql.exec(
        `INSERT INTO reservations (line_key, order_ref, quantity, status, version, correlation_id, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(line_key) DO UPDATE SET quantity = excluded.quantity, status = excluded.status,
           version = excluded.version, correlation_id = excluded.correlation_id, updated_at = excluded.updated_at`,
        request.lineKey,
        request.orderRef,
        request.quantity,
        status,
        request.version,
        request.correlationId,
        Date.now(),
      );
      const row = this.row(request.lineKey);
      if (!row) throw new Error("reservation row vanished inside its own transaction");
      return this.result(row, false);
    });
  }

  release(request: {
    lineKey: string;
    orderRef: string;
    version: number;
    correlationId: string;
  }): LineResult {
    return this.ctx.storage.transactionSync(() => {
      const existing = this.row(request.lineKey);
      if (existing && (existing.version > request.version || existing.status === "released")) {
        return this.result(existing, true);
      }
      this.sql.exec(
        `INSERT INTO reservations (line_key, order_ref, quantity, status, version, correlation_id, updated_at)
         VALUES (?, ?, 0, 'released', ?, ?, ?)
         ON CONFLICT(line_key) DO UPDATE SET status = 'released', version = excluded.version,
           correlation_id = excluded.correlation_id, updated_at = excluded.updated_at`,
        request.lineKey,
        request.orderRef,
        request.version,
        request.correlationId,
        Date.now(),
      );
      const row = this.row(request.lineKey);
      if (!row) throw new Error("reservation row vanished inside its own transaction");
      return this.result(row, false);
    });
  }

  /** Sets the known on-hand of a location unconditionally (a count without a sequence). */
  setOnHand(request: { quantity: number; location?: string }): LedgerSnapshot {
    return this.adjust({
      id: crypto.randomUUID(),
      location: request.location ?? "default",
      kind: "set",
      quantity: request.quantity,
      sequence: null,
      reason: "set on hand",
    }).snapshot;
  }

  /**
   * Applies one stock adjustment exactly once: `set` replaces a location's on-hand (a count; with a
   * sequence, only if newer than the last count applied), `delta` adds to it (a receipt or a loss).
   * On-hand never goes below zero. Existing reservations are not re-evaluated: a line is judged when
   * it is reserved.
   */
  adjust(request: AdjustRequest): AdjustResult {
    return this.ctx.storage.transactionSync((): AdjustResult => {
      const seen = this.sql
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
          snapshot: this.snapshot(),
        };
      }
      const current = this.sql
        .exec<{ on_hand: number; set_sequence: number | null }>(
          "SELECT on_hand, set_sequence FROM stock WHERE location = ?",
          request.location,
        )
        .toArray()[0];
      const stale =
        request.kind === "set" &&
        request.sequence !== null &&
        current?.set_sequence != null &&
        request.sequence <= current.set_sequence;
      let changed = 0;
      if (!stale) {
        const onHand =
          request.kind === "set" ? request.quantity : Math.max(0, (current?.on_hand ?? 0) + request.quantity);
        const sequence = request.kind === "set" ? request.sequence : (current?.set_sequence ?? null);
        this.sql.exec(
          `INSERT INTO stock (location, on_hand, set_sequence, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT(location) DO UPDATE SET on_hand = excluded.on_hand, set_sequence = excluded.set_sequence,
             updated_at = excluded.updated_at`,
          request.location,
          onHand,
          sequence,
          Date.now(),
        );
        // A first count at a location is a baseline, not a movement: the ERP already holds that stock.
        changed = request.kind === "set" && !current ? 0 : onHand - (current?.on_hand ?? 0);
      }
      this.sql.exec(
        `INSERT INTO adjustments (id, location, kind, quantity, sequence, applied, reason, created_at, changed)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        request.id,
        request.location,
        request.kind,
        request.quantity,
        request.sequence,
        stale ? 0 : 1,
        request.reason,
        Date.now(),
        changed,
      );
      return { applied: !stale, replayed: false, changed, snapshot: this.snapshot() };
    });
  }

  snapshot(): LedgerSnapshot {
    const onHand = this.onHand();
    const reserved = this.reservedTotal(null);
    const rows = this.sql
      .exec<ReservationRow>(
        "SELECT line_key, order_ref, quantity, status, version FROM reservations ORDER BY line_key",
      )
      .toArray();
    const locations = this.sql
      .exec<{ location: string; on_hand: number }>("SELECT location, on_hand FROM stock ORDER BY location")
      .toArray()
      .map((l) => ({ location: l.location, onHand: l.on_hand }));
    return {
      sku: this.ctx.id.name ?? this.ctx.id.toString(),
      onHand,
      locations,
      reserved,
      available: onHand === null ? null : onHand - reserved,
      reservations: rows.map((r) => ({
        lineKey: r.line_key,
        orderRef: r.order_ref,
        quantity: r.quantity,
        status: r.status,
      })),
    };
  }

  private sameHold(existing: ReservationRow, request: ReserveRequest): boolean {
    return (
      existing.quantity === request.quantity &&
      existing.status !== "released" &&
      existing.status !== "untracked"
    );
  }

  private row(lineKey: string): ReservationRow | null {
    return (
      this.sql
        .exec<ReservationRow>(
          "SELECT line_key, order_ref, quantity, status, version FROM reservations WHERE line_key = ?",
          lineKey,
        )
        .toArray()[0] ?? null
    );
  }

  private onHand(): number | null {
    const row = this.sql
      .exec<{ total: number | null; n: number }>("SELECT SUM(on_hand) AS total, COUNT(*) AS n FROM stock")
      .one();
    return row.n === 0 ? null : (row.total ?? 0);
  }

  private reservedTotal(exceptLineKey: string | null): number {
    const row = this.sql
      .exec<{ total: number | null }>(
        "SELECT SUM(quantity) AS total FROM reservations WHERE status = 'reserved' AND line_key IS NOT ?",
        exceptLineKey,
      )
      .one();
    return row.total ?? 0;
  }

  private result(row: ReservationRow, unchanged: boolean): LineResult {
    const onHand = this.onHand();
    return {
      lineKey: row.line_key,
      status: row.status,
      reservedQuantity: row.status === "reserved" ? row.quantity : 0,
      unchanged,
      available: onHand === null ? null : onHand - this.reservedTotal(null),
    };
  }
}
