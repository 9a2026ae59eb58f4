import { utf8 } from "../crypto/encoding";
import { ArchivedDelivery, archiveKeyFor, writeArchive } from "./archive";
import { type ConnectorIntake, type DeliveryHeaders, keptHeaders } from "./connector-intake";
import type { ConnectorEnv } from "./env";
import { IntakeMessage, MAX_INLINE_MESSAGE_BYTES } from "./intake-message";

export interface AcceptedDelivery {
  intake: ConnectorIntake;
  storeId: string;
  headers: Headers;
  delivery: DeliveryHeaders;
  /** The raw body, already known to be UTF-8 JSON. */
  text: string;
  /** Its size in bytes as received. */
  bodyBytes: number;
  correlationId: string;
  receivedAt: Date;
}

/**
 * Hands a verified delivery to the inbox queue. When the intake message with the body inline fits a
 * queue message, that one send is all: the queue is the durable store, and the consumer archives the
 * body to R2 once it has claimed the delivery. A larger body is archived to R2 first and only its key
 * is enqueued, in that order, so a queued reference can always find its archive. Either failing
 * throws; the caller answers 5xx so the sender retries.
 */
export async function enqueueDelivery(env: ConnectorEnv, a: AcceptedDelivery): Promise<void> {
  const channel = a.intake.manifest.channel;
  const base: Omit<IntakeMessage, "body"> = {
    kind: "webhook.v1",
    channel,
    storeId: a.storeId,
    topic: a.delivery.topic,
    deliveryId: a.delivery.deliveryId,
    dedupeKey: a.delivery.dedupeKey,
    correlationId: a.correlationId,
    receivedAt: a.receivedAt.toISOString(),
    triggeredAt: a.delivery.triggeredAt,
    archiveKey: archiveKeyFor(channel, a.storeId, a.delivery.deliveryId, a.receivedAt),
    headers: keptHeaders(a.headers, a.intake.keepHeader),
  };
  const full = ArchivedDelivery.parse({ ...base, body: a.text });
  if (inlineSizeBound(a.text, a.bodyBytes, base) <= MAX_INLINE_MESSAGE_BYTES) {
    // v8 (structured clone) carries the body as one string copy; JSON would escape every quote in it.
    await env.INBOX.send(full, { contentType: "v8" });
    return;
  }
  await writeArchive(env.ARCHIVE, full);
  await env.INBOX.send(IntakeMessage.parse({ ...base, body: null }), { contentType: "v8" });
}

/**
 * An upper bound of the serialized message size without serializing it on the hot path: v8 stores a
 * string in one byte per character when all are Latin-1 (an all-ASCII body: as many bytes as
 * characters), else two; the small metadata is measured.
 */
function inlineSizeBound(text: string, bodyBytes: number, base: Omit<IntakeMessage, "body">): number {
  const bodySize = bodyBytes === text.length ? bodyBytes : 2 * text.length;
  return bodySize + utf8(JSON.stringify(base)).byteLength + 256;
}

const utf8Strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The body as text when it is strict UTF-8 (a BOM kept, so the text is byte-exact) and parses as JSON. */
export function decodeJson(bytes: Uint8Array<ArrayBuffer>): string | null {
  try {
    const text = utf8Strict.decode(bytes);
    JSON.parse(text);
    return text;
  } catch {
    return null;
  }
}
