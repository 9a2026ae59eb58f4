import { env } from "cloudflare:workers";
import { InventorySetCommand } from "../../shared/canonical/commands";
import type {
  ChannelPushReport,
  ListingState,
  ParkRequest,
  StoreCredentials,
} from "../../shared/internal-api";
import { FakeShopifyAdmin } from "./fake-shopify-admin";
import { consumeOn, newStore } from "./support";

/** The fake core's controls for inventory commands (fake-core.js). */
interface CommandsFakeCore {
  setListingState(storeId: string, sku: string, state: ListingState | null): Promise<void>;
  channelPushes(): Promise<ChannelPushReport[]>;
  parkedExceptions(): Promise<ParkRequest[]>;
  setFaults(
    storeId: string,
    faults: { lookup?: boolean; park?: boolean; listing?: boolean; report?: boolean },
  ): Promise<void>;
}

export const core = env.CORE as unknown as CommandsFakeCore;

export const ITEM = "gid://shopify/InventoryItem/30322695";
export const LOCATION = "gid://shopify/Location/124656943";

/** A store with an Admin token, its shop (faked, stocked with ITEM at LOCATION) serving every fetch. */
export async function storeWithShop(available = 7, overrides: Partial<StoreCredentials> = {}) {
  const token = `shpat_${crypto.randomUUID().replaceAll("-", "")}`;
  const store = await newStore({ adminAccessToken: token, ...overrides });
  const shop = new FakeShopifyAdmin(store.shopDomain, token).stock(ITEM, LOCATION, available);
  const fetch = shop.install();
  return { store, shop, token, fetch };
}

/** An `inventory.set` command for the store's listing of SKU-1 at ITEM / LOCATION. */
export function command(storeId: string, overrides: Partial<InventorySetCommand> = {}): InventorySetCommand {
  const sequence = overrides.sequence ?? 5;
  return InventorySetCommand.parse({
    type: "inventory.set",
    id: `${storeId}:SKU-1:${sequence}`,
    channel: "shopify",
    storeId,
    sku: "SKU-1",
    listing: { externalItemId: ITEM, externalLocationId: LOCATION },
    quantity: 10,
    sequence,
    correlationId: "4bf92f3577b34da6a3ce929d0e0e4736",
    changedAt: "2026-11-26T10:00:00.000Z",
    issuedAt: "2026-11-26T10:00:01.000Z",
    ...overrides,
  });
}

/**
 * Runs the worker's queue handler on one `shopify-commands` batch, as the queue would deliver it
 * (through index.ts's dispatch on `batch.queue`). `delays` lists each message's retry delays.
 */
export function consumeCommands(...bodies: { body: unknown; attempts?: number }[]) {
  return consumeOn("shopify-commands", "cmd", bodies);
}

export async function pushesFor(storeId: string): Promise<ChannelPushReport[]> {
  return (await core.channelPushes()).filter((p) => p.storeId === storeId);
}

export async function parkedFor(storeId: string | null): Promise<ParkRequest[]> {
  return (await core.parkedExceptions()).filter((p) => p.storeId === storeId);
}
