import { beforeEach, describe, expect, it } from "vitest";
import {
  control,
  controlJson,
  gql,
  ITEM_1,
  ITEM_2,
  ITEM_3,
  ITEM_LOCAL,
  LOCATION_1,
  LOCATION_2,
  level,
  levels,
  mutations,
  SET_QUANTITIES,
  setInput,
  setupShop,
} from "./shopify-client";

const SHOP = "inventory-test.myshopify.com";

const set = (input: unknown, key: string | null = crypto.randomUUID()) =>
  gql(SET_QUANTITIES, { input, key }, { shop: SHOP });

describe("Shopify Admin GraphQL sandbox: inventorySetQuantities (2026-04 semantics)", () => {
  beforeEach(async () => {
    await setupShop(SHOP);
  });

  it("sets available when changeFromQuantity matches, logs the adjustment group with its times", async () => {
    const before = Date.now();
    const res = await set(
      setInput([{ inventoryItemId: ITEM_1, locationId: LOCATION_1, quantity: 7, changeFromQuantity: 10 }]),
      "key-ok",
    );
    expect(res.status).toBe(200);
    const payload = res.body.data.inventorySetQuantities;
    expect(payload.userErrors).toEqual([]);
    const group = payload.inventoryAdjustmentGroup;
    expect(group.id).toMatch(/^gid:\/\/shopify\/InventoryAdjustmentGroup\/\d+$/);
    expect(group).toMatchObject({ reason: "correction", referenceDocumentUri: "mesh://inventory/push/1" });
    expect(group.changes).toEqual([
      {
        name: "available",
        delta: -3,
        quantityAfterChange: 7,
        item: { id: ITEM_1 },
        location: { id: LOCATION_1 },
      },
      {
        name: "on_hand",
        delta: -3,
        quantityAfterChange: 7,
        item: { id: ITEM_1 },
        location: { id: LOCATION_1 },
      },
    ]);
    expect(res.body.extensions.cost).toMatchObject({ requestedQueryCost: 10, actualQueryCost: 10 });

    expect(await level(SHOP, ITEM_1, LOCATION_1)).toMatchObject({ available: 7, onHand: 7, committed: 0 });
    expect(await level(SHOP, ITEM_1, LOCATION_2)).toMatchObject({ available: 4, onHand: 6 });
    const log = await mutations(SHOP);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      groupId: group.id,
      idempotencyKey: "key-ok",
      referenceDocumentUri: "mesh://inventory/push/1",
      name: "available",
      changes: [
        {
          inventoryItemId: ITEM_1,
          locationId: LOCATION_1,
          name: "available",
          delta: -3,
          quantityAfterChange: 7,
        },
        {
          inventoryItemId: ITEM_1,
          locationId: LOCATION_1,
          name: "on_hand",
          delta: -3,
          quantityAfterChange: 7,
        },
      ],
    });
    const entry = log[0];
    if (!entry) throw new Error("no log entry");
    expect(entry.receivedAt).toBeGreaterThanOrEqual(before);
    expect(entry.appliedAt).toBeGreaterThanOrEqual(entry.receivedAt);
    expect(entry.at).toBe(entry.appliedAt);
    expect(Date.parse(group.createdAt)).toBe(entry.appliedAt);
  });

  it("refuses a stale changeFromQuantity with CHANGE_FROM_QUANTITY_STALE and applies nothing", async () => {
    const res = await set(
      setInput([{ inventoryItemId: ITEM_1, locationId: LOCATION_1, quantity: 3, changeFromQuantity: 9 }]),
    );
    expect(res.status).toBe(200);
    expect(res.body.data.inventorySetQuantities).toEqual({
      inventoryAdjustmentGroup: null,
      userErrors: [
        {
          field: ["input", "quantities", "0", "changeFromQuantity"],
          message: "The changeFromQuantity value does not match persisted value.",
          code: "CHANGE_FROM_QUANTITY_STALE",
        },
      ],
    });
    expect(await level(SHOP, ITEM_1, LOCATION_1)).toMatchObject({ available: 10, onHand: 10 });
    expect(await mutations(SHOP)).toEqual([]);
    const stats = await controlJson("GET", `/shops/${SHOP}/stats`);
    expect(stats).toMatchObject({ mutations: { applied: 0, rejected: 1, stale: 1 } });
  });

  it("makes compare-and-set meaningful: a sale on Shopify's side makes the pusher's expectation stale", async () => {
    const sale = await control("POST", `/shops/${SHOP}/sales`, {
      inventoryItemId: ITEM_1,
      locationId: LOCATION_1,
      quantity: 2,
    });
    expect(sale.status).toBe(200);
    expect(await sale.json()).toMatchObject({ level: { available: 8, committed: 2, onHand: 10 } });
    const stale = await set(
      setInput([{ inventoryItemId: ITEM_1, locationId: LOCATION_1, quantity: 12, changeFromQuantity: 10 }]),
    );
    expect(stale.body.data.inventorySetQuantities.userErrors[0].code).toBe("CHANGE_FROM_QUANTITY_STALE");
    const fresh = await set(
      setInput([{ inventoryItemId: ITEM_1, locationId: LOCATION_1, quantity: 12, changeFromQuantity: 8 }]),
    );
    expect(fresh.body.data.inventorySetQuantities.userErrors).toEqual([]);
    expect(await level(SHOP, ITEM_1, LOCATION_1)).toMatchObject({ available: 12, committed: 2, onHand: 14 });
    const changes = await controlJson("GET", `/shops/${SHOP}/changes`);
    expect(changes).toMatchObject({
      changes: [{ kind: "sale", inventoryItemId: ITEM_1, name: "available", delta: -2 }],
    });
    const oversold = await control("POST", `/shops/${SHOP}/sales`, {
      inventoryItemId: ITEM_LOCAL,
      locationId: LOCATION_1,
      quantity: 2,
    });
    expect(oversold.status).toBe(409);
  });

  it("skips the check for an explicit null changeFromQuantity", async () => {
    await control("POST", `/shops/${SHOP}/sales`, {
      inventoryItemId: ITEM_2,
      locationId: LOCATION_1,
      quantity: 5,
    });
    const res = await set(
      setInput([{ inventoryItemId: ITEM_2, locationId: LOCATION_1, quantity: 40, changeFromQuantity: null }]),
    );
    expect(res.body.data.inventorySetQuantities.userErrors).toEqual([]);
    expect(res.body.data.inventorySetQuantities.inventoryAdjustmentGroup.changes[0]).toMatchObject({
      name: "available",
      delta: 25,
      quantityAfterChange: 40,
    });
    expect(await level(SHOP, ITEM_2, LOCATION_1)).toMatchObject({ available: 40, committed: 5, onHand: 45 });
  });

  it("refuses a quantity without changeFromQuantity (mandatory from 2026-04) and applies nothing", async () => {
    const res = await set(setInput([{ inventoryItemId: ITEM_1, locationId: LOCATION_1, quantity: 5 }]));
    expect(res.body.data.inventorySetQuantities).toEqual({
      inventoryAdjustmentGroup: null,
      userErrors: [
        expect.objectContaining({
          field: ["input", "quantities", "0", "changeFromQuantity"],
          code: "COMPARE_QUANTITY_REQUIRED",
        }),
      ],
    });
    // The same holds when the quantity is written inline rather than passed as a variable.
    const inline = await gql(
      `mutation { inventorySetQuantities(input: {name: "available", reason: "correction",
         quantities: [{inventoryItemId: "${ITEM_1}", locationId: "${LOCATION_1}", quantity: 5}]})
         @idempotent(key: "inline-1") { userErrors { code } } }`,
      {},
      { shop: SHOP },
    );
    expect(inline.body.data.inventorySetQuantities.userErrors).toEqual([
      { code: "COMPARE_QUANTITY_REQUIRED" },
    ]);
    expect(await level(SHOP, ITEM_1, LOCATION_1)).toMatchObject({ available: 10 });
    expect(await mutations(SHOP)).toEqual([]);
  });

  it("refuses the mutation without @idempotent: a top-level error, a null field, nothing applied", async () => {
    const res = await gql(
      `mutation Push($input: InventorySetQuantitiesInput!) {
        inventorySetQuantities(input: $input) { inventoryAdjustmentGroup { id } userErrors { code } }
      }`,
      {
        input: setInput([
          { inventoryItemId: ITEM_1, locationId: LOCATION_1, quantity: 1, changeFromQuantity: 10 },
        ]),
      },
      { shop: SHOP },
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ inventorySetQuantities: null });
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining("@idempotent"),
        path: ["inventorySetQuantities"],
        locations: [{ line: 2, column: 9 }],
        extensions: { code: "BAD_REQUEST" },
      }),
    ]);
    expect(await level(SHOP, ITEM_1, LOCATION_1)).toMatchObject({ available: 10 });
    expect(await mutations(SHOP)).toEqual([]);
  });

  it("replays the first result for the same key and input, applying nothing twice", async () => {
    const input = setInput([
      { inventoryItemId: ITEM_3, locationId: LOCATION_1, quantity: 25, changeFromQuantity: 30 },
    ]);
    const first = await set(input, "retry-key");
    const group = first.body.data.inventorySetQuantities.inventoryAdjustmentGroup;
    expect(group.changes[0]).toMatchObject({ delta: -5, quantityAfterChange: 25 });
    // Something sells in between; a retry of the same request must not set 25 again.
    await control("POST", `/shops/${SHOP}/sales`, {
      inventoryItemId: ITEM_3,
      locationId: LOCATION_1,
      quantity: 3,
    });
    // The same input with its fields in another order is the same input.
    const reordered = {
      ...input,
      quantities: [{ changeFromQuantity: 30, quantity: 25, locationId: LOCATION_1, inventoryItemId: ITEM_3 }],
    };
    const replay = await set(reordered, "retry-key");
    expect(replay.body.data.inventorySetQuantities).toEqual({
      inventoryAdjustmentGroup: group,
      userErrors: [],
    });
    expect(await level(SHOP, ITEM_3, LOCATION_1)).toMatchObject({ available: 22 });
    expect(await mutations(SHOP)).toHaveLength(1);
    const stats = await controlJson("GET", `/shops/${SHOP}/stats`);
    expect(stats).toMatchObject({ mutations: { applied: 1, replayed: 1 } });
  });

  it("refuses the same key with different input (IDEMPOTENCY_KEY_PARAMETER_MISMATCH)", async () => {
    await set(
      setInput([{ inventoryItemId: ITEM_3, locationId: LOCATION_1, quantity: 25, changeFromQuantity: 30 }]),
      "key-1",
    );
    const other = await set(
      setInput([{ inventoryItemId: ITEM_3, locationId: LOCATION_1, quantity: 26, changeFromQuantity: 25 }]),
      "key-1",
    );
    expect(other.body.data.inventorySetQuantities).toEqual({
      inventoryAdjustmentGroup: null,
      userErrors: [
        {
          field: null,
          message: "The same idempotency key cannot be used with different operation parameters.",
          code: "IDEMPOTENCY_KEY_PARAMETER_MISMATCH",
        },
      ],
    });
    expect(await level(SHOP, ITEM_3, LOCATION_1)).toMatchObject({ available: 25 });
    expect(await mutations(SHOP)).toHaveLength(1);
  });

  it("refuses a retry of a refused attempt under the same key (IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED)", async () => {
    const input = setInput([
      { inventoryItemId: ITEM_1, locationId: LOCATION_1, quantity: 3, changeFromQuantity: 99 },
    ]);
    expect((await set(input, "failed-key")).body.data.inventorySetQuantities.userErrors[0].code).toBe(
      "CHANGE_FROM_QUANTITY_STALE",
    );
    const again = await set(input, "failed-key");
    expect(again.body.data.inventorySetQuantities.userErrors).toEqual([
      expect.objectContaining({ code: "IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED" }),
    ]);
    // A new key with corrected input goes through.
    const fixed = await set(
      setInput([{ inventoryItemId: ITEM_1, locationId: LOCATION_1, quantity: 3, changeFromQuantity: 10 }]),
    );
    expect(fixed.body.data.inventorySetQuantities.userErrors).toEqual([]);
  });

  it("is atomic: one stale quantity among several leaves every level as it was", async () => {
    const res = await set(
      setInput([
        { inventoryItemId: ITEM_1, locationId: LOCATION_1, quantity: 1, changeFromQuantity: 10 },
        { inventoryItemId: ITEM_2, locationId: LOCATION_1, quantity: 2, changeFromQuantity: 19 },
        { inventoryItemId: ITEM_3, locationId: LOCATION_1, quantity: 3, changeFromQuantity: 30 },
      ]),
    );
    const payload = res.body.data.inventorySetQuantities;
    expect(payload.inventoryAdjustmentGroup).toBeNull();
    expect(payload.userErrors).toEqual([
      expect.objectContaining({
        field: ["input", "quantities", "1", "changeFromQuantity"],
        code: "CHANGE_FROM_QUANTITY_STALE",
      }),
    ]);
    const after = await levels(SHOP);
    expect(after.filter((l) => l.locationId === LOCATION_1).map((l) => [l.sku, l.available])).toEqual([
      ["SKU-1", 10],
      ["SKU-2", 20],
      ["SKU-3", 30],
      ["SKU-LOCAL", 1],
    ]);
    expect(await mutations(SHOP)).toEqual([]);

    const ok = await set(
      setInput([
        { inventoryItemId: ITEM_1, locationId: LOCATION_1, quantity: 1, changeFromQuantity: 10 },
        { inventoryItemId: ITEM_2, locationId: LOCATION_1, quantity: 2, changeFromQuantity: 20 },
        { inventoryItemId: ITEM_3, locationId: LOCATION_1, quantity: 3, changeFromQuantity: 30 },
      ]),
    );
    expect(ok.body.data.inventorySetQuantities.inventoryAdjustmentGroup.changes).toHaveLength(6);
    expect((await levels(SHOP)).filter((l) => l.locationId === LOCATION_1).map((l) => l.available)).toEqual([
      1, 2, 3, 1,
    ]);
  });

  it("refuses bad names, reasons, quantities, unknown items and locations, unstocked levels, duplicates", async () => {
    const res = await set(
      setInput(
        [
          {
            inventoryItemId: "gid://shopify/InventoryItem/404",
            locationId: LOCATION_1,
            quantity: 1,
            changeFromQuantity: null,
          },
          {
            inventoryItemId: ITEM_1,
            locationId: "gid://shopify/Location/404",
            quantity: 1,
            changeFromQuantity: null,
          },
          { inventoryItemId: ITEM_LOCAL, locationId: LOCATION_2, quantity: 1, changeFromQuantity: null },
          { inventoryItemId: ITEM_2, locationId: LOCATION_1, quantity: -1, changeFromQuantity: null },
          {
            inventoryItemId: ITEM_3,
            locationId: LOCATION_1,
            quantity: 1_000_000_001,
            changeFromQuantity: null,
          },
          { inventoryItemId: ITEM_3, locationId: LOCATION_1, quantity: 1, changeFromQuantity: null },
        ],
        { name: "committed", reason: "because", referenceDocumentUri: "not a uri" },
      ),
    );
    const errors = res.body.data.inventorySetQuantities.userErrors as { field: string[]; code: string }[];
    expect(errors.map((e) => [e.code, e.field.join(".")])).toEqual([
      ["INVALID_NAME", "input.name"],
      ["INVALID_REASON", "input.reason"],
      ["INVALID_REFERENCE_DOCUMENT", "input.referenceDocumentUri"],
      ["INVALID_INVENTORY_ITEM", "input.quantities.0.inventoryItemId"],
      ["INVALID_LOCATION", "input.quantities.1.locationId"],
      ["ITEM_NOT_STOCKED_AT_LOCATION", "input.quantities.2"],
      ["INVALID_QUANTITY_NEGATIVE", "input.quantities.3.quantity"],
      ["INVALID_QUANTITY_TOO_HIGH", "input.quantities.4.quantity"],
      ["NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR", "input.quantities.5"],
    ]);
    expect(await mutations(SHOP)).toEqual([]);
  });

  it("sets on_hand by moving available by the same delta", async () => {
    const res = await set(
      setInput([{ inventoryItemId: ITEM_1, locationId: LOCATION_2, quantity: 9, changeFromQuantity: 6 }], {
        name: "on_hand",
      }),
    );
    expect(res.body.data.inventorySetQuantities.userErrors).toEqual([]);
    expect(await level(SHOP, ITEM_1, LOCATION_2)).toMatchObject({ available: 7, onHand: 9 });
    // changeFromQuantity is compared with the quantity of `name`: on_hand here, not available.
    const stale = await set(
      setInput([{ inventoryItemId: ITEM_1, locationId: LOCATION_2, quantity: 5, changeFromQuantity: 7 }], {
        name: "on_hand",
      }),
    );
    expect(stale.body.data.inventorySetQuantities.userErrors[0].code).toBe("CHANGE_FROM_QUANTITY_STALE");
  });

  it("the concurrent_change fault moves the level just before the mutation, so the pusher sees it stale", async () => {
    const read = await gql(
      `query ($id: ID!, $loc: ID!) { inventoryItem(id: $id) { inventoryLevel(locationId: $loc) { quantities(names: ["available"]) { quantity } } } }`,
      { id: ITEM_2, loc: LOCATION_1 },
      { shop: SHOP },
    );
    const seen = read.body.data.inventoryItem.inventoryLevel.quantities[0].quantity;
    expect(seen).toBe(20);
    await control("POST", `/shops/${SHOP}/faults`, { mode: "concurrent_change", count: 1, delta: -2 });
    const res = await set(
      setInput([{ inventoryItemId: ITEM_2, locationId: LOCATION_1, quantity: 15, changeFromQuantity: seen }]),
    );
    expect(res.body.data.inventorySetQuantities.userErrors[0].code).toBe("CHANGE_FROM_QUANTITY_STALE");
    expect(await level(SHOP, ITEM_2, LOCATION_1)).toMatchObject({ available: 18, onHand: 18 });
    expect(await controlJson("GET", `/shops/${SHOP}/faults`)).toEqual({ fault: null });
    const changes = await controlJson("GET", `/shops/${SHOP}/changes`);
    expect(changes.changes).toEqual([
      expect.objectContaining({ kind: "concurrent_change", inventoryItemId: ITEM_2, delta: -2 }),
    ]);
    // Re-read and retry with a new key: it applies.
    const retry = await set(
      setInput([{ inventoryItemId: ITEM_2, locationId: LOCATION_1, quantity: 15, changeFromQuantity: 18 }]),
    );
    expect(retry.body.data.inventorySetQuantities.userErrors).toEqual([]);
    expect((await controlJson("GET", `/shops/${SHOP}/stats`)).concurrentChanges).toBe(1);
  });
});
