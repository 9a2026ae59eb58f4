import { z } from "zod";
import { Channel, type Intake, SCHEMA_VERSION } from "../canonical";

/**
 * What the edge puts on a connector's inbox queue for every verified delivery, duplicates included
 * (the consumer dedupes them in the DeliveryLedger). The raw body rides inline when the whole message
 * stays well under the 128 KB queue limit, and the consumer archives it to R2 under `archiveKey`;
 * otherwise the edge has archived it before enqueueing, only the key rides along, and the consumer
 * reads the body from there. Validated on send and receive.
 */
export const IntakeMessage = z.object({
  kind: z.literal("webhook.v1"),
  channel: Channel,
  storeId: z.string().min(1),
  topic: z.string().min(1),
  /** The sender's id of this delivery (Shopify `X-Shopify-Webhook-Id`); names the archive object. */
  deliveryId: z.string().min(1),
  /** What duplicates share (topic plus the sender's event id): the ledger key and the event id suffix. */
  dedupeKey: z.string().min(1),
  correlationId: z.string().min(1),
  receivedAt: z.iso.datetime({ offset: true }),
  /** When the sender says the event happened, if it says (Shopify `X-Shopify-Triggered-At`). */
  triggeredAt: z.string().nullable(),
  archiveKey: z.string().min(1),
  /** The channel's own headers we keep (never the signature), e.g. the API version of the payload. */
  headers: z.record(z.string(), z.string()),
  /** The raw body as UTF-8 text, or null when it is too large to ride along: read `archiveKey`. */
  body: z.string().nullable(),
  /** Set by core when it replays a parked exception: the exception's id. */
  replayOf: z.string().min(1).optional(),
});
export type IntakeMessage = z.infer<typeof IntakeMessage>;

/** Queue messages are capped at 128 KB including metadata; stay clear of it. */
export const MAX_INLINE_MESSAGE_BYTES = 100_000;

/** The envelope fields every canonical event derived from one delivery shares. */
export function envelopeFor(message: IntakeMessage, occurredAt: string) {
  const intake: Intake = {
    deliveryId: message.deliveryId,
    topic: message.topic,
    receivedAt: message.receivedAt,
    archiveKey: message.archiveKey,
  };
  return {
    // Deterministic: a redelivered message yields the same id, and core dedupes on it.
    id: `${message.channel}:${message.storeId}:${message.dedupeKey}`,
    source: message.channel,
    storeId: message.storeId,
    correlationId: message.correlationId,
    occurredAt,
    receivedAt: message.receivedAt,
    schemaVersion: SCHEMA_VERSION,
    intake,
  };
}
