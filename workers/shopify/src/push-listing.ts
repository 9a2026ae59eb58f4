import type { InventorySetCommand } from "../../../shared/canonical/commands";
import type { ExceptionKind } from "../../../shared/internal-api";
import {
  READ_AVAILABLE,
  ReadAvailableData,
  SET_AVAILABLE,
  SetAvailableData,
  setAvailableVariables,
} from "./admin-documents";
import type { AdminClient, AdminFailure } from "./client";
import { idempotencyKeyFor, referenceDocumentUriFor } from "./push-identity";

/** Read-then-write rounds per delivery when someone else changes `available` in between. */
export const MAX_CAS_ATTEMPTS = 3;
/** Shopify is still running an earlier request with the same key: ask again shortly. */
const CONCURRENT_REQUEST_DELAY_SECONDS = 2;

/** What became of one command on Shopify; push-inventory.ts turns it into ack, retry or park. */
export type PushResult =
  | { outcome: "pushed"; previousQuantity: number; detail: string }
  | { outcome: "superseded"; detail: string }
  | { outcome: "park"; kind: ExceptionKind; reason: string; detail: string; previousQuantity: number | null }
  /** `delaySeconds` null: the caller's backoff by delivery attempt. */
  | { outcome: "retry"; delaySeconds: number | null; reason: string };

export interface PushContext {
  client: AdminClient;
  /** The sequence of a newer command core issued for the listing, or null; throws if core cannot say. */
  newerSequence(): Promise<number | null>;
}

/**
 * Makes Shopify show `command.quantity` available: read the current quantity, and unless it already
 * is the command's, write it with that reading as `changeFromQuantity`. When the quantity moved in
 * between (`CHANGE_FROM_QUANTITY_STALE`), check the command is still the newest, read again and
 * retry, a few times, before handing the message back to the queue.
 */
export async function pushInventory(command: InventorySetCommand, ctx: PushContext): Promise<PushResult> {
  let previousQuantity: number | null = null;
  let round = 0;
  for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt++) {
    if (attempt > 1) {
      const newer = await ctx.newerSequence();
      if (newer !== null) return { outcome: "superseded", detail: `sequence ${newer} was issued meanwhile` };
    }
    const read = await readAvailable(ctx.client, command);
    if (read.outcome !== "read") return read;
    previousQuantity = read.quantity;
    if (read.quantity === command.quantity)
      return { outcome: "pushed", previousQuantity, detail: `Shopify already showed ${read.quantity}` };

    const key = await idempotencyKeyFor(command, read.quantity, round);
    const input = {
      inventoryItemId: command.listing.externalItemId,
      locationId: command.listing.externalLocationId,
      quantity: command.quantity,
      changeFromQuantity: read.quantity,
      referenceDocumentUri: referenceDocumentUriFor(command),
    };
    const write = await ctx.client.request(
      SET_AVAILABLE,
      setAvailableVariables(input, key),
      SetAvailableData,
    );
    if (!write.ok) return fromFailure(write.failure, previousQuantity);
    const { userErrors, inventoryAdjustmentGroup } = write.data.inventorySetQuantities;
    if (userErrors.length === 0) {
      const group = inventoryAdjustmentGroup?.id ?? "no adjustment group";
      const detail = `available ${read.quantity} -> ${command.quantity} (${group}, key ${key})`;
      return { outcome: "pushed", previousQuantity, detail };
    }
    const codes = userErrors.map((e) => e.code);
    const described = userErrors.map((e) => `${e.code ?? "-"}: ${e.message}`).join("; ");
    if (codes.includes("CHANGE_FROM_QUANTITY_STALE")) continue;
    if (codes.includes("IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED")) {
      // Shopify keeps a failed attempt under its key and asks for a new one; the CAS still guards.
      round++;
      continue;
    }
    if (codes.includes("IDEMPOTENCY_CONCURRENT_REQUEST"))
      return { outcome: "retry", delaySeconds: CONCURRENT_REQUEST_DELAY_SECONDS, reason: described };
    return park("inventory", "Shopify refused the inventory write", described, previousQuantity);
  }
  return {
    outcome: "retry",
    delaySeconds: null,
    reason: `available changed under each of ${MAX_CAS_ATTEMPTS} compare-and-set attempts`,
  };
}

type ReadResult =
  | { outcome: "read"; quantity: number }
  | Exclude<PushResult, { outcome: "pushed" | "superseded" }>;

async function readAvailable(client: AdminClient, command: InventorySetCommand): Promise<ReadResult> {
  const { externalItemId, externalLocationId } = command.listing;
  const variables = { inventoryItemId: externalItemId, locationId: externalLocationId };
  const result = await client.request(READ_AVAILABLE, variables, ReadAvailableData);
  if (!result.ok) return fromFailure(result.failure, null);
  const item = result.data.inventoryItem;
  if (item === null) return park("inventory", "Shopify has no such inventory item", externalItemId, null);
  if (item.inventoryLevel === null) {
    const detail = `${externalItemId} at ${externalLocationId}`;
    return park("inventory", "the inventory item is not stocked at the location", detail, null);
  }
  const available = item.inventoryLevel.quantities.find((q) => q.name === "available");
  if (!available) return park("inventory", "Shopify showed no available quantity", externalItemId, null);
  return { outcome: "read", quantity: available.quantity };
}

/**
 * Transport failures: throttling and outages are retried; a refused token or an unreachable shop is
 * the store's configuration (`processing`); GraphQL refusing the request is about this listing.
 */
function fromFailure(
  failure: AdminFailure,
  previousQuantity: number | null,
): Exclude<ReadResult, { outcome: "read" }> {
  switch (failure.kind) {
    case "throttled":
      return {
        outcome: "retry",
        delaySeconds: failure.retryAfterSeconds,
        reason: `throttled: ${failure.detail}`,
      };
    case "transient":
      return { outcome: "retry", delaySeconds: null, reason: failure.detail };
    case "unauthorized":
      return park(
        "processing",
        "Shopify refused the store's Admin API token",
        failure.detail,
        previousQuantity,
      );
    case "refused":
      return failure.status < 300
        ? park("inventory", "Shopify refused the inventory request", failure.detail, previousQuantity)
        : park("processing", "the shop's Admin API refused the request", failure.detail, previousQuantity);
  }
}

function park(
  kind: ExceptionKind,
  reason: string,
  detail: string,
  previousQuantity: number | null,
): Extract<PushResult, { outcome: "park" }> {
  return { outcome: "park", kind, reason, detail, previousQuantity };
}
