import { GraphQLError } from "graphql";
import type { AdjustmentGroup, Change, Item, Level, Location, ShopStore } from "./store";

/**
 * GraphQL objects over the shop's tables, resolved by graphql-js's default field resolver: a property
 * that is a function is called with the field's arguments. Nothing here writes.
 */
export const QUANTITY_NAMES = [
  "available",
  "committed",
  "damaged",
  "incoming",
  "on_hand",
  "quality_control",
  "reserved",
  "safety_stock",
] as const;

const iso = (ms: number) => new Date(ms).toISOString();
const numericId = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1);

export function locationObject(location: Location) {
  return { id: location.id, name: location.name };
}

export function itemObject(store: ShopStore, item: Item) {
  return {
    id: item.id,
    sku: item.sku,
    tracked: item.tracked,
    inventoryLevel: ({ locationId }: { locationId: string }) => {
      const level = store.level(item.id, locationId);
      return level ? levelObject(store, level) : null;
    },
  };
}

/** A quantity by name; the unavailable states the sandbox does not track apart are all `reserved`. */
export function quantityOf(level: Level, name: string): number {
  switch (name) {
    case "available":
      return level.available;
    case "committed":
      return level.committed;
    case "on_hand":
      return level.onHand;
    case "reserved":
      return level.onHand - level.available - level.committed;
    default:
      return 0;
  }
}

export function levelObject(store: ShopStore, level: Level) {
  return {
    // Shopify's inventory level ids carry the item: InventoryLevel/<n>?inventory_item_id=<item>.
    id: `gid://shopify/InventoryLevel/${numericId(level.locationId)}?inventory_item_id=${numericId(level.itemId)}`,
    location: () => {
      const location = store.location(level.locationId);
      return location ? locationObject(location) : null;
    },
    item: () => {
      const item = store.item(level.itemId);
      return item ? itemObject(store, item) : null;
    },
    updatedAt: iso(level.updatedAt),
    quantities: ({ names }: { names: string[] }) =>
      names.map((name) => {
        if (!(QUANTITY_NAMES as readonly string[]).includes(name)) {
          throw new GraphQLError(`'${name}' is not a valid inventory quantity name.`, {
            extensions: { code: "BAD_REQUEST" },
          });
        }
        const tracked = name === "available" || name === "committed" || name === "on_hand";
        return { name, quantity: quantityOf(level, name), updatedAt: tracked ? iso(level.updatedAt) : null };
      }),
  };
}

function changeObject(store: ShopStore, change: Change) {
  return {
    name: change.name,
    delta: change.delta,
    quantityAfterChange: change.quantityAfterChange,
    ledgerDocumentUri: null,
    item: () => {
      const item = store.item(change.inventoryItemId);
      return item ? itemObject(store, item) : null;
    },
    location: () => {
      const location = store.location(change.locationId);
      return location ? locationObject(location) : null;
    },
  };
}

export function groupObject(store: ShopStore, group: AdjustmentGroup) {
  return {
    id: group.id,
    createdAt: iso(group.appliedAt),
    reason: group.reason,
    referenceDocumentUri: group.referenceDocumentUri,
    changes: (args: {
      inventoryItemIds?: string[] | null;
      locationIds?: string[] | null;
      quantityNames?: string[] | null;
    }) =>
      group.changes
        .filter((c) => !args.inventoryItemIds || args.inventoryItemIds.includes(c.inventoryItemId))
        .filter((c) => !args.locationIds || args.locationIds.includes(c.locationId))
        .filter((c) => !args.quantityNames || args.quantityNames.includes(c.name))
        .map((c) => changeObject(store, c)),
  };
}
