import { createLogger, errorFields } from "../../../../shared/log";
import { exceptionStatement } from "../exceptions";
import { retryDelaySeconds } from "./consumer";

const log = createLogger("core");

/**
 * Consumer of every dead-letter queue. A message lands here after its queue gave up on it; it is
 * recorded as an exception with the queue it died on and its full body (for replay), then acked.
 * Recording is idempotent on the message id, so a redelivered dead letter counts once.
 */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: CoreEnv): Promise<void> {
  const origin = batch.queue.replace(/-dlq$/, "");
  for (const message of batch.messages) {
    const body = JSON.stringify(message.body) ?? "null";
    const fields = describe(message.body);
    try {
      const statement = await exceptionStatement(env.DB, {
        kind: "dead_letter",
        source: origin,
        reason: `delivery exhausted its retries on queue ${origin}`,
        detail: `dead-lettered after the queue's max_retries; last seen attempt count ${message.attempts}`,
        storeId: fields.storeId,
        correlationId: fields.correlationId,
        payloadRef: fields.archiveKey,
        payload: body.length <= 256_000 ? body : null,
        dedupeKey: `dlq:${batch.queue}:${message.id}`,
      });
      await statement.run();
      log.warn("dead letter recorded", {
        queue: batch.queue,
        messageId: message.id,
        correlationId: fields.correlationId,
      });
      message.ack();
    } catch (err) {
      log.error("could not record dead letter", {
        queue: batch.queue,
        messageId: message.id,
        ...errorFields(err),
      });
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  }
}

function describe(body: unknown): {
  storeId: string | null;
  correlationId: string | null;
  archiveKey: string | null;
} {
  const record = body && typeof body === "object" ? (body as Record<string, unknown>) : {};
  const text = (v: unknown) => (typeof v === "string" ? v : null);
  const intake =
    record.intake && typeof record.intake === "object" ? (record.intake as Record<string, unknown>) : {};
  return {
    storeId: text(record.storeId),
    correlationId: text(record.correlationId),
    archiveKey: text(record.archiveKey) ?? text(intake.archiveKey),
  };
}
