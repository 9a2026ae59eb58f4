import { type GraphQLDirective, GraphQLError, type GraphQLResolveInfo, getDirectiveValues } from "graphql";
import { groupObject } from "./objects";
import type { AdjustmentGroup, Change, Level, ShopStore } from "./store";

/**
 * `inventorySetQuantities` as of API 2026-04 (README for sources):
 *
 * - `@idempotent(key:)` is mandatory at runtime (not in the schema): without it the field is null
 *   and a top-level error explains why; nothing is applied.
 * - Every quantity must carry `changeFromQuantity`; an explicit null skips the compare-and-swap check
 *   for that quantity, an integer must equal the persisted quantity of `name`.
 * - All checks run before anything is written and the mutation applies whole or not at all: one stale
 *   or invalid quantity leaves every level as it was.
 * - The same key with the same input answers the first result (same adjustment group, nothing applied
 *   again); the same key with another input is IDEMPOTENCY_KEY_PARAMETER_MISMATCH; the same key and
 *   input after a first attempt that was refused is IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED.
 */
export const SET_NAMES = ["available", "on_hand"] as const;

/** Shopify's documented reasons for quantity changes. */
export const REASONS = [
  "correction",
  "cycle_count_available",
  "damaged",
  "movement_canceled",
  "movement_created",
  "movement_received",
  "movement_updated",
  "other",
  "promotion",
  "quality_control",
  "received",
  "reservation_created",
  "reservation_deleted",
  "reservation_updated",
  "restock",
  "safety_stock",
  "shrinkage",
] as const;

export const MAX_QUANTITY = 1_000_000_000;
/** Shopify: input arrays hold at most 250 elements. */
export const MAX_INPUT_ARRAY = 250;
/** How long a key is remembered (README: assumed). */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;

export interface QuantityInput {
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  changeFromQuantity?: number | null;
}

export interface SetQuantitiesInput {
  name: string;
  reason: string;
  referenceDocumentUri?: string | null;
  quantities: QuantityInput[];
}

export interface UserError {
  field: string[] | null;
  message: string;
  code: string;
}

export type MutationOutcome =
  | "applied"
  | "replayed"
  | "user_errors"
  | "idempotency_mismatch"
  | "previous_failed";

/** What a mutation needs from the shop it runs in. */
export interface MutationContext {
  store: ShopStore;
  idempotent: GraphQLDirective;
  receivedAt: number;
  now: () => number;
  transaction: <T>(run: () => T) => T;
  /** The concurrent-change fault: the delta to move the first target by, or null. Spends the plan. */
  drawConcurrentChange: () => number | null;
  report: (outcome: MutationOutcome, details: { stale: number }) => void;
}

export function inventorySetQuantities(
  args: { input: SetQuantitiesInput },
  ctx: MutationContext,
  info: GraphQLResolveInfo,
) {
  const key = idempotencyKey(ctx.idempotent, info);
  if (key === null) {
    throw new GraphQLError(
      "The @idempotent directive with a non-empty key is required for inventorySetQuantities as of API version 2026-04.",
      { extensions: { code: "BAD_REQUEST" } },
    );
  }
  const { input } = args;
  if (input.quantities.length > MAX_INPUT_ARRAY) {
    throw new GraphQLError(
      `The input array size of ${input.quantities.length} is greater than the maximum allowed of ${MAX_INPUT_ARRAY}.`,
      { extensions: { code: "MAX_INPUT_SIZE_EXCEEDED" } },
    );
  }
  const hash = canonicalJson(input);
  const { store } = ctx;
  const payload = (group: AdjustmentGroup | null, userErrors: UserError[]) => ({
    inventoryAdjustmentGroup: group ? groupObject(store, group) : null,
    userErrors,
  });

  return ctx.transaction(() => {
    const now = ctx.now();
    store.expireIdempotency(now - IDEMPOTENCY_RETENTION_MS);
    const prior = store.idempotency(key);
    if (prior && prior.inputHash !== hash) {
      ctx.report("idempotency_mismatch", { stale: 0 });
      return payload(null, [
        {
          field: null,
          message: "The same idempotency key cannot be used with different operation parameters.",
          code: "IDEMPOTENCY_KEY_PARAMETER_MISMATCH",
        },
      ]);
    }
    if (prior) {
      const group = prior.groupSeq === null ? null : store.groupBySeq(prior.groupSeq);
      if (!group) {
        ctx.report("previous_failed", { stale: 0 });
        return payload(null, [
          {
            field: null,
            message: "A previous request with this idempotency key failed. Retry with a new idempotency key.",
            code: "IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED",
          },
        ]);
      }
      ctx.report("replayed", { stale: 0 });
      return payload(group, []);
    }

    concurrentChange(ctx, input, now);
    const errors = check(store, input);
    if (errors.length > 0) {
      store.saveIdempotency({ key, inputHash: hash, groupSeq: null, createdAt: now });
      ctx.report("user_errors", {
        stale: errors.filter((e) => e.code === "CHANGE_FROM_QUANTITY_STALE").length,
      });
      return payload(null, errors);
    }
    const group = apply(store, input, key, ctx.receivedAt, now);
    store.saveIdempotency({ key, inputHash: hash, groupSeq: group.seq, createdAt: now });
    ctx.report("applied", { stale: 0 });
    return payload(group, []);
  });
}

function idempotencyKey(directive: GraphQLDirective, info: GraphQLResolveInfo): string | null {
  for (const node of info.fieldNodes) {
    const values = getDirectiveValues(directive, node, info.variableValues);
    const key = values?.key;
    if (typeof key === "string" && key.trim() !== "") return key;
  }
  return null;
}

