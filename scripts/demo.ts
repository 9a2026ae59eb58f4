// `npm run demo` (with `npm run dev` running): onboards a demo Shopify store through the API, sends a
// signed sample order to its webhook URL, and follows it to the default sandbox ERP (MESH_ERP).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sandboxSystem } from "./sandbox-connections.ts";
import { shopifyWebhookHeaders, signShopifyBody } from "./shopify-webhook.ts";

const root = join(import.meta.dirname, "..");
const devVars = readFileSync(join(root, ".dev.vars"), "utf8");
const adminKey = /^ADMIN_API_KEY=(.*)$/m.exec(devVars)?.[1]?.trim();
if (!adminKey) throw new Error("ADMIN_API_KEY missing from .dev.vars: run `npm run dev` first");
const core = process.env.MESH_CORE_URL ?? "http://localhost:8787";
const erpSync = process.env.MESH_ERP_SYNC_URL ?? "http://localhost:8789";
const sandbox = process.env.MESH_SANDBOX_URL ?? "http://localhost:8790";
const auth = { authorization: `Bearer ${adminKey}` };

const shopDomain = "mesh-demo.myshopify.com";
const webhookSecret = "demo_webhook_secret_do_not_use_in_production";

async function api<T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(core + path, {
    ...init,
    headers: { ...auth, "content-type": "application/json", ...init.headers },
  });
  return { status: res.status, body: (await res.json()) as T };
}

type Store = { id: string; shopDomain: string; webhookUrl: string };
async function onboard(): Promise<Store> {
  const created = await api<Store>("/v1/stores", {
    method: "POST",
    headers: { "idempotency-key": "demo-store-v1" },
    body: JSON.stringify({ channel: "shopify", name: "Mesh demo store", shopDomain, webhookSecret }),
  });
  if (created.status === 201 || created.status === 200) return created.body;
  const list = await api<{ items: Store[] }>("/v1/stores");
  const existing = list.body.items.find((s) => s.shopDomain === shopDomain);
  if (!existing)
    throw new Error(`store onboarding answered ${created.status}: ${JSON.stringify(created.body)}`);
  return existing;
}

async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== null) return value;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

try {
  await fetch(`${core}/v1/openapi.json`);
} catch {
  console.error(
    `cannot reach core at ${core}: start the mesh with \`npm run dev\` in another terminal first`,
  );
  process.exit(1);
}
const store = await onboard();
console.log(`store ${store.id} (${store.shopDomain})\n  webhook URL: ${store.webhookUrl}`);

// The store's Shopify Admin API is the sandbox's stand-in: it holds the shop's inventory levels, and
// the mesh pushes each listed SKU's available-to-promise there with inventorySetQuantities.
const SKUS = ["IPOD2008GREEN", "IPOD2008RED", "IPOD2008BLACK"];
const ITEM = (i: number) => `gid://shopify/InventoryItem/${49148385 + i}`;
const LOCATION = "gid://shopify/Location/655441491";
const adminToken = "shpat_demo_admin_token_do_not_use";
const control = /^SANDBOX_CONTROL_TOKEN=(.*)$/m
  .exec(readFileSync(join(root, "workers/sandbox/.dev.vars"), "utf8"))?.[1]
  ?.trim();
const shop = await fetch(`${sandbox}/_sandbox/shopify/shops/${shopDomain}`, {
  method: "PUT",
  headers: { authorization: `Bearer ${control}`, "content-type": "application/json" },
  body: JSON.stringify({
    accessToken: adminToken,
    locations: [{ id: LOCATION, name: "Demo warehouse" }],
    items: SKUS.map((sku, i) => ({ id: ITEM(i), sku, levels: [{ locationId: LOCATION, available: 0 }] })),
  }),
});
if (!shop.ok) throw new Error(`setting up the sandbox shop: ${shop.status} ${await shop.text()}`);
const access = await api<Store>(`/v1/stores/${store.id}/admin-access-token`, {
  method: "PUT",
  headers: { "idempotency-key": `demo-admin-${Date.now()}` },
  body: JSON.stringify({ adminAccessToken: adminToken, adminApiBaseUrl: `${sandbox}/shopify/${shopDomain}` }),
});
if (access.status !== 200) throw new Error(`setting the Admin API token: ${access.status}`);
const listed = await api("/v1/inventory/listings", {
  method: "PUT",
  headers: { "idempotency-key": `demo-listings-${Date.now()}` },
  body: JSON.stringify({
    listings: SKUS.map((sku, i) => ({
      storeId: store.id,
      sku,
      externalItemId: ITEM(i),
      externalLocationId: LOCATION,
    })),
  }),
});
if (listed.status !== 200)
  throw new Error(`listing the SKUs: ${listed.status} ${JSON.stringify(listed.body)}`);
console.log(`listed ${SKUS.join(", ")} on the store's Shopify (sandbox Admin API)`);

