import { type ChannelCommand, type InventorySetCommand, listingKeyOf } from "../../../../shared/canonical";
import type { LedgerSnapshot } from "./ledger-types";
import type { InventoryPolicy } from "./policy";

export interface PlannedPush {
  command: InventorySetCommand;
  changedAt: number;
}

/**
 * One `inventory.set` command per listing whose available-to-promise differs from the last command
 * sent to it (or that never had one). Sequences grow per listing, so connectors can drop a command
 * that a newer one has overtaken.
 */
export function planPushes(input: {
  sku: string;
  policy: InventoryPolicy;
  view: LedgerSnapshot;
  last: Map<string, { quantity: number; sequence: number }>;
  changedAt: number;
  correlationId: string;
  now: number;
}): PlannedPush[] {
  const plan: PlannedPush[] = [];
  for (const listing of input.policy.listings) {
    const channel = input.view.channels.find((c) => c.storeId === listing.storeId);
    if (!channel) continue;
    const previous = input.last.get(listing.storeId);
    if (previous && previous.quantity === channel.available) continue;
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

/** Sends the planned commands, a batch per channel (at most 100 messages per batch). */
export async function issueCommands(env: CoreEnv, plan: PlannedPush[]): Promise<void> {
  const byChannel = new Map<string, ChannelCommand[]>();
  for (const p of plan)
    byChannel.set(p.command.channel, [...(byChannel.get(p.command.channel) ?? []), p.command]);
  for (const [channel, commands] of byChannel) {
    const queue = commandQueueFor(env, channel);
    if (!queue) throw new Error(`no command queue for channel ${channel}`);
    for (let i = 0; i < commands.length; i += 100) {
      await queue.sendBatch(
        commands.slice(i, i + 100).map((body) => ({ body, contentType: "json" as const })),
      );
    }
  }
}
