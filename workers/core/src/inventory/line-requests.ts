import { settleStock } from "./backorders";
import { heldUnits, type LedgerOp, writeLine } from "./ledger-op";
import type { LineFields } from "./ledger-tables";
import type { LineResult, ReleaseRequest, ReserveRequest } from "./ledger-types";
import { lineResult } from "./ledger-view";
import { evaluateLine } from "./line-evaluation";
import { parseOrderRef } from "./line-sync";
import { holdApplies } from "./policy";

/**
 * Reserves a line's open units, or re-evaluates it when its order changed. Idempotent by line key and
 * guarded by the order's version: an older request, or the same one again, changes nothing, and a
 * line released at this version stays released. Units a line gives up go to the lines waiting for stock.
 */
export function reserveLine(op: LedgerOp, request: ReserveRequest): LineResult {
  const existing = op.store.row(request.lineKey);
  const hold = holdApplies(op.policy, request.storeId, request.hold);
  if (
    existing &&
    (existing.version > request.version ||
      (existing.version === request.version &&
        // Versions have one-second precision: a creation stamped the same second as the cancellation
        // and processed after it must not bring the line back.
        (existing.status === "released" ||
          (existing.status !== "untracked" &&
            existing.quantity === request.quantity &&
            (existing.hold === 1) === hold))))
  ) {
    return lineResult(op.store, existing, true);
  }
  const before = heldUnits(op, request.lineKey);
  const row = evaluateLine(
    op,
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
  );
  if (heldUnits(op, request.lineKey) < before) settleStock(op);
  return lineResult(op.store, row, false);
}

/**
 * Releases a cancelled line (an older request is ignored); its units go to the waiting lines. A
 * released line wants nothing and takes its store from the order ref, so a cancellation that
 * arrives before its order leaves the same row as one that arrives after it.
 */
export function releaseLine(op: LedgerOp, request: ReleaseRequest): LineResult {
  const existing = op.store.row(request.lineKey);
  if (
    existing &&
    (existing.version > request.version ||
      (existing.version === request.version && existing.status === "released"))
  ) {
    return lineResult(op.store, existing, true);
  }
  const reason = request.reason ?? "order cancelled";
  if (existing?.status === "released" && existing.reason === reason && existing.quantity === 0) {
    // Released already: only the newer version is kept, so a request older than it stays ignored.
    op.sql.exec(
      "UPDATE reservations SET version = ?, correlation_id = ? WHERE line_key = ?",
      request.version,
      request.correlationId,
      request.lineKey,
    );
    return lineResult(op.store, { ...existing, version: request.version }, true);
  }
  const order = parseOrderRef(request.orderRef);
  op.store.setAllocations(request.lineKey, []);
  const row: LineFields = {
    line_key: request.lineKey,
    order_ref: request.orderRef,
    store_id: existing?.store_id || order?.storeId || "",
    channel: existing?.channel || order?.channel || "",
    quantity: 0,
    shipped: existing?.shipped ?? 0,
    status: "released",
    reason,
    hold: 0,
    hold_expires_at: null,
    version: request.version,
    queued_at: 0,
    correlation_id: request.correlationId,
  };
  const written = writeLine(op, row);
  settleStock(op);
  return lineResult(op.store, written, false);
}
