import { issueCommands, listingTarget, type PlannedPush, planPushes } from "./fan-out";
import { expireHolds } from "./holds";
import type { LedgerOp } from "./ledger-op";
import type { LedgerStore } from "./ledger-store";
import { channelViews } from "./ledger-view";
import { flushLineChanges } from "./line-sync";
import type { InventoryPolicy } from "./policy";
import { forgetUnlisted, readPushes, recordPush } from "./push-log";

export interface AlarmLedger {
  sku: string;
  env: CoreEnv;
  storage: DurableObjectStorage;
  store: LedgerStore;
}

/**
 * The alarm's work: expire holds, send one `inventory.set` per listing whose quantity moved since
 * the last push, and tell core's D1 what changed for each line; D1 hears of the lines also when the
 * push fails, and the other way round. Throws when a step failed; a change that was not sent stays
 * pending, so the retry sends it.
 */
export async function runLedgerAlarm(ledger: AlarmLedger, policy: InventoryPolicy): Promise<void> {
  const { env, storage, store, sku } = ledger;
  const now = Date.now();
  const op: LedgerOp = { sku, sql: storage.sql, store, policy, now, correlationId: `inventory:${sku}` };
  const plan = storage.transactionSync((): PlannedPush[] => {
    expireHolds(op);
    forgetUnlisted(
      op.sql,
      policy.listings.map((l) => l.storeId),
    );
    return takePendingPushes(op);
  });
  const failures: unknown[] = [];
  if (plan.length > 0) {
    try {
      const sent = await issueCommands(env, plan);
      storage.transactionSync(() => {
        for (const p of sent) {
          const { storeId, quantity, sequence, listing } = p.command;
          recordPush(op.sql, { storeId, quantity, sequence, issuedAt: now, target: listingTarget(listing) });
        }
      });
    } catch (err) {
      storage.transactionSync(() => store.setMeta("dirty_since", String(plan[0]?.changedAt ?? now)));
      failures.push(err);
    }
  }
  try {
    await flushLineChanges(env.DB, storage.sql, sku);
  } catch (err) {
    failures.push(err);
  }
  if (failures.length > 0) throw failures[0];
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
    channels: channelViews(op, op.policy),
    last: readPushes(op.sql),
    changedAt: Number(dirtySince),
    correlationId,
    now: op.now,
  });
}
