import { issueCommands, listingTarget, type PlannedPush, planPushes } from "./fan-out";
import { expireHolds } from "./holds";
import type { LedgerOp } from "./ledger-op";
import type { LedgerStore } from "./ledger-store";
import { channelViews } from "./ledger-view";
import { flushLineChanges } from "./line-sync";
import type { InventoryPolicy } from "./policy";
import { forgetUnlisted, readPushes, recordIssued, recordSent } from "./push-log";

export interface AlarmLedger {
  sku: string;
  env: CoreEnv;
  storage: DurableObjectStorage;
  store: LedgerStore;
}

/**
 * The alarm's work: expire holds, send one `inventory.set` per listing whose quantity moved since
 * the last push, and tell core's D1 what changed for each line; D1 hears of the lines also when the
 * push fails, and the other way round. Throws when a step failed.
 *
 * The pending change stays recorded until its push was sent: the planning transaction takes each
 * command's sequence (so a retry never issues one twice) and leaves `dirty_since` in place, so an
 * object reset before the send returns loses nothing; a change made while the push was on its way
 * stays pending for the next one.
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
    return planPendingPushes(op);
  });
  const failures: unknown[] = [];
  if (plan.length > 0) {
    const { sent, failure } = await issueCommands(env, plan);
    storage.transactionSync(() => {
      for (const p of sent) recordSent(op.sql, issued(p, now));
      settlePending(store, failure === null);
    });
    if (failure) failures.push(failure.error);
  }
  try {
    await flushLineChanges(env.DB, storage.sql, sku);
  } catch (err) {
    failures.push(err);
  }
  if (failures.length > 0) throw failures[0];
}

function issued(p: PlannedPush, now: number) {
  const { storeId, quantity, sequence, listing } = p.command;
  return { storeId, quantity, sequence, issuedAt: now, target: listingTarget(listing) };
}

/**
 * Plans the pending change, if any: one command per listing whose quantity moved, each sequence
 * recorded as issued. Nothing to send settles the change at once.
 */
function planPendingPushes(op: LedgerOp): PlannedPush[] {
  const dirtySince = op.store.meta("dirty_since");
  if (dirtySince === null) return [];
  const plan = planPushes({
    sku: op.sku,
    policy: op.policy,
    channels: channelViews(op, op.policy),
    last: readPushes(op.sql),
    counted: op.store.totals().onHand !== null,
    forced: new Set(forcedPushes(op.store)),
    changedAt: Number(dirtySince),
    correlationId: op.store.meta("dirty_correlation") ?? `inventory:${op.sku}`,
    now: op.now,
  });
  for (const p of plan) recordIssued(op.sql, issued(p, op.now));
  op.store.setMeta("dirty_next", null);
  if (plan.length === 0) settlePending(op.store, true);
  else op.store.setMeta("push_in_flight", String(op.now));
  return plan;
}

/**
 * After a push: once sent, the change it carried is done (with the stores asked to be pushed again),
 * and a change made meanwhile becomes the pending one (traced under its own correlation id; a store
 * asked for meanwhile stays asked for); if the send failed, all of it stays pending and the alarm's
 * retry plans again.
 */
function settlePending(store: LedgerStore, sent: boolean): void {
  const next = store.meta("dirty_next");
  store.setMeta("push_in_flight", null);
  store.setMeta("dirty_next", null);
  if (!sent) return;
  if (next === null) store.setMeta(FORCED, null);
  const change = next === null ? null : (JSON.parse(next) as { since: number; correlationId: string });
  store.setMeta("dirty_since", change === null ? null : String(change.since));
  store.setMeta("dirty_correlation", change?.correlationId ?? null);
}

/** The `meta` row listing the stores whose listings the next push sends even if nothing moved. */
const FORCED = "force_push";

function forcedPushes(store: LedgerStore): string[] {
  const value = store.meta(FORCED);
  return value === null ? [] : (JSON.parse(value) as string[]);
}

/** Asks the next push to send a store's listings even if their quantity did not move. */
export function forcePush(store: LedgerStore, storeId: string): void {
  const stores = forcedPushes(store);
  if (!stores.includes(storeId)) store.setMeta(FORCED, JSON.stringify([...stores, storeId]));
}
