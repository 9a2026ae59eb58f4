import type { MeshEvent } from "../../../../shared/canonical";

/**
 * Asks the SKUs' ledgers (through the events queue, so it survives a failure here) to re-read their
 * policy and push what moved; 100 SKUs per message.
 */
export async function requestResync(
  env: CoreEnv,
  skus: string[],
  reason: string,
  correlationId: string,
  forceStoreId?: string,
): Promise<void> {
  const now = new Date().toISOString();
  const messages: { body: MeshEvent; contentType: "json" }[] = [];
  for (let i = 0; i < skus.length; i += 100) {
    messages.push({
      contentType: "json",
      body: {
        id: `${correlationId}:resync:${forceStoreId ?? "*"}:${i / 100}`,
        type: "inventory.resync_requested",
        source: "core",
        storeId: null,
        correlationId,
        occurredAt: now,
        receivedAt: now,
        schemaVersion: 1,
        intake: null,
        data: { reason, skus: skus.slice(i, i + 100), ...(forceStoreId ? { forceStoreId } : {}) },
      },
    });
  }
  for (let i = 0; i < messages.length; i += 100) await env.EVENTS.sendBatch(messages.slice(i, i + 100));
}
