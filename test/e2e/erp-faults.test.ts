import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eventually, Mesh, shopifyDelivery } from "./mesh";

// The sandbox NetSuite misbehaves on purpose; the order must wait, never be lost, and land once.
type Detail = {
  id: string;
  erp: {
    status: string;
    id: string | null;
    outbox: {
      status: string;
      attempts: number;
      lastErrorClass: string | null;
      nextAttemptAt: string | null;
    } | null;
  };
};

let mesh: Mesh;
const secret = "e2e_fault_secret_0123456789abcdef";
const shopDomain = "e2e-faults.myshopify.com";
let storeId = "";

beforeAll(async () => {
  mesh = await Mesh.start();
  // Every Shopify order booked to one customer: the sales order is the order's only ERP request, so each
  // fault below hits it (customer documents are covered in order-to-erp.test.ts).
  const [connection] = (await mesh.coreJson<{ items: { id: string }[] }>("/v1/erp-connections")).items;
  await mesh.coreJson(`/v1/erp-connections/${connection?.id}/mappings`, {
    method: "PUT",
    body: JSON.stringify({ entries: [{ kind: "default_customer", key: "shopify", target: "42" }] }),
  });
  storeId = (await mesh.onboardStore(shopDomain, secret)).id;
});
afterAll(() => mesh?.close());
beforeEach(() => mesh.fault({ mode: "clear" }));

async function placeOrder(orderId: number): Promise<string> {
  const res = await mesh.webhook(storeId, shopifyDelivery({ secret, shopDomain, orderId }));
  expect(res.status).toBe(200);
  const items = await eventually("canonical order", async () => {
    const list = await mesh.coreJson<{ items: { id: string }[] }>(`/v1/orders?externalId=${orderId}`);
    return list.items.length > 0 && list.items;
  });
  const id = items[0]?.id;
  if (!id) throw new Error("no order");
  return id;
}

const detail = (id: string) => mesh.coreJson<Detail>(`/v1/orders/${id}`);

/** How many requests the sandbox NetSuite has received so far. */
async function sandboxRequestCount(): Promise<number> {
  const stats = (await (await mesh.sandbox("/_sandbox/netsuite/stats")).json()) as { requests: number };
  return stats.requests;
}

/** Lets the outbox's backoff pass without waiting for it: the next cron run finds the row due. */
async function makeDue(orderId: string): Promise<void> {
  await (await mesh.db())
    .prepare("UPDATE erp_outbox SET next_attempt_at = 0 WHERE order_id = ?")
    .bind(orderId)
    .run();
}

describe("ERP failures", () => {
  it("ERP down (5xx) for several cron runs: the order waits as pending and posts exactly once on recovery", async () => {
    const orderNo = 920000001;
    const id = await placeOrder(orderNo);
    await mesh.fault({ mode: "error_5xx", status: 503, probability: 1 });
    for (let run = 1; run <= 3; run++) {
      await mesh.cron();
      const d = await detail(id);
      expect(d.erp.status).toBe("retrying");
      expect(d.erp.outbox).toMatchObject({ status: "pending", attempts: run, lastErrorClass: "transient" });
      expect(Date.parse(d.erp.outbox?.nextAttemptAt ?? "")).toBeGreaterThan(Date.now());
      await makeDue(id);
    }
    expect(await mesh.sandboxRecords(String(orderNo))).toHaveLength(0);
    const db = await mesh.db();
    expect(
      (
        await db
          .prepare("SELECT COUNT(*) AS n FROM exceptions WHERE order_id = ?")
          .bind(id)
          .first<{ n: number }>()
      )?.n,
    ).toBe(0);

    await mesh.fault({ mode: "clear" });
    await mesh.cron();
    await mesh.cron();
    const d = await detail(id);
    expect(d.erp.status).toBe("synced");
    const records = await mesh.sandboxRecords(String(orderNo));
    expect(records).toHaveLength(1);
    expect(records[0]?.writeCount).toBe(1);
  });

  it("honours 429 Retry-After", async () => {
    const id = await placeOrder(920000002);
    await mesh.fault({ mode: "rate_limit_429", count: 1, retryAfterSeconds: 2 });
    const before = Date.now();
    await mesh.cron();
    const d = await detail(id);
    expect(d.erp.outbox).toMatchObject({ status: "pending", lastErrorClass: "rate_limited" });
    expect(Date.parse(d.erp.outbox?.nextAttemptAt ?? "")).toBeGreaterThanOrEqual(before + 2_000);
    // Not due yet: a cron run now must not call the ERP for it.
    await mesh.cron();
    expect((await detail(id)).erp.outbox?.attempts).toBe(1);
    // Due again before the ERP's time has passed: the connection's rate budget holds the request back
    // until it has, then sends it once.
    const sent = await sandboxRequestCount();
    await makeDue(id);
    await mesh.cron();
    expect(Date.now() - before).toBeGreaterThanOrEqual(2_000);
    expect(await sandboxRequestCount()).toBe(sent + 1);
    expect((await detail(id)).erp.status).toBe("synced");
  });

  it("commit-then-timeout: the retry upserts the same sales order, never a second one", async () => {
    const orderNo = 920000003;
    const id = await placeOrder(orderNo);
    await mesh.fault({ mode: "commit_then_timeout", count: 1, delayMs: 5_000 });
    await mesh.cron();
    const failed = await detail(id);
    expect(failed.erp.outbox).toMatchObject({ status: "pending", lastErrorClass: "transient" });
    expect(await mesh.sandboxRecords(String(orderNo))).toHaveLength(1);
    await makeDue(id);
    await mesh.cron();
    const d = await detail(id);
    expect(d.erp.status).toBe("synced");
    const records = await mesh.sandboxRecords(String(orderNo));
    expect(records).toHaveLength(1);
    expect(records[0]?.writeCount).toBe(2);
    expect(d.erp.id).toBe(records[0]?.id);
  });
});
