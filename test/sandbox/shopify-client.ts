import { exports } from "cloudflare:workers";
import { TEST_CONTROL_TOKEN } from "../support/netsuite-credentials";

/**
 * Drives the sandbox worker through its default export, as the Shopify connector would: the shop's
 * domain is a path segment (`http://localhost:8790/shopify/{shop}`) where production has its host.
 */
export const BASE = "http://localhost:8790";
export const VERSION = "2026-04";
export const TOKEN = "shpat_sandbox_test_token";
export const LOCATION_1 = "gid://shopify/Location/71001";
export const LOCATION_2 = "gid://shopify/Location/71002";
export const ITEM_1 = "gid://shopify/InventoryItem/81001";
export const ITEM_2 = "gid://shopify/InventoryItem/81002";
export const ITEM_3 = "gid://shopify/InventoryItem/81003";
/** An item of the catalogue that is stocked at LOCATION_1 only. */
export const ITEM_LOCAL = "gid://shopify/InventoryItem/81004";

export const SET_QUANTITIES = /* GraphQL */ `
  mutation SetQuantities($input: InventorySetQuantitiesInput!, $key: String!) {
    inventorySetQuantities(input: $input) @idempotent(key: $key) {
      inventoryAdjustmentGroup {
        id
        createdAt
        reason
        referenceDocumentUri
        changes {
          name
          delta
          quantityAfterChange
          item { id }
          location { id }
        }
      }
      userErrors { field message code }
    }
  }
`;

export const LEVEL_QUERY = /* GraphQL */ `
  query Level($itemId: ID!, $locationId: ID!) {
    inventoryItem(id: $itemId) {
      id
      sku
      tracked
      inventoryLevel(locationId: $locationId) {
        id
        location { id name }
        item { id }
        quantities(names: ["available", "on_hand", "committed"]) { name quantity updatedAt }
      }
    }
  }
`;

export interface GraphqlResult {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test assertions read open GraphQL JSON
  body: any;
}

export interface GqlOptions {
  shop: string;
  token?: string | null;
  version?: string;
  operationName?: string;
}

export async function gql(query: string, variables: unknown, options: GqlOptions): Promise<GraphqlResult> {
  const headers = new Headers({ "content-type": "application/json" });
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers.set("x-shopify-access-token", token);
  const res = await exports.default.fetch(
    new Request(`${BASE}/shopify/${options.shop}/admin/api/${options.version ?? VERSION}/graphql.json`, {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables, operationName: options.operationName }),
    }),
  );
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === "" ? null : JSON.parse(text) };
}

export function control(
  method: string,
  path: string,
  body?: unknown,
  token: string | null = TEST_CONTROL_TOKEN,
) {
  const headers = new Headers({ "content-type": "application/json" });
  if (token !== null) headers.set("authorization", `Bearer ${token}`);
  return exports.default.fetch(
    new Request(`${BASE}/_sandbox/shopify${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

/** A control call's JSON answer. */
// biome-ignore lint/suspicious/noExplicitAny: test assertions read open JSON
export async function controlJson(method: string, path: string, body?: unknown): Promise<any> {
  return (await control(method, path, body)).json();
}

/** Resets the shop and sets it up: two locations, four items (ITEM_LOCAL stocked at LOCATION_1 only). */
export async function setupShop(shop: string): Promise<void> {
  await control("POST", `/shops/${shop}/reset`);
  const res = await control("PUT", `/shops/${shop}`, {
    accessToken: TOKEN,
    locations: [
      { id: LOCATION_1, name: "Main warehouse" },
      { id: LOCATION_2, name: "Store front" },
    ],
    items: [
      {
        id: ITEM_1,
        sku: "SKU-1",
        levels: [
          { locationId: LOCATION_1, available: 10 },
          { locationId: LOCATION_2, available: 4, onHand: 6 },
        ],
      },
      { id: ITEM_2, sku: "SKU-2", levels: [{ locationId: LOCATION_1, available: 20 }] },
      { id: ITEM_3, sku: "SKU-3", levels: [{ locationId: LOCATION_1, available: 30 }] },
      { id: ITEM_LOCAL, sku: "SKU-LOCAL", levels: [{ locationId: LOCATION_1, available: 1 }] },
    ],
  });
  if (res.status !== 200) throw new Error(`setup ${shop}: ${res.status} ${await res.text()}`);
}

export interface LevelRow {
  inventoryItemId: string;
  sku: string | null;
  locationId: string;
  locationName: string | null;
  available: number;
  committed: number;
  onHand: number;
  updatedAt: string;
}

export async function levels(shop: string): Promise<LevelRow[]> {
  const res = await control("GET", `/shops/${shop}/levels`);
  if (res.status !== 200) throw new Error(`levels ${shop}: ${res.status}`);
  return ((await res.json()) as { levels: LevelRow[] }).levels;
}

export async function level(shop: string, itemId: string, locationId: string): Promise<LevelRow> {
  const found = (await levels(shop)).find((l) => l.inventoryItemId === itemId && l.locationId === locationId);
  if (!found) throw new Error(`no level ${itemId} at ${locationId}`);
  return found;
}

export interface MutationRow {
  seq: number;
  groupId: string;
  idempotencyKey: string | null;
  referenceDocumentUri: string | null;
  name: string;
  reason: string;
  changes: {
    inventoryItemId: string;
    locationId: string;
    name: string;
    delta: number;
    quantityAfterChange: number;
  }[];
  receivedAt: number;
  appliedAt: number;
  at: number;
}

export async function mutations(shop: string): Promise<MutationRow[]> {
  return ((await (await control("GET", `/shops/${shop}/mutations`)).json()) as { mutations: MutationRow[] })
    .mutations;
}

/** Variables of SET_QUANTITIES: `available` by default, one quantity per entry. */
export function setInput(
  quantities: {
    inventoryItemId: string;
    locationId: string;
    quantity: number;
    changeFromQuantity?: number | null;
  }[],
  overrides: Record<string, unknown> = {},
) {
  return {
    name: "available",
    reason: "correction",
    referenceDocumentUri: "mesh://inventory/push/1",
    quantities,
    ...overrides,
  };
}