/** Every refusal, in input order; nothing is written. */
function check(store: ShopStore, input: SetQuantitiesInput): UserError[] {
  const errors: UserError[] = [];
  const nameValid = (SET_NAMES as readonly string[]).includes(input.name);
  if (!nameValid) {
    errors.push({
      field: ["input", "name"],
      message: "The quantity name must be either 'available' or 'on_hand'.",
      code: "INVALID_NAME",
    });
  }
  if (!(REASONS as readonly string[]).includes(input.reason)) {
    errors.push({
      field: ["input", "reason"],
      message: "The specified reason is invalid.",
      code: "INVALID_REASON",
    });
  }
  const uri = input.referenceDocumentUri;
  if (uri !== undefined && uri !== null && !/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(uri)) {
    errors.push({
      field: ["input", "referenceDocumentUri"],
      message: "The specified reference document is invalid.",
      code: "INVALID_REFERENCE_DOCUMENT",
    });
  }
  const seen = new Set<string>();
  input.quantities.forEach((q, i) => {
    const at = ["input", "quantities", String(i)];
    const pair = `${q.inventoryItemId}\n${q.locationId}`;
    if (seen.has(pair)) {
      errors.push({
        field: at,
        message: "The combination of inventoryItemId and locationId must be unique.",
        code: "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR",
      });
      return;
    }
    seen.add(pair);
    if (q.quantity < 0) {
      errors.push({
        field: [...at, "quantity"],
        message: "The quantity can't be negative.",
        code: "INVALID_QUANTITY_NEGATIVE",
      });
    } else if (q.quantity > MAX_QUANTITY) {
      errors.push({
        field: [...at, "quantity"],
        message: "The total quantity can't be higher than 1,000,000,000.",
        code: "INVALID_QUANTITY_TOO_HIGH",
      });
    }
    if (!("changeFromQuantity" in q)) {
      errors.push({
        field: [...at, "changeFromQuantity"],
        message:
          "The changeFromQuantity argument must be given to each quantity; pass null to skip the compare-and-swap check.",
        code: "COMPARE_QUANTITY_REQUIRED",
      });
    }
    const item = store.item(q.inventoryItemId);
    const location = store.location(q.locationId);
    if (!item) {
      errors.push({
        field: [...at, "inventoryItemId"],
        message: "The specified inventory item could not be found.",
        code: "INVALID_INVENTORY_ITEM",
      });
    }
    if (!location) {
      errors.push({
        field: [...at, "locationId"],
        message: "The specified location could not be found.",
        code: "INVALID_LOCATION",
      });
    }
    if (!item || !location) return;
    const level = store.level(item.id, location.id);
    if (!level) {
      errors.push({
        field: at,
        message: "The specified inventory item is not stocked at the location.",
        code: "ITEM_NOT_STOCKED_AT_LOCATION",
      });
      return;
    }
    const expected = q.changeFromQuantity;
    if (nameValid && typeof expected === "number" && expected !== current(level, input.name)) {
      errors.push({
        field: [...at, "changeFromQuantity"],
        message: "The changeFromQuantity value does not match persisted value.",
        code: "CHANGE_FROM_QUANTITY_STALE",
      });
    }
  });
  return errors;
}

const current = (level: Level, name: string) => (name === "on_hand" ? level.onHand : level.available);

/**
 * Sets each quantity. Setting `available` moves `on_hand` by the same delta and setting `on_hand`
 * moves `available`, the other states staying put; both moves are recorded as changes of the group.
 */
function apply(
  store: ShopStore,
  input: SetQuantitiesInput,
  key: string,
  receivedAt: number,
  now: number,
): AdjustmentGroup {
  const changes: Change[] = [];
  for (const q of input.quantities) {
    const level = store.level(q.inventoryItemId, q.locationId);
    if (!level) throw new Error("a checked level vanished");
    const delta = q.quantity - current(level, input.name);
    const next: Level = {
      ...level,
      available: level.available + delta,
      onHand: level.onHand + delta,
      updatedAt: now,
    };
    store.saveLevel(next);
    const at = { inventoryItemId: q.inventoryItemId, locationId: q.locationId, delta };
    changes.push({ ...at, name: "available", quantityAfterChange: next.available });
    changes.push({ ...at, name: "on_hand", quantityAfterChange: next.onHand });
  }
  return store.insertGroup({
    name: input.name,
    reason: input.reason,
    referenceDocumentUri: input.referenceDocumentUri ?? null,
    idempotencyKey: key,
    changes,
    receivedAt,
    appliedAt: now,
  });
}

/** The concurrent-change fault: moves the first stocked target the way an adjustment on Shopify would. */
function concurrentChange(ctx: MutationContext, input: SetQuantitiesInput, now: number): void {
  if (!(SET_NAMES as readonly string[]).includes(input.name)) return;
  const target = input.quantities
    .map((q) => ctx.store.level(q.inventoryItemId, q.locationId))
    .find((level): level is Level => level !== null);
  if (!target) return;
  const drawn = ctx.drawConcurrentChange();
  if (drawn === null) return;
  const delta = current(target, input.name) + drawn < 0 ? Math.abs(drawn) : drawn;
  ctx.store.saveLevel({
    ...target,
    available: target.available + delta,
    onHand: target.onHand + delta,
    updatedAt: now,
  });
  ctx.store.recordExternal({
    kind: "concurrent_change",
    inventoryItemId: target.itemId,
    locationId: target.locationId,
    name: input.name,
    delta,
    at: now,
  });
}

/** JSON with sorted keys, so two inputs compare equal whatever order their fields came in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
