import { beforeEach, describe, expect, it } from "vitest";
import {
  control,
  controlJson,
  gql,
  ITEM_1,
  LEVEL_QUERY,
  LOCATION_1,
  LOCATION_2,
  setupShop,
  TOKEN,
} from "./shopify-client";

const SHOP = "auth-test.myshopify.com";
const INVALID_TOKEN = {
  errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
};

describe("Shopify Admin GraphQL sandbox: auth, shops and reads", () => {
  beforeEach(async () => {
    await setupShop(SHOP);
  });

  it("refuses a missing or wrong X-Shopify-Access-Token with Shopify's 401 body", async () => {
    const query = `{ location { id } }`;
    for (const token of [null, "shpat_wrong", `${TOKEN}x`, ""]) {
      const res = await gql(query, {}, { shop: SHOP, token });
      expect(res.status).toBe(401);
      expect(res.body).toEqual(INVALID_TOKEN);
    }
    const stats = await controlJson("GET", `/shops/${SHOP}/stats`);
    expect(stats).toMatchObject({ requests: 4, admitted: 0, refused: { auth: 4 } });
  });

  it("answers 404 Not Found for a shop that was never set up, a malformed domain or version", async () => {
    const query = `{ location { id } }`;
    for (const [shop, version] of [
      ["nobody-here.myshopify.com", "2026-04"],
      ["not-a-shop.example.com", "2026-04"],
      [SHOP, "2026-05"],
      [SHOP, "latest"],
    ] as const) {
      const res = await gql(query, {}, { shop, version });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ errors: "Not Found" });
    }
    await control("POST", `/shops/${SHOP}/reset`);
    expect((await gql(query, {}, { shop: SHOP })).status).toBe(404);
  });

  it("reads an item's levels by location with real GraphQL, and the cost of doing so", async () => {
    const res = await gql(LEVEL_QUERY, { itemId: ITEM_1, locationId: LOCATION_2 }, { shop: SHOP });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-shopify-api-version")).toBe("2026-04");
    expect(res.body.errors).toBeUndefined();
    const item = res.body.data.inventoryItem;
    expect(item).toMatchObject({ id: ITEM_1, sku: "SKU-1", tracked: true });
    expect(item.inventoryLevel.id).toBe("gid://shopify/InventoryLevel/71002?inventory_item_id=81001");
    expect(item.inventoryLevel.location).toEqual({ id: LOCATION_2, name: "Store front" });
    expect(item.inventoryLevel.item).toEqual({ id: ITEM_1 });
    expect(
      item.inventoryLevel.quantities.map((q: { name: string; quantity: number }) => [q.name, q.quantity]),
    ).toEqual([
      ["available", 4],
      ["on_hand", 6],
      ["committed", 0],
    ]);
    expect(Date.parse(item.inventoryLevel.quantities[0].updatedAt)).not.toBeNaN();
    // inventoryItem, inventoryLevel, location, item and quantities are objects: 1 point each.
    expect(res.body.extensions.cost).toEqual({
      requestedQueryCost: 5,
      actualQueryCost: 5,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1995, restoreRate: 100 },
    });
  });

  it("answers null for unknown items, unstocked levels and locations; location() is the primary one", async () => {
    const res = await gql(
      `query ($missing: ID!) {
        gone: inventoryItem(id: $missing) { id }
        item: inventoryItem(id: "${ITEM_1}") { unstocked: inventoryLevel(locationId: "gid://shopify/Location/9") { id } }
        primary: location { id name }
        second: location(id: "${LOCATION_2}") { name }
        nowhere: location(id: "gid://shopify/Location/9") { id }
      }`,
      { missing: "gid://shopify/InventoryItem/404" },
      { shop: SHOP },
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      gone: null,
      item: { unstocked: null },
      primary: { id: LOCATION_1, name: "Main warehouse" },
      second: { name: "Store front" },
      nowhere: null,
    });
  });

  it("keeps control writes behind the control token and validates a shop's setup", async () => {
    const unauthorized = await control("PUT", `/shops/${SHOP}`, { accessToken: "x" }, null);
    expect(unauthorized.status).toBe(401);
    const bad = await control("PUT", `/shops/${SHOP}`, {
      accessToken: TOKEN,
      locations: [{ id: LOCATION_1, name: "Main" }],
      items: [{ id: ITEM_1, levels: [{ locationId: LOCATION_2, available: 1 }] }],
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("not one of the shop's locations");
    const shop = await controlJson("GET", `/shops/${SHOP}`);
    expect(JSON.stringify(shop)).not.toContain(TOKEN);
    expect(shop).toMatchObject({ shop: SHOP, locations: [{ id: LOCATION_1 }, { id: LOCATION_2 }] });
  });
});
