import { createLogger, errorFields, type LogFields, type Logger } from "../log";
import type { ClaimResult } from "./delivery-ledger";
import { type ConnectorEnv, coreApi } from "./env";
import {
  type Decision,
  decideIntake,
  type InboxDefinition,
  messageOf,
  type ParkDecision,
  readIntakeMessage,
  tracing,
} from "./inbox-decision";
import { type LedgerClaim, ledgerEntry } from "./ledger-client";

/** Exponential retry delay by delivery attempt: 10 s, 20 s, 40 s... capped at 15 minutes. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(900, 10 * 2 ** Math.max(0, attempts - 1));
}

/**
 * The queue side of a connector worker, and where deliveries are deduplicated and archived: the edge
 * enqueues every verified delivery, duplicates included, so that its ack path stays within verify and
 * enqueue (see accept-delivery.ts). Each message is decided on its own:
 *
 * - it is claimed in the DeliveryLedger under its store and dedupe key. A delivery already processed
 *   is acked and nothing else happens; one another message holds right now is retried when that
 *   claim's lease runs out (by then it is done, and this copy is acked as a duplicate, or it was given
 *   back or lapsed, and this copy takes over); an unreachable ledger means retry later.
 * - the claimed delivery is archived (inline bodies), mapped, validated and sent to `mesh-events`;
 *   the claim is committed before the ack, so a redelivered copy is a duplicate.
 * - a payload that can never map is parked as an exception in core, then committed and acked, so a
 *   copy of it is not parked twice.
 * - a transient failure (R2, a queue, core) gives the claim back and retries with a growing delay;
 *   after max_retries the message goes to the DLQ.
 *
 * A message is only acked after its event was sent, its exception recorded, or its delivery found
 * already done. Should a commit fail after the send, the message is still acked: the event is out,
 * and a later copy would only resend the same event id, which core ignores.
 */
export function createInboxConsumer<E extends ConnectorEnv>(def: InboxDefinition) {
  const log = createLogger(def.manifest.channel);
  return async (batch: MessageBatch<unknown>, env: E): Promise<void> => {
    await Promise.all(
      batch.messages.map((message) =>
        settle(def, message, env, log).catch((err: unknown) => {
          // Never an ack here: whatever went wrong, the message gets another try.
          log.error("inbox message failed unexpectedly; will retry", {
            messageId: message.id,
            ...errorFields(err),
          });
          message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
        }),
      ),
    );
  };
}

async function settle(
  def: InboxDefinition,
  message: Message<unknown>,
  env: ConnectorEnv,
  log: Logger,
): Promise<void> {
  const delaySeconds = retryDelaySeconds(message.attempts);
  const fields: LogFields = { messageId: message.id, attempts: message.attempts, ...tracing(message.body) };
  const retry = (reason: string) => {
    log.warn("inbox message will be retried", { ...fields, reason, delaySeconds });
    message.retry({ delaySeconds });
  };

  const read = readIntakeMessage(message.body);
  if (!read.ok) {
    // Not an intake message: there is no dedupe key to claim, so it is parked as it is.
    if (await park(def, env, read.decision, fields, log)) message.ack();
    else message.retry({ delaySeconds });
    return;
  }
  const intake = read.message;
  fields.deliveryId = intake.deliveryId;
  fields.dedupeKey = intake.dedupeKey;

  // A replay of a parked delivery was committed when it was parked: it is claimed under its own key.
  const claimKey = intake.replayOf ? `${intake.dedupeKey}#replay:${intake.replayOf}` : intake.dedupeKey;
  const entry = ledgerEntry(env.DELIVERY_LEDGER, intake.storeId, claimKey);
  let claim: ClaimResult;
  try {
    claim = await entry.claim();
  } catch (err) {
    retry(`delivery ledger unavailable: ${messageOf(err)}`);
    return;
  }
  if (claim.status === "duplicate") {
    log.info("duplicate delivery acknowledged", fields);
    message.ack();
    return;
  }
  if (claim.status === "in_flight") {
    const wait = Math.max(1, claim.retryAfterSeconds);
    log.info("delivery is being processed by another message; retried after its lease", {
      ...fields,
      delaySeconds: wait,
    });
    message.retry({ delaySeconds: wait });
    return;
  }

  const token = claim.token;
  let decision: Decision;
  try {
    decision = await decideIntake(def, intake, env);
  } catch (err) {
    decision = { action: "retry", reason: `unexpected: ${messageOf(err)}` };
  }
  if (decision.action === "retry") {
    await release(entry, token, fields, log);
    retry(decision.reason);
    return;
  }
  if (decision.action === "park" && !(await park(def, env, decision, fields, log))) {
    await release(entry, token, fields, log);
    message.retry({ delaySeconds });
    return;
  }
  await commit(entry, token, fields, log);
  message.ack();
}

/** Records a park decision as an exception in core; false when core could not take it (retry). */
async function park(
  def: InboxDefinition,
  env: ConnectorEnv,
  decision: ParkDecision,
  fields: LogFields,
  log: Logger,
): Promise<boolean> {
  try {
    // The source names the inbox queue, where a replay from core puts the message back.
    await coreApi(env).parkException({ ...decision.park, source: `${def.manifest.channel}-inbox` });
  } catch (err) {
    log.error("could not park inbox message; will retry", { ...fields, ...errorFields(err) });
    return false;
  }
  log.warn("inbox message parked", { ...fields, kind: decision.park.kind, reason: decision.park.reason });
  return true;
}

/** Marks the delivery done. A failure is only logged: its event is out or its exception recorded. */
async function commit(entry: LedgerClaim, token: string, fields: LogFields, log: Logger): Promise<void> {
  try {
    const { ok } = await entry.commit(token);
    if (!ok) log.warn("claim lapsed before commit; a redelivered copy may be processed again", fields);
  } catch (err) {
    log.warn("claim commit failed; a redelivered copy may be processed again", {
      ...fields,
      ...errorFields(err),
    });
  }
}

/** Gives the claim back so the retry (or another copy) is processed afresh; a lost release lapses. */
async function release(entry: LedgerClaim, token: string, fields: LogFields, log: Logger): Promise<void> {
  try {
    await entry.release(token);
  } catch (err) {
    log.warn("claim release failed; it will lapse with its lease", { ...fields, ...errorFields(err) });
  }
}
