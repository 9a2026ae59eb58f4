import { exports } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import {
  BASE,
  control,
  controlJson,
  gql,
  ITEM_1,
  LOCATION_1,
  level,
  mutations,
  SET_QUANTITIES,
  setInput,
  setupShop,
  TOKEN,
  VERSION,
} from "./shopify-client";

const SHOP = "limits-test.myshopify.com";
const URL_ = `${BASE}/shopify/${SHOP}/admin/api/${VERSION}/graphql.json`;

const push = (quantity: number, changeFromQuantity: number | null, key: string = crypto.randomUUID()) =>
  gql(
    SET_QUANTITIES,
    {
      input: setInput([{ inventoryItemId: ITEM_1, locationId: LOCATION_1, quantity, changeFromQuantity }]),
      key,
    },
    { shop: SHOP },
  );

describe("Shopify Admin GraphQL sandbox: GraphQL errors, cost limits and faults", () => {
  beforeEach(async () => {
    await setupShop(SHOP);
  });

  it("answers a syntax error with HTTP 200, its message and location, and no data", async () => {
    const res = await gql(`{ inventoryItem(id: "x") { id }`, {}, { shop: SHOP });
    expect(res.status).toBe(200);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toEqual([
      { message: expect.stringContaining("Syntax Error"), locations: [{ line: 1, column: 32 }] },
    ]);
  });

  it("answers validation errors with HTTP 200, locations and a code per error", async () => {
    const res = await gql(
      `query {
        inventoryItem(id: "${ITEM_1}") { id price }
        location(id: 5, first: 2) { id }
        inventoryLevel { id }
      }`,
      {},
      { shop: SHOP },
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toBeUndefined();
    const errors = res.body.errors as { message: string; locations: unknown; extensions: { code: string } }[];
    const codes = errors.map((e) => e.extensions.code);
    expect(codes).toContain("undefinedField");
    expect(codes).toContain("argumentNotAccepted");
    expect(errors.find((e) => e.message.includes('"price"'))).toMatchObject({
      locations: [{ line: 2, column: 69 }],
      extensions: { code: "undefinedField" },
    });
    const missing = await gql(`{ inventoryItem { id } }`, {}, { shop: SHOP });
    expect(missing.body.errors).toEqual([
      expect.objectContaining({ extensions: { code: "missingRequiredArguments" } }),
    ]);
    const misplaced = await gql(`query @idempotent(key: "k") { location { id } }`, {}, { shop: SHOP });
    expect(misplaced.body.errors).toEqual([
      expect.objectContaining({ extensions: { code: "directiveCannotBeApplied" } }),
    ]);
  });

  it("refuses variables of the wrong shape with INVALID_VARIABLE and no data", async () => {
    const res = await gql(SET_QUANTITIES, { input: { name: "available" }, key: "k" }, { shop: SHOP });
    expect(res.status).toBe(200);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors[0]).toMatchObject({
      message: expect.stringContaining("$input"),
      extensions: { code: "INVALID_VARIABLE" },
    });
    expect(res.body.extensions.cost).toMatchObject({ requestedQueryCost: 10, actualQueryCost: 0 });
    expect(await mutations(SHOP)).toEqual([]);
  });

  it("takes application/graphql bodies, and answers 400 without a query", async () => {
    const headers = { "x-shopify-access-token": TOKEN };
    const graphql = await exports.default.fetch(
      new Request(URL_, {
        method: "POST",
        headers: { ...headers, "content-type": "application/graphql" },
        body: "{ location { name } }",
      }),
    );
    expect(graphql.status).toBe(200);
    expect(await graphql.json()).toMatchObject({ data: { location: { name: "Main warehouse" } } });
    for (const body of ["{}", "not json", JSON.stringify({ query: "" })]) {
      const res = await exports.default.fetch(
        new Request(URL_, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body,
        }),
      );
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ errors: { query: "Required parameter missing or invalid" } });
    }
  });

  it("throttles from a leaky bucket per shop, with throttleStatus, and applies nothing throttled", async () => {
    await control("POST", `/shops/${SHOP}/settings`, { maximumAvailable: 25, restoreRate: 0.5 });
    const first = await push(9, 10);
    expect(first.body.extensions.cost).toEqual({
      requestedQueryCost: 10,
      actualQueryCost: 10,
      throttleStatus: { maximumAvailable: 25, currentlyAvailable: 15, restoreRate: 0.5 },
    });
    const second = await push(8, 9);
    expect(second.body.extensions.cost.throttleStatus.currentlyAvailable).toBe(5);
    const third = await push(7, 8);
    expect(third.status).toBe(200);
    expect(third.body).toEqual({
      errors: [
        {
          message: "Throttled",
          extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
        },
      ],
      extensions: {
        cost: {
          requestedQueryCost: 10,
          actualQueryCost: null,
          throttleStatus: { maximumAvailable: 25, currentlyAvailable: 5, restoreRate: 0.5 },
        },
      },
    });
    expect(await level(SHOP, ITEM_1, LOCATION_1)).toMatchObject({ available: 8 });
    expect(await mutations(SHOP)).toHaveLength(2);
    // Another shop has its own bucket.
    await setupShop("other-limits.myshopify.com");
    const other = await gql(`{ location { id } }`, {}, { shop: "other-limits.myshopify.com" });
    expect(other.body.extensions.cost.throttleStatus.currentlyAvailable).toBe(1999);
    // A faster restore rate refills the bucket; THROTTLED can also be answered as HTTP 429.
    await control("POST", `/shops/${SHOP}/settings`, { restoreRate: 1_000_000 });
    expect((await push(7, 8)).body.data.inventorySetQuantities.userErrors).toEqual([]);
    await control("POST", `/shops/${SHOP}/settings`, {
      maximumAvailable: 5,
      restoreRate: 0.001,
      throttledStatus: 429,
    });
    const limited = await push(6, 7);
    expect(limited.status).toBe(429);
    expect(limited.body.errors[0].extensions.code).toBe("THROTTLED");
    const stats = await controlJson("GET", `/shops/${SHOP}/stats`);
    expect(stats).toMatchObject({ refused: { throttled: 2 }, mutations: { applied: 3 }, pointsSpent: 30 });
  });

  it("refuses a query over the single-query cost limit with MAX_COST_EXCEEDED", async () => {
    await control("POST", `/shops/${SHOP}/settings`, { maxQueryCost: 2 });
    const res = await gql(
      `{ inventoryItem(id: "${ITEM_1}") { inventoryLevel(locationId: "${LOCATION_1}") { location { id } } } }`,
      {},
      { shop: SHOP },
    );
    expect(res.status).toBe(200);
    expect(res.body.errors[0]).toMatchObject({
      message: expect.stringContaining("Query cost is 3, which exceeds the single query max cost limit (2)"),
      extensions: { code: "MAX_COST_EXCEEDED", cost: 3, maxCost: 2 },
    });
    expect(res.body.data).toBeUndefined();
  });

  it("injects 5xx, THROTTLED, 429 with Retry-After and 401, then recovers", async () => {
    await control("POST", `/shops/${SHOP}/faults`, { mode: "error_5xx", status: 503 });
    const failed = await push(1, 10);
    expect(failed.status).toBe(503);
    expect(failed.body.errors[0].extensions.code).toBe("INTERNAL_SERVER_ERROR");
    await control("POST", `/shops/${SHOP}/faults`, { mode: "throttled" });
    const throttled = await push(1, 10);
    expect(throttled.status).toBe(200);
    expect(throttled.body.errors[0].extensions.code).toBe("THROTTLED");
    expect(throttled.body.extensions.cost).toMatchObject({ requestedQueryCost: 10, actualQueryCost: null });
    await control("POST", `/shops/${SHOP}/faults`, { mode: "rate_limit_429", retryAfterSeconds: 2 });
    const limited = await push(1, 10);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    await control("POST", `/shops/${SHOP}/faults`, { mode: "auth_401", count: 1 });
    expect((await push(1, 10)).status).toBe(401);
    expect(await level(SHOP, ITEM_1, LOCATION_1)).toMatchObject({ available: 10 });
    expect((await push(1, 10)).body.data.inventorySetQuantities.userErrors).toEqual([]);
    const stats = await controlJson("GET", `/shops/${SHOP}/stats`);
    expect(stats).toMatchObject({ refused: { fault: 4 }, mutations: { applied: 1 } });
    const requests = (await controlJson("GET", `/shops/${SHOP}/requests`)).requests as {
      outcome: string;
    }[];
    expect(requests.map((r) => r.outcome)).toEqual([
      "fault:error_5xx",
      "fault_throttled+fault:throttled",
      "fault_throttled+fault:rate_limit_429",
      "fault:auth_401",
      "applied",
    ]);
  });

  it("adds latency from the settings and validates fault plans", async () => {
    await control("POST", `/shops/${SHOP}/settings`, { latencyMs: 150 });
    const started = Date.now();
    await gql(`{ location { id } }`, {}, { shop: SHOP });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(
      (await control("POST", `/shops/${SHOP}/faults`, { mode: "mixed", probability: 0.3, count: 2 })).status,
    ).toBe(422);
    expect(
      (await control("POST", `/shops/${SHOP}/faults`, { mode: "concurrent_change", delta: 0 })).status,
    ).toBe(422);
    expect(await controlJson("POST", `/shops/${SHOP}/faults`, { mode: "concurrent_change" })).toMatchObject({
      fault: { mode: "concurrent_change", remaining: 1, delta: -1 },
    });
    expect((await control("POST", `/shops/${SHOP}/faults`, { mode: "clear" })).status).toBe(200);
    expect(await controlJson("GET", `/shops/${SHOP}/faults`)).toEqual({ fault: null });
  });
});
