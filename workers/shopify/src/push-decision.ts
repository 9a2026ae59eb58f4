import type { InventorySetCommand } from "../../../shared/canonical/commands";
import { coreApi } from "../../../shared/connector/env";
import { createStoreCache } from "../../../shared/connector/store-cache";
import type { ChannelPushReport, ExceptionKind, ParkRequest } from "../../../shared/internal-api";
import { createAdminClient, type FetchLike } from "./client";
import { shopifyManifest } from "./manifest";
import { pushInventory } from "./push-listing";

/** The queue core sends channel commands on, and the source a parked command is replayed to. */
export const COMMANDS_QUEUE = shopifyManifest.commands.queue;

/** The bindings the command consumer reads (the worker's generated Env has them). */
export interface CommandEnv {
  CORE: Fetcher;
  /** A URL template: `{shop}` becomes the store's shop domain (wrangler.toml). */
  SHOPIFY_ADMIN_BASE_URL: string;
}

/**
 * What to do with one message: ack (with what to tell core about the command), retry after a
 * delay, or park (and tell core the push failed). `delaySeconds` null: backoff by delivery attempt.
 */
export type CommandDecision =
  | { action: "ack"; report: ChannelPushReport }
  | { action: "retry"; delaySeconds: number | null; reason: string }
  | { action: "park"; park: ParkRequest; report: ChannelPushReport | null };

/** What core records on the SKU's trace about one command. */
export function pushReport(
  command: InventorySetCommand,
  outcome: ChannelPushReport["outcome"],
  previousQuantity: number | null,
  detail: string | null,
): ChannelPushReport {
  const { id, storeId, sku, sequence, correlationId, quantity } = command;
  const at = new Date().toISOString();
  return {
    commandId: id,
    storeId,
    sku,
    sequence,
    correlationId,
    outcome,
    quantity,
    previousQuantity,
    detail,
    at,
  };
}

/** Like the webhook intake: a store's credentials are trusted for a minute, a miss for ten seconds. */
const stores = createStoreCache({ ttlMs: 60_000, missTtlMs: 10_000 });

/**
 * Decides one valid command: drop it if core has issued a newer one for the listing, else find the
 * store's Admin token and push (push-listing.ts). A store that cannot be reached with a token is
 * parked as `processing`: the command is fine, the store's configuration is not, and the parked
 * command can be replayed once it is fixed. Errors thrown by core calls propagate (the caller retries).
 */
export async function decideCommand(
  command: InventorySetCommand,
  env: CommandEnv,
  payload: string | null,
  fetch?: FetchLike,
): Promise<CommandDecision> {
  const core = coreApi(env);
  const report = (outcome: ChannelPushReport["outcome"], previous: number | null, detail: string | null) =>
    pushReport(command, outcome, previous, detail);
  const park = (kind: ExceptionKind, reason: string, detail: string | null, previous: number | null) => {
    const request: ParkRequest = {
      kind,
      source: COMMANDS_QUEUE,
      reason,
      detail,
      storeId: command.storeId,
      correlationId: command.correlationId,
      payloadRef: null,
      payload,
    };
    const text = detail === null ? reason : `${reason}: ${detail}`;
    return { action: "park" as const, park: request, report: report("failed", previous, text) };
  };
  const newerSequence = async () => {
    const state = await core.getListingState({ storeId: command.storeId, sku: command.sku });
    return state !== null && state.sequence > command.sequence ? state.sequence : null;
  };

  if (command.channel !== "shopify")
    return park("validation", "command for another channel", `channel ${command.channel}`, null);
  const newer = await newerSequence();
  if (newer !== null)
    return { action: "ack", report: report("superseded", null, `sequence ${newer} is newer`) };

  const cached = await stores.get(command.storeId, (id) => core.getStoreCredentials(id));
  // A store cached without a usable token is asked again: the token may have been set a moment ago
  // (setting it is what re-pushes the store's listings), and a stale cache must not park that push.
  const store =
    cached && cached.status === "active" && cached.adminAccessToken
      ? cached
      : await core.getStoreCredentials(command.storeId);
  if (store === null || store.channel !== "shopify")
    return park("processing", "no Shopify store with this id", command.storeId, null);
  if (store.status !== "active") return park("processing", "the store is disabled", command.storeId, null);
  if (!store.adminAccessToken)
    return park("processing", "the store has no Admin API access token", command.storeId, null);

  const client = createAdminClient({
    // A store onboarded against a local stand-in names its address; otherwise Shopify's own.
    baseUrl: store.adminApiBaseUrl ?? env.SHOPIFY_ADMIN_BASE_URL,
    shopDomain: store.shopDomain,
    accessToken: store.adminAccessToken,
    fetch,
  });
  const result = await pushInventory(command, { client, newerSequence });
  switch (result.outcome) {
    case "pushed":
      return { action: "ack", report: report("pushed", result.previousQuantity, result.detail) };
    case "superseded":
      return { action: "ack", report: report("superseded", null, result.detail) };
    case "retry":
      return { action: "retry", delaySeconds: result.delaySeconds, reason: result.reason };
    case "park":
      return park(result.kind, result.reason, result.detail, result.previousQuantity);
  }
}