// Stock for the order's SKUs, so its lines are held against known on-hand. It is stock the ERP already
// knows (source "erp"), so it is not posted back to the ERP as an adjustment.
for (const sku of ["IPOD2008GREEN", "IPOD2008RED", "IPOD2008BLACK"]) {
  const counted = await api<{ inventory: { available: number } }>("/v1/inventory/adjustments", {
    method: "POST",
    headers: { "idempotency-key": `demo-count-${sku}-${Date.now()}` },
    body: JSON.stringify({ sku, delta: 5, reason: "demo receipt", source: "erp" }),
  });
  if (counted.status !== 200) {
    const problem = counted.body as unknown as { detail?: string; requestId?: string };
    throw new Error(
      `receiving stock for ${sku} failed (${counted.status}): ${problem.detail ?? "no detail"}; ` +
        `look for request ${problem.requestId ?? "?"} in the core log lines of npm run dev`,
    );
  }
  console.log(`stock ${sku}: +5 received, ${counted.body.inventory.available} available`);
}

// The docs' example order (#1001), given a fresh id so every run makes a new order.
const order = JSON.parse(readFileSync(join(root, "test/fixtures/shopify/orders-create.json"), "utf8"));
const orderId = Date.now();
order.id = orderId;
order.admin_graphql_api_id = `gid://shopify/Order/${orderId}`;
order.name = `#D${String(orderId).slice(-6)}`;
// Placed now: the docs' example is dated 2008, a date no ERP's open fiscal periods cover.
const now = new Date().toISOString();
order.created_at = now;
order.processed_at = now;
order.updated_at = now;
const body = JSON.stringify(order);
const started = Date.now();
const delivery = await fetch(store.webhookUrl, {
  method: "POST",
  headers: shopifyWebhookHeaders({ hmac: signShopifyBody(webhookSecret, body), shopDomain }),
  body,
});
console.log(
  `webhook orders/create ${order.name}: ${delivery.status} in ${Date.now() - started} ms ${await delivery.text()}`,
);

type Summary = {
  id: string;
  status: string;
  reservationState: string;
  erp: { status: string; id: string | null };
};
const summary = await until("the canonical order", async () => {
  const list = await api<{ items: Summary[] }>(`/v1/orders?channel=shopify&externalId=${orderId}`);
  return list.body.items[0] ?? null;
});
console.log(
  `canonical order ${summary.id}: status ${summary.status}, reservation ${summary.reservationState}, erp ${summary.erp.status}`,
);

// What Shopify shows now: each SKU's available-to-promise after the order's reservations.
type Level = { sku: string; available: number };
const shown = async (sku: string) => {
  const levels = (await (await fetch(`${sandbox}/_sandbox/shopify/shops/${shopDomain}/levels`)).json()) as {
    levels: Level[];
  };
  return levels.levels.find((l) => l.sku === sku)?.available ?? null;
};
for (const sku of SKUS) {
  const view = await api<{ channels: { storeId: string; available: number }[] }>(`/v1/inventory/${sku}`);
  const promised = view.body.channels.find((c) => c.storeId === store.id)?.available ?? null;
  const onShopify = await until(`Shopify to show ${sku} at ${promised}`, async () => {
    const q = await shown(sku);
    return q === promised ? q : null;
  });
  console.log(`inventory ${sku}: available to promise ${promised}, Shopify shows ${onShopify}`);
}

if (process.argv.includes("--cron")) {
  console.log("waiting for erp-sync's minute cron to push it (up to 75 s)…");
} else {
  console.log(
    "pushing the ERP outbox now (the cron would within a minute; `npm run demo -- --cron` waits for it)",
  );
  await fetch(`${erpSync}/run`, { method: "POST" });
}
const synced = await until(
  "the ERP sync",
  async () => {
    const detail = await api<Summary>(`/v1/orders/${summary.id}`);
    return detail.body.erp.status === "synced" ? detail.body : null;
  },
  75_000,
);
const detail = await api<{
  erp: { documents: { kind: string; connectionId: string; erpId: string | null }[] };
}>(`/v1/orders/${summary.id}`);
const salesOrder = detail.body.erp.documents.find((d) => d.kind === "sales_order");
const connection = await api<{ kind: string; name: string }>(
  `/v1/erp-connections/${salesOrder?.connectionId}`,
);
console.log(`in the ERP (${connection.body.name}): sales order ${synced.erp.id}`);

const trace = await api<{
  events: { type: string; source: string; occurredAt: string; data: { kind?: string } }[];
}>(`/v1/orders/${summary.id}/trace`);
console.log("trace:");
for (const e of trace.body.events) {
  const what = e.type.startsWith("erp.push") && e.data.kind ? `${e.type} (${e.data.kind})` : e.type;
  console.log(`  ${e.occurredAt}  ${what.padEnd(36)} ${e.source}`);
}

// What the sandbox itself holds, read through its control API (Tryton is a real server, not the sandbox).
const system = sandboxSystem(connection.body.kind);
if (system) {
  const held = (await (await fetch(`${sandbox}/_sandbox/${system.path}/records`)).json()) as {
    records: { recordType: string; id: string }[];
  };
  const mine = held.records.filter(
    (r) => r.recordType === system.salesOrderType && String(r.id) === synced.erp.id,
  );
  console.log(`the sandbox ${connection.body.kind} holds ${mine.length} sales order(s) with that id`);
}
console.log(`\nopen ${core}/v1/orders/${summary.id} with the admin key to see it all.`);
