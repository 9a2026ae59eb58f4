import { fillBackorders } from "./backorders";
import { issueCommands, type PlannedPush, planPushes } from "./fan-out";
import type { LedgerOp } from "./ledger-op";
import { writeLine } from "./ledger-op";
import type { LedgerStore } from "./ledger-store";
import type { ReservationRow } from "./ledger-tables";
import { viewLedger } from "./ledger-view";
import { flushLineChanges } from "./line-sync";
import type { InventoryPolicy } from "./policy";

export interface AlarmLedger {
  sku: string;
  env: CoreEnv;
  storage: DurableObjectStorage;
  store: LedgerStore;
}

/**
 * The alarm's work: expire holds, send one `inventory.set` per listing whose quantity moved since
 * the last push, then tell core's D1 what changed for each line. Throws when a step failed; a change
 * that was not sent stays pending, so the retry sends it.
 */
export async function runLedgerAlarm(ledger: AlarmLedger, policy: InventoryPolicy): Promise<void> {
  const { env, storage, store, sku } = ledger;
  const now = Date.now();
  const op: LedgerOp = { sku, sql: storage.sql, store, policy, now, correlationId: `inventory:${sku}` };
  const plan = storage.transactionSync((): PlannedPush[] => {
    expireHolds(op);
    return takePendingPushes(op);
  });
  if (plan.length > 0) {
    try {
      await issueCommands(env, plan);
    } catch (err) {
      storage.transactionSync(() => store.setMeta("dirty_since", String(plan[0]?.changedAt ?? now)));
      throw err;
    }
    storage.transactionSync(() => {
      for (const p of plan) store.recordPush(p.command.storeId, p.command.quantity, p.command.sequence, now);
    });
  }
  await flushLineChanges(env.DB, storage.sql, sku);
}

/** Releases the holds whose time is up; their units go to the lines waiting for stock. */
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
  if (first) fillBackorders({ ...op, correlationId: first.correlation_id });
}

/** Takes the pending change, if any: one planned command per listing whose quantity moved. */
function takePendingPushes(op: LedgerOp): PlannedPush[] {
  const dirtySince = op.store.meta("dirty_since");
  if (dirtySince === null) return [];
  const correlationId = op.store.meta("dirty_correlation") ?? `inventory:${op.sku}`;
  op.store.setMeta("dirty_since", null);
  return planPushes({
    sku: op.sku,
    policy: op.policy,
    view: viewLedger(op, op.policy),
    last: op.store.pushes(),
    changedAt: Number(dirtySince),
    correlationId,
    now: op.now,
  });
}
