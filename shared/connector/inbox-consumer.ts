import { createLogger, errorFields, type Logger } from "../log";
import { type ConnectorEnv, coreApi } from "./env";
import {
  type Decision,
  decideInboxMessage,
  type InboxDefinition,
  messageOf,
  tracing,
} from "./inbox-decision";

/** Exponential retry delay by delivery attempt: 10 s, 20 s, 40 s... capped at 15 minutes. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(900, 10 * 2 ** Math.max(0, attempts - 1));
}

/**
 * The queue side of a connector worker. Each message is decided on its own: ack when its event is on
 * `mesh-events`; retry with a growing delay when storage or a queue failed (it may work next time);
 * park as an exception in core and ack when the payload can never map. A message is only acked
 * after its event was sent or its exception recorded; after max_retries it goes to the DLQ.
 */
export function createInboxConsumer<E extends ConnectorEnv>(def: InboxDefinition) {
  const log = createLogger(def.manifest.channel);
  return async (batch: MessageBatch<unknown>, env: E): Promise<void> => {
    await Promise.all(batch.messages.map((message) => settle(def, message, env, log)));
  };
}

async function settle(
  def: InboxDefinition,
  message: Message<unknown>,
  env: ConnectorEnv,
  log: Logger,
): Promise<void> {
  const delaySeconds = retryDelaySeconds(message.attempts);
  const fields = { messageId: message.id, attempts: message.attempts, ...tracing(message.body) };
  let decision: Decision;
  try {
    decision = await decideInboxMessage(def, message.body, env);
  } catch (err) {
    decision = { action: "retry", reason: `unexpected: ${messageOf(err)}` };
  }
  if (decision.action === "ack") {
    message.ack();
    return;
  }
  if (decision.action === "retry") {
    log.warn("inbox message will be retried", { ...fields, reason: decision.reason, delaySeconds });
    message.retry({ delaySeconds });
    return;
  }
  try {
    await coreApi(env).parkException({ ...decision.park, source: def.manifest.channel });
    log.warn("inbox message parked", { ...fields, kind: decision.park.kind, reason: decision.park.reason });
    message.ack();
  } catch (err) {
    log.error("could not park inbox message; will retry", { ...fields, ...errorFields(err) });
    message.retry({ delaySeconds });
  }
}
