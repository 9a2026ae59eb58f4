import { placeLine } from "./availability";
import { type LedgerOp, writeLine } from "./ledger-op";
import type { ReservationRow } from "./ledger-tables";
import { evaluateLine } from "./line-evaluation";
import { holdApplies, holdExpiresAt, settingsFor } from "./policy";

/**
 * After stock or holds moved: first no location may hold more than it has (stock can shrink under
 * reservations: a count, a loss, goods shipped for a line that held nothing), then the lines waiting
 * for stock take what is free.
 */
export function settleStock(op: LedgerOp): void {
  giveBackOversold(op);
  fillBackorders(op);
}

/**
 * Where reservations exceed on-hand, the lines holding stock there are placed again in order of
 * seniority: paid before unpaid, then the least recently changed first. A line that no longer fits
 * (anywhere its store may take from) waits with its reason, so the ledger never promises a unit it
 * does not have, and the newest and unpaid lines are the ones that give way.
 */
function giveBackOversold(op: LedgerOp): void {
  const lines = op.sql
    .exec<ReservationRow>(
      `SELECT * FROM reservations WHERE line_key IN (SELECT a.line_key FROM allocations a
         JOIN stock s ON s.location = a.location WHERE s.allocated > s.on_hand)
       ORDER BY hold, revision, line_key`,
    )
    .toArray();
  const held = lines.map((line) => op.store.allocations(line.line_key));
  for (const line of lines) op.store.setAllocations(line.line_key, []);
  lines.forEach((line, i) => {
    evaluateLine(op, { ...line, correlation_id: op.correlationId }, line, held[i]);
  });
}

/**
 * Lines waiting for stock take it in arrival order: untracked lines are judged as soon as the SKU has
 * a count, then backordered lines take stock that has become free. A line that does not fit waits;
 * short lines (the store's policy is manual) wait for a person.
 */
function fillBackorders(op: LedgerOp): void {
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
      // Lines that began waiting at the same moment (given back together): paid before unpaid.
      "SELECT * FROM reservations WHERE status = 'backordered' ORDER BY queued_at, hold, line_key",
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

/**
 * After a policy change: a waiting line follows its store's backorder setting now (short under
 * `manual`, backordered under `reserve_on_arrival`), keeping its place in the queue; then stock the
 * new rules free (an exclusive pool given up) goes to the queue.
 */
export function applyPolicyChange(op: LedgerOp): void {
  const waiting = op.sql
    .exec<ReservationRow>("SELECT * FROM reservations WHERE status IN ('short', 'backordered')")
    .toArray();
  for (const row of waiting) {
    const status =
      settingsFor(op.policy, row.store_id).backorder === "reserve_on_arrival" ? "backordered" : "short";
    if (status !== row.status) writeLine(op, { ...row, status, correlation_id: op.correlationId });
  }
  settleStock(op);
}
