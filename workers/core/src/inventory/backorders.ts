import { placeLine } from "./availability";
import { holdApplies, holdExpiresAt } from "./holds";
import { type LedgerOp, writeLine } from "./ledger-op";
import type { ReservationRow } from "./ledger-tables";
import { evaluateLine } from "./line-evaluation";

/**
 * Lines waiting for stock take it in arrival order: untracked lines are judged as soon as the SKU has
 * a count, then backordered lines take stock that has become free. A line that does not fit waits;
 * short lines (the store's policy is manual) wait for a person.
 */
export function fillBackorders(op: LedgerOp): void {
  if (op.store.totals().onHand !== null) {
    const untracked = op.sql
      .exec<ReservationRow>(
        "SELECT * FROM reservations WHERE status = 'untracked' ORDER BY queued_at, line_key",
      )
      .toArray();
    for (const row of untracked) evaluateLine(op, { ...row, correlation_id: op.correlationId }, row);
  }
  const waiting = op.sql
    .exec<ReservationRow>(
      "SELECT * FROM reservations WHERE status = 'backordered' ORDER BY queued_at, line_key",
    )
    .toArray();
  for (const row of waiting) {
    const where = placeLine(op.store.stock(), op.policy, row.store_id, row.quantity - row.shipped, []);
    if (!where) continue;
    op.store.setAllocations(row.line_key, where);
    const hold = holdApplies(op.policy, row.store_id, row.hold === 1);
    writeLine(op, {
      ...row,
      status: hold ? "held" : "reserved",
      reason: null,
      hold_expires_at: hold ? holdExpiresAt(op.policy, row.store_id, op.now) : null,
      queued_at: 0,
      correlation_id: op.correlationId,
    });
  }
}
