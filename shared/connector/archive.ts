import { z } from "zod";
import { IntakeMessage } from "./intake-message";

/**
 * One verified delivery as it arrived: the intake message with the raw body always inline (UTF-8
 * text, byte-exact) and the kept headers, never the signature. Replay can re-enqueue it as it is.
 * Written by the inbox consumer once it has claimed the delivery, or by the edge before enqueueing a
 * body too large to ride on the queue.
 */
export const ArchivedDelivery = IntakeMessage.extend({ body: z.string() });
export type ArchivedDelivery = z.infer<typeof ArchivedDelivery>;

/** `<channel>/<store>/<yyyy>/<mm>/<dd>/<delivery>.json`, dated by receipt (UTC) so listings by day are cheap. */
export function archiveKeyFor(
  channel: string,
  storeId: string,
  deliveryId: string,
  receivedAt: Date,
): string {
  const day = receivedAt.toISOString().slice(0, 10).split("-").join("/");
  return `${channel}/${encodeURIComponent(storeId)}/${day}/${encodeURIComponent(deliveryId)}.json`;
}

export async function writeArchive(bucket: R2Bucket, record: ArchivedDelivery): Promise<void> {
  await bucket.put(record.archiveKey, JSON.stringify(record), {
    httpMetadata: { contentType: "application/json" },
    customMetadata: { storeId: record.storeId, topic: record.topic, correlationId: record.correlationId },
  });
}

/** The archived raw body, or null when there is no such object (or it is not an archive record). */
export async function readArchivedBody(bucket: R2Bucket, key: string): Promise<string | null> {
  const object = await bucket.get(key);
  if (object === null) return null;
  const text = await object.text();
  try {
    const parsed = ArchivedDelivery.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.body : null;
  } catch {
    return null;
  }
}
