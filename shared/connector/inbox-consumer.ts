import { MeshEvent } from "../canonical";
import type { ExceptionKind, ParkRequest } from "../internal-api";
import { createLogger, errorFields, type Logger } from "../log";
import { readArchivedBody } from "./archive";
import { type ConnectorEnv, coreApi } from "./env";
import { IntakeMessage } from "./intake-message";
import type { ConnectorManifest } from "./manifest";

/** A mapper's answer: the event, or why this payload can never become one (it is parked, not retried). */
export type ToEventResult =
  | { ok: true; event: MeshEvent }
  | {
      ok: false;
      kind: Extract<ExceptionKind, "validation" | "mapping">;
      reason: string;
      detail: string | null;
    };

export interface InboxDefinition {
  manifest: ConnectorManifest;
  /** Pure and total over the topic; a throw is treated as a permanent mapping failure. */
  toEvent(message: IntakeMessage, payload: unknown): ToEventResult;
}

type Decision =
  | { action: "ack" }
  | { action: "retry"; reason: string }
  | { action: "park"; park: Omit<ParkRequest, "source"> };

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
    decision = await decide(def, message.body, env);
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

async function decide(def: InboxDefinition, body: unknown, env: ConnectorEnv): Promise<Decision> {
  const parsed = IntakeMessage.safeParse(body);
  if (!parsed.success) {
    const t = tracing(body);
    const detail = parsed.error.message;
    return {
      action: "park",
      park: {
        kind: "validation",
        reason: "inbox message is not an IntakeMessage",
        detail,
        ...t,
        payload: clip(body),
      },
    };
  }
  const message = parsed.data;
  const where = {
    storeId: message.storeId,
    correlationId: message.correlationId,
    payloadRef: message.archiveKey,
  };
  let text: string | null;
  try {
    text = message.body ?? (await readArchivedBody(env.ARCHIVE, message.archiveKey));
  } catch (err) {
    return { action: "retry", reason: `archive read failed: ${messageOf(err)}` };
  }
  if (text === null) {
    return {
      action: "park",
      park: {
        kind: "processing",
        reason: "archived delivery is missing",
        detail: message.archiveKey,
        ...where,
      },
    };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (err) {
    return {
      action: "park",
      park: { kind: "validation", reason: "payload is not JSON", detail: messageOf(err), ...where },
    };
  }
  let result: ToEventResult;
  try {
    result = def.toEvent(message, payload);
  } catch (err) {
    return {
      action: "park",
      park: { kind: "mapping", reason: "mapping failed", detail: messageOf(err), ...where },
    };
  }
  if (!result.ok)
    return {
      action: "park",
      park: { kind: result.kind, reason: result.reason, detail: result.detail, ...where },
    };
  const checked = MeshEvent.safeParse(result.event);
  if (!checked.success) {
    return {
      action: "park",
      park: {
        kind: "validation",
        reason: "canonical event failed validation",
        detail: checked.error.message,
        ...where,
      },
    };
  }
  try {
    await env.EVENTS.send(checked.data, { contentType: "json" });
  } catch (err) {
    return { action: "retry", reason: `mesh-events send failed: ${messageOf(err)}` };
  }
  return { action: "ack" };
}

function tracing(body: unknown): {
  storeId: string | null;
  correlationId: string | null;
  payloadRef: string | null;
} {
  const record: Record<string, unknown> = body && typeof body === "object" ? { ...body } : {};
  const text = (v: unknown) => (typeof v === "string" ? v : null);
  return {
    storeId: text(record.storeId),
    correlationId: text(record.correlationId),
    payloadRef: text(record.archiveKey),
  };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function clip(body: unknown): string | null {
  const text = JSON.stringify(body) ?? null;
  return text !== null && text.length <= 64_000 ? text : null;
}
