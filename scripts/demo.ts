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
