import type { LedgerStore } from "./ledger-store";
import type { LineFields, ReservationRow } from "./ledger-tables";
import type { InventoryPolicy } from "./policy";

/**
 * What one ledger operation works with inside its transaction: the SKU's tables, the policy read
 * just before the transaction began, the operation's time, and the correlation id its changes carry
 * to the channels' next push.
 */
export interface LedgerOp {
  sku: string;
  sql: SqlStorage;
  store: LedgerStore;
  policy: InventoryPolicy;
  now: number;
  correlationId: string;
  /**
   * The line the caller writes to D1 itself (core's consumer, for the order it is applying): its
   * change is not queued for the alarm's flush, which would only repeat the caller's write.
   */
  callerLine?: string;
}

/**
 * Notes that availability may have moved: the first change since the last push starts the debounce.
 * The pending change is cleared only once its push was sent (`ledger-alarm.ts`); the first change
 * made while a push is on its way is kept apart, so that push cannot clear it.
 */
export function markDirty(op: LedgerOp, correlationId = op.correlationId, always = false): void {
  // Nothing to push for a SKU no store lists; a listing change asks for its push with `always`.
  if (op.policy.listings.length === 0 && !always) return;
  // The push is traced under the change that started the burst.
  if (op.store.meta("dirty_since") === null) {
    op.store.setMeta("dirty_since", String(op.now));
    op.store.setMeta("dirty_correlation", correlationId);
  } else if (op.store.meta("push_in_flight") !== null && op.store.meta("dirty_next") === null) {
    op.store.setMeta("dirty_next", JSON.stringify({ since: op.now, correlationId }));
  }
}

/** Writes a line that changed: the next revision, queued for core's D1 (unless the caller writes it), and a push pending. */
export function writeLine(op: LedgerOp, row: LineFields): ReservationRow {
  const revision = op.store.nextRevision(row.line_key, row.line_key !== op.callerLine);
  op.store.writeLine(row, revision);
  markDirty(op, row.correlation_id);
  return { ...row, revision };
}

/** Units a line holds over all locations. */
export function heldUnits(op: LedgerOp, lineKey: string): number {
  return op.store.allocations(lineKey).reduce((sum, a) => sum + a.quantity, 0);
}
