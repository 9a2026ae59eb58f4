import { describeLocations, placeLine } from "./availability";
import { type LedgerOp, writeLine } from "./ledger-op";
import type { LineFields, ReservationRow } from "./ledger-tables";
import { holdExpiresAt, settingsFor } from "./policy";

/** Lines waiting for stock, served first come first served. */
const WAITING: ReadonlySet<string> = new Set(["short", "backordered", "untracked"]);

/**
 * Places a line's open units (or says why it cannot) and writes the row if anything a reader can see
 * changed. The line's own hold is given up first, so a re-evaluation never counts it against itself,
 * and its current locations (`current`, when the caller already took them) are preferred, so it does
 * not move without need.
 */
export function evaluateLine(
  op: LedgerOp,
  base: LineFields,
  existing: ReservationRow | null,
  current = op.store.allocations(base.line_key),
): ReservationRow {
  const need = Math.max(0, base.quantity - base.shipped);
  op.store.setAllocations(base.line_key, []);
  let placed: { location: string; quantity: number }[] = [];
  let status: ReservationRow["status"];
  let reason: string | null = null;
  if (need === 0) status = base.shipped > 0 ? "committed" : "released";
  else if (op.store.totals().onHand === null) status = "untracked";
  else {
    const where = placeLine(
      op.store.stock(),
      op.policy,
      base.store_id,
      need,
      current.map((c) => c.location),
    );
    if (where) {
      placed = where;
      status = base.hold === 1 ? "held" : "reserved";
    } else {
      status =
        settingsFor(op.policy, base.store_id).backorder === "reserve_on_arrival" ? "backordered" : "short";
      reason = shortReason(op, base.store_id, need);
    }
  }
  op.store.setAllocations(base.line_key, placed);
  const next: LineFields = {
    ...base,
    status,
    reason,
    hold_expires_at:
      status === "held" ? (base.hold_expires_at ?? holdExpiresAt(op.policy, base.store_id, op.now)) : null,
    queued_at: WAITING.has(status)
      ? existing && WAITING.has(existing.status)
        ? existing.queued_at
        : op.now
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
    // Nothing a reader can see moved: no new revision, but what the request says of the line is kept
    // (its version, whether it asks for a hold, its store once a shipment created it first).
    op.sql.exec(
      `UPDATE reservations SET version = ?, correlation_id = ?, hold = ?, order_ref = ?, store_id = ?, channel = ?
       WHERE line_key = ?`,
      next.version,
      next.correlation_id,
      next.hold,
      next.order_ref,
      next.store_id,
      next.channel,
      next.line_key,
    );
    return {
      ...existing,
      version: next.version,
      hold: next.hold,
      order_ref: next.order_ref,
      store_id: next.store_id,
      channel: next.channel,
    };
  }
  return writeLine(op, next);
}

/** Why a line is short: what it wants against what the locations its store may sell from have free. */
export function shortReason(op: LedgerOp, storeId: string, need: number): string {
  const free = describeLocations(op.store.stock(), op.policy, op.sku)
    .filter((l) => l.exclusiveTo === null || l.exclusiveTo === storeId)
    .reduce((s, l) => s + Math.max(0, l.onHand - l.allocated), 0);
  return `${need} wanted, ${free} free at the locations this store may sell from`;
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
