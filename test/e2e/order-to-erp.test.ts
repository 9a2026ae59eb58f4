import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, Mesh, shopifyDelivery } from "./mesh";

// Webhook -> shopify intake -> shopify-inbox -> mapping -> mesh-events -> core (D1 + SkuLedger)
// -> outbox -> erp-sync cron -> sandbox NetSuite, all from the real wrangler.toml files.
type Summary = {
  id: string;
  externalId: string;
  status: string;
  reservationState: string;
  erp: { status: string; id: string | null };
};
type Detail = Summary & {
  lines: { sku: string | null; reservation: { status: string; reservedQuantity: number } }[];
};

interface ArchiveLike {
  list(options: { prefix: string }): Promise<{ objects: { key: string }[] }>;
  get(key: string): Promise<{ text(): Promise<string> } | null>;
}

let mesh: Mesh;
const secret = "e2e_webhook_secret_0123456789abcdef";
const shopDomain = "e2e-mesh.myshopify.com";
let storeId = "";

beforeAll(async () => {
  mesh = await Mesh.start();
  storeId = (await mesh.onboardStore(shopDomain, secret)).id;
});
afterAll(() => mesh?.close());

const ordersFor = async (externalId: number) =>
  (await mesh.coreJson<{ items: Summary[] }>(`/v1/orders?channel=shopify&externalId=${externalId}`)).items;

async function reservationRows(sku: string, orderId: number): Promise<number> {
  const storage = await mesh.server
    .getWorker("mesh-core")
    .getDurableObjectStorage("SKU_LEDGER", { name: sku });
  const rows = await storage.exec(
    "SELECT COUNT(*) AS n FROM reservations WHERE line_key LIKE ?",
    `%:${orderId}:%`,
  );
  return Number((rows[0] as { n: number }).n);
}

describe("a Shopify order travels to the ERP", () => {
  it("becomes a canonical order, reserves its lines, and reaches NetSuite once with a full trace", async () => {
    const orderId = 910000001;
    const res = await mesh.webhook(storeId, shopifyDelivery({ secret, shopDomain, orderId }));
    expect(res.status).toBe(200);
    const ack = (await res.json()) as { correlationId: string };

    const [order] = await eventually("canonical order", async () => {
      const items = await ordersFor(orderId);
      return items.length > 0 && items;
    });
    if (!order) throw new Error("no order");
    expect(order).toMatchObject({ status: "open", erp: { status: "pending", id: null } });

    await mesh.cron();
    const detail = await mesh.coreJson<Detail>(`/v1/orders/${order.id}`);
    expect(detail.erp.status).toBe("synced");
    expect(detail.erp.id).toMatch(/^\d+$/);
    expect(detail.lines.map((l) => l.sku)).toEqual(["IPOD2008GREEN", "IPOD2008RED", "IPOD2008BLACK"]);

    const records = await mesh.sandboxRecords(String(orderId));
    expect(records).toHaveLength(1);
    expect(records[0]?.id).toBe(detail.erp.id);
    expect(JSON.stringify(records[0]?.body)).toContain(ack.correlationId);

    const trace = await mesh.coreJson<{
      events: { type: string; correlationId: string; data: { kind?: string } }[];
    }>(`/v1/orders/${order.id}/trace`);
    // The buyer first (matched or created in NetSuite), then the sales order, in one cron run.
    expect(
      trace.events.map((e) => (e.type === "erp.push.succeeded" ? `${e.type}:${e.data.kind}` : e.type)),
    ).toEqual([
      "webhook.received",
      "order.upserted",
      "inventory.reservation",
      "erp.outbox.queued",
      "erp.push.succeeded:customer",
      "erp.push.succeeded:sales_order",
    ]);
    expect(new Set(trace.events.map((e) => e.correlationId))).toEqual(new Set([ack.correlationId]));
  });

  it("delivered three times concurrently: one order, one reservation per line, one ERP record", async () => {
    const orderId = 910000002;
    const delivery = shopifyDelivery({ secret, shopDomain, orderId });
    const answers = await Promise.all([1, 2, 3].map(() => mesh.webhook(storeId, delivery)));
    // The edge only verifies and enqueues, so every copy is accepted; the inbox consumer claims the
    // delivery in the ledger and lets one copy through, acking the others as duplicates.
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    for (const answer of answers) expect(await answer.json()).not.toHaveProperty("duplicate");
    // The same order again under other event ids (one webhook per subscription) must also collapse.
    const other = await Promise.all(
      [1, 2].map(() => mesh.webhook(storeId, shopifyDelivery({ secret, shopDomain, orderId }))),
    );
    expect(other.map((a) => a.status)).toEqual([200, 200]);

    const [order] = await eventually("canonical order", async () => {
      const items = await ordersFor(orderId);
      return items.length > 0 && items;
    });
    if (!order) throw new Error("no order");
    await mesh.cron();
    await mesh.cron();
    expect(await ordersFor(orderId)).toHaveLength(1);
    for (const sku of ["IPOD2008GREEN", "IPOD2008RED", "IPOD2008BLACK"]) {
      expect(await reservationRows(sku, orderId)).toBe(1);
    }
    const records = await mesh.sandboxRecords(String(orderId));
    expect(records).toHaveLength(1);
    const detail = await mesh.coreJson<Detail>(`/v1/orders/${order.id}`);
    expect(detail.erp).toMatchObject({ status: "synced", id: records[0]?.id });
  });

  it("a forged signature is refused with 401 and leaves no record anywhere", async () => {
    const orderId = 910000003;
    const res = await mesh.webhook(storeId, shopifyDelivery({ secret, shopDomain, orderId, forge: true }));
    expect(res.status).toBe(401);
    // Let anything that might have been enqueued drain, then look everywhere.
    const probe = 910000004;
    await mesh.webhook(storeId, shopifyDelivery({ secret, shopDomain, orderId: probe }));
    await eventually("the probe order", async () => (await ordersFor(probe)).length === 1);
    expect(await ordersFor(orderId)).toEqual([]);
    const db = await mesh.db();
    const exceptions = await db.prepare("SELECT COUNT(*) AS n FROM exceptions").bind().first<{ n: number }>();
    expect(exceptions?.n).toBe(0);
    const events = await db
      .prepare("SELECT COUNT(*) AS n FROM events WHERE data LIKE ?")
      .bind(`%${orderId}%`)
      .first<{ n: number }>();
    expect(events?.n).toBe(0);
    const env = await mesh.server.getWorker("mesh-shopify").getEnv();
    const archive = env.ARCHIVE as ArchiveLike;
    const listed = await archive.list({ prefix: `shopify/${storeId}/` });
    const bodies = await Promise.all(listed.objects.map(async (o) => (await archive.get(o.key))?.text()));
    expect(bodies.some((b) => b?.includes(String(orderId)))).toBe(false);
    expect(bodies.some((b) => b?.includes(String(probe)))).toBe(true);
  });
});
