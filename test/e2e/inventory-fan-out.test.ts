import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, Mesh, shopifyDelivery } from "./mesh";

// Two Shopify stores list one SKU. Orders arrive through the real webhook intake, the SKU's ledger
// reserves, coalesces, and sends inventory.set commands; the Shopify connector pushes them with
// inventorySetQuantities to the sandbox's Admin GraphQL API (compare-and-set, idempotency key).
// The docs example order refunds (restocks) its green and black iPods; its red one is still wanted.
const SKU = "IPOD2008RED";
const ITEM = "gid://shopify/InventoryItem/49148385";
const LOCATION = "gid://shopify/Location/655441491";
const TOKEN_US = "shpat_e2e_us_0123456789abcdef0123";
const TOKEN_EU = "shpat_e2e_eu_0123456789abcdef0123";
const secret = "e2e_webhook_secret_0123456789abcdef";

interface Level {
  inventoryItemId: string;
  available: number;
}
interface Mutation {
  idempotencyKey: string;
  changes: { name: string; quantityAfterChange: number }[];
}
interface Inventory {
  onHand: number | null;
  reserved: number;
  channels: {
    storeId: string;
    available: number;
    lastCommand: { quantity: number; sequence: number } | null;
  }[];
  reservations: { orderRef: string; storeId: string; status: string; reason: string | null }[];
}

let mesh: Mesh;
const stores: { id: string; shop: string }[] = [];

async function onboard(shop: string, token: string): Promise<{ id: string; shop: string }> {
  const setup = await mesh.sandbox(`/_sandbox/shopify/shops/${shop}`, {
    method: "PUT",
    body: JSON.stringify({
      accessToken: token,
      locations: [{ id: LOCATION, name: "Warehouse" }],
      items: [{ id: ITEM, sku: SKU, levels: [{ locationId: LOCATION, available: 7 }] }],
    }),
  });
  if (!setup.ok) throw new Error(`sandbox shop ${shop}: ${setup.status} ${await setup.text()}`);
  const store = await mesh.coreJson<{ id: string }>("/v1/stores", {
    method: "POST",
    body: JSON.stringify({
      channel: "shopify",
      name: shop,
      shopDomain: shop,
      webhookSecret: secret,
      adminAccessToken: token,
      adminApiBaseUrl: `${mesh.url}/shopify/${shop}`,
    }),
  });
  return { id: store.id, shop };
}

const available = async (shop: string): Promise<number | undefined> => {
  const res = await mesh.sandbox(`/_sandbox/shopify/shops/${shop}/levels`);
  const body = (await res.json()) as { levels: Level[] };
  return body.levels.find((l) => l.inventoryItemId === ITEM)?.available;
};
const mutations = async (shop: string): Promise<Mutation[]> =>
  (
    (await (await mesh.sandbox(`/_sandbox/shopify/shops/${shop}/mutations`)).json()) as {
      mutations: Mutation[];
    }
  ).mutations;
const inventory = () => mesh.coreJson<Inventory>(`/v1/inventory/${SKU}`);

beforeAll(async () => {
  mesh = await Mesh.start(null);
  stores.push(
    await onboard("e2e-us.myshopify.com", TOKEN_US),
    await onboard("e2e-eu.myshopify.com", TOKEN_EU),
  );
  await mesh.coreJson("/v1/inventory/adjustments", {
    method: "POST",
    headers: { "idempotency-key": "e2e-stock-1" },
    body: JSON.stringify({ sku: SKU, location: "default", set: 1, reason: "count", source: "erp" }),
  });
  await mesh.coreJson("/v1/inventory/listings", {
    method: "PUT",
    headers: { "idempotency-key": "e2e-listings-1" },
    body: JSON.stringify({
      listings: stores.map((s) => ({
        storeId: s.id,
        sku: SKU,
        externalItemId: ITEM,
        externalLocationId: LOCATION,
      })),
    }),
  });
});
afterAll(() => mesh?.close());

