import { type ChannelCommand, type InventorySetCommand, listingKeyOf } from "../../../../shared/canonical";
import { createLogger } from "../../../../shared/log";
import type { ChannelView } from "./ledger-types";
import type { InventoryPolicy, Listing } from "./policy";
import { type PushRow, pushUpToDate } from "./push-log";

const log = createLogger("core");

export interface PlannedPush {
  command: InventorySetCommand;
  changedAt: number;
}

/** Where a listing shows the quantity, as the ledger remembers it beside the last push. */
export function listingTarget(listing: Pick<Listing, "externalItemId" | "externalLocationId">): string {
  return JSON.stringify([listing.externalItemId, listing.externalLocationId]);
}

/**
 * One `inventory.set` command per listing whose available-to-promise differs from what the channel
 * was last sent, that never had one, or that now points at another item or location (or was unlisted
 * since) (`pushUpToDate`), and per listing of a store asked to be pushed again (`forced`). Sequences
 * grow per listing from the newest one issued, sent or not, so connectors can drop a command that a
 * newer one has overtaken and no sequence carries two quantities. Nothing while the SKU has no count
 * at all: its listings would show it sold out before it was ever counted.
 */
export function planPushes(input: {
  sku: string;
  policy: InventoryPolicy;
  channels: ChannelView[];
  last: Map<string, PushRow>;
  counted: boolean;
  forced: ReadonlySet<string>;
  changedAt: number;
  correlationId: string;
  now: number;
}): PlannedPush[] {
  const plan: PlannedPush[] = [];
  if (!input.counted) return plan;
  for (const listing of input.policy.listings) {
    const channel = input.channels.find((c) => c.storeId === listing.storeId);
    if (!channel) continue;
    const previous = input.last.get(listing.storeId);
    const upToDate = pushUpToDate(previous, channel.available, listingTarget(listing));
    if (upToDate && !input.forced.has(listing.storeId)) continue;
    const sequence = (previous?.sequence ?? 0) + 1;
    plan.push({
      changedAt: input.changedAt,
      command: {
        type: "inventory.set",
        id: `${listingKeyOf(listing.storeId, input.sku)}:${sequence}`,
        channel: listing.channel as InventorySetCommand["channel"],
        storeId: listing.storeId,
        sku: input.sku,
        listing: { externalItemId: listing.externalItemId, externalLocationId: listing.externalLocationId },
        quantity: channel.available,
        sequence,
        correlationId: input.correlationId,
        changedAt: new Date(input.changedAt).toISOString(),
        issuedAt: new Date(input.now).toISOString(),
      },
    });
  }
  return plan;
}

/** The queue each channel's connector takes commands from; a channel without a connector has none. */
export function commandQueueFor(env: CoreEnv, channel: string): Queue<ChannelCommand> | null {
  if (channel === "shopify") return env.SHOPIFY_COMMANDS as Queue<ChannelCommand>;
  return null;
}

/**
 * Sends the planned commands, a batch per channel (at most 100 messages per batch), and answers the
 * ones the queues took, and the failure that stopped the rest, if any. A channel without a connector
 * yet is skipped (and logged), so it cannot hold up the channels that have one; its listings are
 * planned again at every push.
 */
export async function issueCommands(
  env: CoreEnv,
  plan: PlannedPush[],
): Promise<{ sent: PlannedPush[]; failure: { error: unknown } | null }> {
  const byChannel = new Map<string, PlannedPush[]>();
  for (const p of plan) byChannel.set(p.command.channel, [...(byChannel.get(p.command.channel) ?? []), p]);
  const sent: PlannedPush[] = [];
  for (const [channel, pushes] of byChannel) {
    const queue = commandQueueFor(env, channel);
    if (!queue) {
      log.warn("inventory listed on a channel without a connector, not pushed", {
        channel,
        sku: pushes[0]?.command.sku,
        stores: pushes.map((p) => p.command.storeId),
      });
      continue;
    }
    for (let i = 0; i < pushes.length; i += 100) {
      const part = pushes.slice(i, i + 100);
      try {
        await queue.sendBatch(
          part.map((p) => ({ body: p.command as ChannelCommand, contentType: "json" as const })),
        );
      } catch (error) {
        return { sent, failure: { error } };
      }
      sent.push(...part);
    }
  }
  return { sent, failure: null };
}
