import { buildSchema, type GraphQLDirective, type GraphQLSchema } from "graphql";

/**
 * The subset of Shopify's Admin GraphQL schema (API 2026-04 and later) that an inventory push uses,
 * in SDL with Shopify's own type and field names. Root types are `QueryRoot` and `Mutation`, as in
 * Shopify's schema. `@idempotent` is declared `on FIELD` and optional at the schema level; that
 * `inventorySetQuantities` needs it is a runtime check (see inventory-set.ts), as Shopify documents.
 */
export const ADMIN_SDL = /* GraphQL */ `
schema {
  query: QueryRoot
  mutation: Mutation
}

"Makes a mutation idempotent: the same key with the same input answers the first result."
directive @idempotent(key: String!) on FIELD

"An ISO-8601 date and time in UTC."
scalar DateTime

type QueryRoot {
  "An inventory item by its ID."
  inventoryItem(id: ID!): InventoryItem
  "A location by its ID; the shop's primary location when no ID is given."
  location(id: ID): Location
}

type Mutation {
  "Sets quantities of the given name to absolute values, with a compare-and-swap check per quantity."
  inventorySetQuantities(input: InventorySetQuantitiesInput!): InventorySetQuantitiesPayload
}

type Location {
  id: ID!
  name: String!
}

type InventoryItem {
  id: ID!
  sku: String
  tracked: Boolean!
  "The item's inventory level at a location, or null when the item isn't stocked there."
  inventoryLevel(locationId: ID!): InventoryLevel
}

type InventoryLevel {
  id: ID!
  location: Location!
  item: InventoryItem!
  quantities(names: [String!]!): [InventoryQuantity!]!
  updatedAt: DateTime
}

type InventoryQuantity {
  name: String!
  quantity: Int!
  updatedAt: DateTime
}

input InventorySetQuantitiesInput {
  "available or on_hand."
  name: String!
  reason: String!
  referenceDocumentUri: String
  quantities: [InventoryQuantityInput!]!
}

input InventoryQuantityInput {
  inventoryItemId: ID!
  locationId: ID!
  quantity: Int!
  "Mandatory from 2026-04: the quantity expected now, or an explicit null to skip the check."
  changeFromQuantity: Int
}

type InventorySetQuantitiesPayload {
  inventoryAdjustmentGroup: InventoryAdjustmentGroup
  userErrors: [InventorySetQuantitiesUserError!]!
}

type InventoryAdjustmentGroup {
  id: ID!
  createdAt: DateTime!
  reason: String!
  referenceDocumentUri: String
  changes(inventoryItemIds: [ID!], locationIds: [ID!], quantityNames: [String!]): [InventoryChange!]!
}

type InventoryChange {
  name: String!
  delta: Int!
  quantityAfterChange: Int
  item: InventoryItem
  location: Location
  ledgerDocumentUri: String
}

type InventorySetQuantitiesUserError {
  field: [String!]
  message: String!
  code: InventorySetQuantitiesUserErrorCode
}

enum InventorySetQuantitiesUserErrorCode {
  CHANGE_FROM_QUANTITY_STALE
  COMPARE_QUANTITY_REQUIRED
  COMPARE_QUANTITY_STALE
  IDEMPOTENCY_CONCURRENT_REQUEST
  IDEMPOTENCY_KEY_PARAMETER_MISMATCH
  IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED
  INVALID_INVENTORY_ITEM
  INVALID_LOCATION
  INVALID_NAME
  INVALID_QUANTITY_NEGATIVE
  INVALID_QUANTITY_TOO_HIGH
  INVALID_QUANTITY_TOO_LOW
  INVALID_REASON
  INVALID_REFERENCE_DOCUMENT
  ITEM_NOT_STOCKED_AT_LOCATION
  NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR
  NON_MUTABLE_INVENTORY_ITEM
}
`;

let built: { schema: GraphQLSchema; idempotent: GraphQLDirective } | null = null;

/** The schema, built once per isolate. */
export function adminSchema(): { schema: GraphQLSchema; idempotent: GraphQLDirective } {
  if (built) return built;
  const schema = buildSchema(ADMIN_SDL);
  const idempotent = schema.getDirective("idempotent");
  if (!idempotent) throw new Error("the Admin SDL lost its @idempotent directive");
  built = { schema, idempotent };
  return built;
}