describe("available to promise reaches every channel, and the last unit is sold once", () => {
  it("pushes each listing its available quantity once it is listed", async () => {
    for (const s of stores)
      await eventually(`${s.shop} shows 1`, async () => (await available(s.shop)) === 1);
    const [us] = await mutations(stores[0]?.shop ?? "");
    expect(us?.idempotencyKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(us?.changes).toContainEqual(
      expect.objectContaining({ name: "available", quantityAfterChange: 1 }),
    );
  });

  it("reserves the last unit for one of two simultaneous orders, marks the other short, and pushes 0 to both", async () => {
    const [us, eu] = stores;
    if (!us || !eu) throw new Error("stores missing");
    const answers = await Promise.all([
      mesh.webhook(us.id, shopifyDelivery({ secret, shopDomain: us.shop, orderId: 920000001 })),
      mesh.webhook(eu.id, shopifyDelivery({ secret, shopDomain: eu.shop, orderId: 920000002 })),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);

    const view = await eventually("both lines judged", async () => {
      const v = await inventory();
      return v.reservations.filter((r) => r.orderRef.includes(":92000000")).length === 2 && v;
    });
    const lines = view.reservations.filter((r) => r.orderRef.includes(":92000000"));
    expect(lines.filter((l) => l.status === "reserved")).toHaveLength(1);
    const short = lines.find((l) => l.status === "backordered");
    expect(short?.reason).toMatch(/1 wanted, 0 free/);
    expect(view).toMatchObject({ onHand: 1, reserved: 1 });

    for (const s of stores)
      await eventually(`${s.shop} shows 0`, async () => (await available(s.shop)) === 0);
    const after = await inventory();
    expect(after.channels.map((c) => [c.available, c.lastCommand?.quantity])).toEqual([
      [0, 0],
      [0, 0],
    ]);
    // One push per burst per listing: the initial 1, then 0; never a stale quantity in between.
    for (const s of stores) {
      expect(
        (await mutations(s.shop)).map(
          (m) => m.changes.find((c) => c.name === "available")?.quantityAfterChange,
        ),
      ).toEqual([1, 0]);
    }

    const exceptions = await eventually("short line parked", async () => {
      const page = await mesh.coreJson<{ items: { kind: string; status: string; storeId: string | null }[] }>(
        "/v1/exceptions?status=open",
      );
      const found = page.items.filter((e) => e.kind === "inventory");
      return found.length === 1 && found;
    });
    expect(exceptions[0]?.storeId).toBe(short?.storeId);
  });

  it("reserves the backordered line when stock arrives, and pushes again when more stock arrives", async () => {
    await mesh.coreJson("/v1/inventory/adjustments", {
      method: "POST",
      headers: { "idempotency-key": "e2e-receipt-1" },
      body: JSON.stringify({
        sku: SKU,
        location: "default",
        delta: 1,
        reason: "receipt",
        source: "warehouse",
      }),
    });
    const view = await inventory();
    expect(view.reservations.filter((r) => r.orderRef.includes(":92000000")).map((r) => r.status)).toEqual([
      "reserved",
      "reserved",
    ]);
    await eventually("exception resolved", async () => {
      const page = await mesh.coreJson<{ items: { kind: string }[] }>("/v1/exceptions?status=open");
      return page.items.every((e) => e.kind !== "inventory");
    });
    // Both units are promised, so the channels stay at 0 and nothing new is pushed.
    expect(view.channels.map((c) => c.available)).toEqual([0, 0]);

    await mesh.coreJson("/v1/inventory/adjustments", {
      method: "POST",
      headers: { "idempotency-key": "e2e-receipt-2" },
      body: JSON.stringify({
        sku: SKU,
        location: "default",
        delta: 3,
        reason: "receipt",
        source: "warehouse",
      }),
    });
    for (const s of stores)
      await eventually(`${s.shop} shows 3`, async () => (await available(s.shop)) === 3);
  });
});
