import { settleStock } from "./backorders";
import { type LedgerOp, writeLine } from "./ledger-op";
import type { ReservationRow } from "./ledger-tables";

/**
 * Holds for orders not yet paid or approved (`holdApplies` in `policy.ts` says which lines are held
 * and for how long): the ledger's alarm releases a hold whose time is up, with the reason, and the
 * units go to the lines waiting for stock. Payment before that turns the hold into a reservation
 * (`reserveLine`); payment after it reserves again if the stock is still there.
 */
export function expireHolds(op: LedgerOp): void {
  const expired = op.sql
    .exec<ReservationRow>("SELECT * FROM reservations WHERE status = 'held' AND hold_expires_at <= ?", op.now)
    .toArray();
  for (const row of expired) {
    op.store.setAllocations(row.line_key, []);
    writeLine(op, {
      ...row,
      status: "released",
      reason: "hold expired: the order was not paid or approved in time",
      hold_expires_at: null,
    });
  }
  const first = expired[0];
  if (first) settleStock({ ...op, correlationId: first.correlation_id });
}
