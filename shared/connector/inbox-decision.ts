import { MeshEvent } from "../canonical";
import type { ExceptionKind, ParkRequest } from "../internal-api";
import { readArchivedBody, writeArchive } from "./archive";
import type { ConnectorEnv } from "./env";
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

/** JSON characters of one canonical event, well under the 128 KB queue message limit (ASCII-dominated). */
export const MAX_EVENT_MESSAGE_CHARS = 120_000;

export type Decision = { action: "ack" } | { action: "retry"; reason: string } | ParkDecision;

export type ParkDecision = { action: "park"; park: Omit<ParkRequest, "source"> };

/** A queue body as an intake message, or the park decision for one that is not (it has no dedupe key). */
export function readIntakeMessage(
  body: unknown,
): { ok: true; message: IntakeMessage } | { ok: false; decision: ParkDecision } {
  const parsed = IntakeMessage.safeParse(body);
  if (parsed.success) return { ok: true, message: parsed.data };
  const park = { ...tracing(body), payload: clip(body) };
  return {
    ok: false,
    decision: parkAs("validation", "inbox message is not an IntakeMessage", parsed.error.message, park),
  };
}

/**
 * What to do with one intake message whose delivery the consumer has claimed in the ledger. An
 * inline body is archived to R2 first (the edge left that to this step so its ack path stays within
 * verify and enqueue), so that every delivery, parked ones included, can be found and replayed by
 * its archive key; a body that did not ride inline was archived by the edge and is read back. Every
 * failure is classified where it happens: storage and queue errors are transient (retry), payloads
 * that cannot become a valid event are permanent (park).
 */
export async function decideIntake(
  def: InboxDefinition,
  message: IntakeMessage,
  env: ConnectorEnv,
): Promise<Decision> {
  // A parked delivery carries its intake message (by archive reference), so core can put it back on
  // this inbox queue when someone replays the exception after fixing the cause.
  const where = {
    storeId: message.storeId,
    correlationId: message.correlationId,
    payloadRef: message.archiveKey,
    payload: JSON.stringify({ ...message, body: null }),
  };

  const inline = message.body;
  let text: string | null = inline;
  if (inline !== null) {
    try {
      await writeArchive(env.ARCHIVE, { ...message, body: inline });
    } catch (err) {
      return { action: "retry", reason: `archive write failed: ${messageOf(err)}` };
    }
  } else {
    try {
      text = await readArchivedBody(env.ARCHIVE, message.archiveKey);
    } catch (err) {
      return { action: "retry", reason: `archive read failed: ${messageOf(err)}` };
    }
  }
  if (text === null) return parkAs("processing", "archived delivery is missing", message.archiveKey, where);

  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (err) {
    return parkAs("validation", "payload is not JSON", messageOf(err), where);
  }
  let result: ToEventResult;
  try {
    result = def.toEvent(message, payload);
  } catch (err) {
    return parkAs("mapping", "mapping failed", messageOf(err), where);
  }
  if (!result.ok) return parkAs(result.kind, result.reason, result.detail, where);
  const checked = MeshEvent.safeParse(result.event);
  if (!checked.success)
    return parkAs("validation", "canonical event failed validation", checked.error.message, where);

  // Queue messages stop at 128 KB; an order with hundreds of lines can map to more. Parked, not
  // retried: a retry could never fit.
  const size = JSON.stringify(checked.data).length;
  if (size > MAX_EVENT_MESSAGE_CHARS) {
    const detail = `${size} characters; mesh-events messages are limited to ${MAX_EVENT_MESSAGE_CHARS}`;
    return parkAs("processing", "canonical event too large for a queue message", detail, where);
  }
  try {
    await env.EVENTS.send(checked.data, { contentType: "json" });
  } catch (err) {
    return { action: "retry", reason: `mesh-events send failed: ${messageOf(err)}` };
  }
  return { action: "ack" };
}

type ParkWhere = Pick<ParkRequest, "storeId" | "correlationId" | "payloadRef" | "payload">;

function parkAs(kind: ExceptionKind, reason: string, detail: string | null, where: ParkWhere): ParkDecision {
  return { action: "park", park: { kind, reason, detail, ...where } };
}

export function tracing(body: unknown): {
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

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function clip(body: unknown): string | null {
  const text = JSON.stringify(body) ?? null;
  return text !== null && text.length <= 64_000 ? text : null;
}
