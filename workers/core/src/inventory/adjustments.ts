import { settleStock } from "./backorders";
import { type LedgerOp, markDirty } from "./ledger-op";
import type { AdjustRequest, AdjustResult } from "./ledger-types";
import { viewLedger } from "./ledger-view";

/**
 * Applies one stock adjustment exactly once: `set` replaces a location's on-hand (a count; with a
 * sequence, only if newer than the last count applied), `delta` adds to it. On-hand never goes below
 * zero. A location's first count is a baseline (`changed` 0: the ERP already holds that stock).
 * More stock fills backorders, first come first served.
 */
export function applyAdjustment(op: LedgerOp, request: AdjustRequest): AdjustResult {
  const seen = op.sql
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
      snapshot: viewLedger(op, op.policy),
    };
  }
  const current = op.store.stockAt(request.location);
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
    op.store.moveStock(
      request.location,
      moved,
      baseline ? "baseline" : "adjustment",
      request.id,
      baseline ? null : (request.erpDocKey ?? null),
      op.now,
    );
    if (request.kind === "set" && request.sequence !== null) {
      // A count without a sequence keeps the newest sequence seen, so a late count stays refused.
      op.sql.exec("UPDATE stock SET set_sequence = ? WHERE location = ?", request.sequence, request.location);
    }
    changed = baseline ? 0 : moved;
    markDirty(op);
    settleStock(op);
  }
  op.sql.exec(
    `INSERT INTO adjustments (id, location, kind, quantity, sequence, applied, reason, created_at, changed)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    request.id,
    request.location,
    request.kind,
    request.quantity,
    request.sequence,
    stale ? 0 : 1,
    request.reason,
    op.now,
    changed,
  );
  return { applied: !stale, replayed: false, changed, snapshot: viewLedger(op, op.policy) };
}
