import { settleStock } from "./backorders";
import { type LedgerOp, writeLine } from "./ledger-op";
import type { LineFields } from "./ledger-tables";
import type { CommitRequest, LineResult } from "./ledger-types";
import { lineResult } from "./ledger-view";
import { evaluateLine } from "./line-evaluation";

/**
 * Commits shipped units: they leave the line's hold and the location's on-hand together. Applied
 * once per shipment and line; an updated shipment commits the difference, a cancelled one (0) puts
 * its units back. A shipment that arrives before its order creates the line as committed.
 */
export function commitShipment(op: LedgerOp, request: CommitRequest): LineResult {
  const prior =
    op.sql
      .exec<{ quantity: number }>(
        "SELECT quantity FROM commits WHERE shipment_key = ? AND line_key = ?",
        request.shipmentKey,
        request.lineKey,
      )
      .toArray()[0]?.quantity ?? 0;
  const existing = op.store.row(request.lineKey);
  const diff = request.quantity - prior;
  if (diff === 0 && existing) return lineResult(op.store, existing, true);
  const ref = `${request.shipmentKey}:${request.lineKey}`;
  if (diff > 0) ship(op, request, diff, ref);
  else if (diff < 0) unship(op, request, -diff, ref);
  op.sql.exec(
    `INSERT INTO commits (shipment_key, line_key, quantity) VALUES (?, ?, ?)
     ON CONFLICT(shipment_key, line_key) DO UPDATE SET quantity = excluded.quantity`,
    request.shipmentKey,
    request.lineKey,
    request.quantity,
  );
  const shipped = Math.max(0, (existing?.shipped ?? 0) + diff);
  const base: LineFields = {
    line_key: request.lineKey,
    order_ref: request.orderRef,
    store_id: existing?.store_id ?? request.storeId,
    channel: existing?.channel ?? "",
    quantity: existing ? existing.quantity : shipped,
    shipped,
    status: existing?.status ?? "committed",
    reason: existing?.reason ?? null,
    hold: existing?.hold ?? 0,
    hold_expires_at: existing?.hold_expires_at ?? null,
    version: existing?.version ?? 0,
    queued_at: existing?.queued_at ?? 0,
    correlation_id: request.correlationId,
  };
  const row = existing?.status === "released" ? writeLine(op, base) : evaluateLine(op, base, existing);
  // Goods that left for a line holding nothing may have been promised to another line.
  settleStock(op);
  return lineResult(op.store, row, false);
}

/** Takes shipped units from the line's own holds first (the shipment's location first), then the shelf. */
function ship(op: LedgerOp, request: CommitRequest, units: number, ref: string): void {
  let left = units;
  const held = op.store
    .allocations(request.lineKey)
    .sort((a, b) => (a.location === request.location ? -1 : b.location === request.location ? 1 : 0));
  const remaining = held.map((a) => ({ ...a }));
  const moves = new Map<string, number>();
  for (const a of remaining) {
    if (left === 0) break;
    const take = Math.min(a.quantity, left);
    a.quantity -= take;
    left -= take;
    moves.set(a.location, (moves.get(a.location) ?? 0) + take);
  }
  op.store.setAllocations(request.lineKey, remaining);
  if (left > 0) {
    // Shipped beyond what the line held (it was short or untracked): the goods left all the same,
    // from the shipment's location if the ledger counts it, else where most is free. A SKU with no
    // count at all has nothing to take from: its first count will include the shipment.
    const from =
      (request.location && op.store.stockAt(request.location) ? request.location : null) ??
      op.store.stock().sort((a, b) => b.onHand - b.allocated - (a.onHand - a.allocated))[0]?.location;
    if (from) moves.set(from, (moves.get(from) ?? 0) + left);
  }
  for (const [location, quantity] of moves) {
    // On-hand stops at zero: only what really left is recorded, so a reversal puts back no more.
    const taken = -op.store.moveStock(location, -quantity, "shipment", ref, request.erpDocKey, op.now);
    if (taken === 0) continue;
    op.sql.exec(
      `INSERT INTO commit_moves (shipment_key, line_key, location, quantity) VALUES (?, ?, ?, ?)
       ON CONFLICT(shipment_key, line_key, location) DO UPDATE SET quantity = quantity + excluded.quantity`,
      request.shipmentKey,
      request.lineKey,
      location,
      taken,
    );
  }
}

/** Puts back units a shipment took, to the locations they left from. */
function unship(op: LedgerOp, request: CommitRequest, units: number, ref: string): void {
  let left = units;
  const moves = op.sql
    .exec<{ location: string; quantity: number }>(
      "SELECT location, quantity FROM commit_moves WHERE shipment_key = ? AND line_key = ? ORDER BY location",
      request.shipmentKey,
      request.lineKey,
    )
    .toArray();
  for (const m of moves) {
    if (left === 0) break;
    const back = Math.min(m.quantity, left);
    left -= back;
    op.store.moveStock(m.location, back, "shipment reversed", ref, request.erpDocKey, op.now);
    op.sql.exec(
      "UPDATE commit_moves SET quantity = quantity - ? WHERE shipment_key = ? AND line_key = ? AND location = ?",
      back,
      request.shipmentKey,
      request.lineKey,
      m.location,
    );
  }
}
