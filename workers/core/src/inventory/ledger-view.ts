import { availableToPromise, describeLocations } from "./availability";
import type { LedgerStore } from "./ledger-store";
import type { ReservationRow } from "./ledger-tables";
import type { ChannelView, LedgerSnapshot, LineReservationStatus, LineResult } from "./ledger-types";
import type { InventoryPolicy } from "./policy";
import { readPushes } from "./push-log";

const HOLDING: ReadonlySet<string> = new Set(["reserved", "held"]);

/** The most lines a snapshot shows: a ledger keeps every line it ever saw. */
export const VIEW_LINES = 1000;

const STATUSES: readonly LineReservationStatus[] = [
  "reserved",
  "held",
  "short",
  "backordered",
  "untracked",
  "committed",
  "released",
];

/** What a caller learns about one line after a request: its state and the SKU's availability. */
export function lineResult(store: LedgerStore, row: ReservationRow, unchanged: boolean): LineResult {
  const totals = store.totals();
  return {
    lineKey: row.line_key,
    status: row.status,
    reservedQuantity: HOLDING.has(row.status) ? row.quantity - row.shipped : 0,
    shippedQuantity: row.shipped,
    reason: row.reason,
    unchanged,
    available: totals.onHand === null ? null : totals.onHand - totals.allocated,
    revision: row.revision,
  };
}

/**
 * The ledger as the API shows it: stock per location, available to promise and the last command per
 * listed channel, how many lines are in each state, and up to `VIEW_LINES` lines (open ones first)
 * with where they are held.
 */
export function viewLedger(
  ledger: { sku: string; sql: SqlStorage; store: LedgerStore },
  policy: InventoryPolicy,
): LedgerSnapshot {
  const { sku, sql, store } = ledger;
  const totals = store.totals();
  const locations = describeLocations(store.stock(), policy, sku);
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
  const lineCounts = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<
    LineReservationStatus,
    number
  >;
  for (const c of sql
    .exec<{ status: LineReservationStatus; n: number }>(
      "SELECT status, COUNT(*) AS n FROM reservations GROUP BY status",
    )
    .toArray()) {
    lineCounts[c.status] = c.n;
  }
  const lines = sql
    .exec<ReservationRow>(
      `SELECT * FROM reservations
       ORDER BY CASE WHEN status IN ('held', 'reserved', 'backordered', 'short', 'untracked') THEN 0 ELSE 1 END, line_key
       LIMIT ?`,
      VIEW_LINES,
    )
    .toArray();
  const total = Object.values(lineCounts).reduce((sum, n) => sum + n, 0);
  const dirty = store.meta("dirty_since");
  return {
    sku,
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
    channels: channelViews(ledger, policy),
    reservations: lines.map((r) => ({
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
    reservationsTruncated: total > lines.length,
    lineCounts,
    pendingPushSince: dirty === null ? null : new Date(Number(dirty)).toISOString(),
  };
}

/** Each listed store's available to promise and the last command sent to it. */
export function channelViews(
  ledger: { sku: string; sql: SqlStorage; store: LedgerStore },
  policy: InventoryPolicy,
): ChannelView[] {
  const locations = describeLocations(ledger.store.stock(), policy, ledger.sku);
  const pushes = readPushes(ledger.sql);
  const stores = new Map<string, string>();
  for (const l of policy.listings) stores.set(l.storeId, l.channel);
  return [...stores].map(([storeId, channel]) => {
    const p = pushes.get(storeId);
    return {
      storeId,
      channel,
      listed: true,
      available: availableToPromise(locations, policy, storeId),
      // What the channel was last sent; a command issued but not (yet) sent is not shown.
      lastCommand:
        p && p.sent_sequence !== null
          ? {
              sequence: p.sent_sequence,
              quantity: p.sent_quantity ?? 0,
              issuedAt: new Date(p.sent_at ?? p.issued_at).toISOString(),
            }
          : null,
    };
  });
}
