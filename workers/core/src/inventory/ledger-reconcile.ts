import { settleStock } from "./backorders";
import { type LedgerOp, markDirty } from "./ledger-op";
import type { ReconcileLine, ReconcileRequest } from "./ledger-types";

/**
 * Compares each location with the ERP's reading. What the ledger expects the ERP to show is its own
 * on-hand minus the movements still on their way to the ERP (not confirmed done before the reading);
 * a difference is the ERP's truth the ledger missed, so the location is set to reading plus in-flight
 * and the correction is logged as a movement. A location is skipped (`moving`) and left for the next
 * run when the reading cannot be compared with it: the ledger moved since the caller listed the
 * pending movements, the location moved after the reading (any movement, an earlier correction
 * too), or a movement in flight there belongs to a document the ERP completed after the reading.
 */
export function reconcileLocations(op: LedgerOp, request: ReconcileRequest): ReconcileLine[] {
  op.store.confirmMovements(request.confirmedDocKeys, request.observedAt);
  const moving = op.store.lastMovementId() !== request.expectLastMovementId;
  const pending = op.store.pendingMovements();
  const doneAfter = new Set(request.doneAfterDocKeys);
  const unsettled = new Set(
    request.readings
      .map((r) => r.location)
      .filter(
        (location) =>
          op.store.movedSince(location, request.observedAt) ||
          pending.some((m) => m.location === location && doneAfter.has(m.erpDocKey)),
      ),
  );
  const out: ReconcileLine[] = [];
  let corrected = false;
  for (const reading of request.readings) {
    const inFlight = pending.filter((m) => m.location === reading.location).reduce((s, m) => s + m.delta, 0);
    const before = op.store.stockAt(reading.location)?.on_hand ?? null;
    const expected = Math.max(0, reading.erpOnHand + inFlight);
    const drift = expected - (before ?? 0);
    const line = { location: reading.location, erpOnHand: reading.erpOnHand, inFlight, ledgerBefore: before };
    if ((moving || unsettled.has(reading.location)) && drift !== 0) {
      out.push({ ...line, ledgerAfter: before, drift, outcome: "moving" });
      continue;
    }
    if (drift === 0 && before !== null) {
      out.push({ ...line, ledgerAfter: before, drift: 0, outcome: "matched" });
      continue;
    }
    op.store.moveStock(reading.location, drift, "reconciliation", request.runId, null, op.now);
    corrected = true;
    out.push({ ...line, ledgerAfter: expected, drift, outcome: "corrected" });
  }
  if (corrected) {
    markDirty(op);
    settleStock(op);
  }
  return out;
}
