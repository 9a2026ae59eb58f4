import { z } from "zod";

/**
 * The Admin GraphQL documents the inventory push sends, and zod for the `data` we read back. Only
 * fields we use are selected: the query's cost, and so the rate-limit points it takes, stays small.
 */

/** `available` of one item at one location; `inventoryLevel` is null when the item is not stocked there. */
export const READ_AVAILABLE = `query MeshInventoryAvailable($inventoryItemId: ID!, $locationId: ID!) {
  inventoryItem(id: $inventoryItemId) {
    id
    inventoryLevel(locationId: $locationId) {
      quantities(names: ["available"]) {
        name
        quantity
      }
    }
  }
}`;

export const ReadAvailableData = z.object({
  inventoryItem: z
    .object({
      id: z.string(),
      inventoryLevel: z
        .object({ quantities: z.array(z.object({ name: z.string(), quantity: z.number().int() })) })
        .nullable(),
    })
    .nullable(),
});
export type ReadAvailableData = z.infer<typeof ReadAvailableData>;

/**
 * Compare-and-set of `available`: Shopify applies it only while the persisted quantity still equals
 * `changeFromQuantity` (else `CHANGE_FROM_QUANTITY_STALE`). The idempotency key travels as a
 * variable of the `@idempotent` directive, as Shopify's own 2026 examples pass it.
 */
export const SET_AVAILABLE = `mutation MeshInventorySetAvailable($input: InventorySetQuantitiesInput!, $idempotencyKey: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $idempotencyKey) {
    inventoryAdjustmentGroup {
      id
      changes {
        name
        delta
      }
    }
    userErrors {
      code
      field
      message
    }
  }
}`;

export const SetAvailableData = z.object({
  inventorySetQuantities: z.object({
    inventoryAdjustmentGroup: z
      .object({
        id: z.string(),
        changes: z.array(z.object({ name: z.string(), delta: z.number().int() })).optional(),
      })
      .nullable(),
    userErrors: z.array(
      z.object({
        code: z.string().nullable(),
        field: z.array(z.string()).nullable(),
        message: z.string(),
      }),
    ),
  }),
});
export type SetAvailableData = z.infer<typeof SetAvailableData>;

export interface SetAvailableInput {
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  /** What the read showed; the write applies only if Shopify still holds it. */
  changeFromQuantity: number;
  referenceDocumentUri: string;
}

/** The mutation's variables: one quantity, `available`, reason `correction` (we state the truth). */
export function setAvailableVariables(input: SetAvailableInput, idempotencyKey: string) {
  return {
    idempotencyKey,
    input: {
      name: "available",
      reason: "correction",
      referenceDocumentUri: input.referenceDocumentUri,
      quantities: [
        {
          inventoryItemId: input.inventoryItemId,
          locationId: input.locationId,
          quantity: input.quantity,
          changeFromQuantity: input.changeFromQuantity,
        },
      ],
    },
  };
}
