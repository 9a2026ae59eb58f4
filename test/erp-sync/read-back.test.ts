import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { MeshEvent, type Order } from "../../shared/canonical";
import { salesOrderKey } from "../../shared/erp";
import type { BudgetClient } from "../../workers/erp-sync/src/governance/governed-fetch";
import type { Grant } from "../../workers/erp-sync/src/governance/rate-budget";
import { createErpSyncWorker } from "../../workers/erp-sync/src/index";
import type { ReadBackReport } from "../../workers/erp-sync/src/read-back";
import { pages } from "../../workers/erp-sync/src/read-back";
import { READ_BACK_CRON } from "../../workers/erp-sync/src/settings";
import { customerDoc, fulfillment, fulfillmentDoc, order, salesOrderDoc } from "./business-central-documents";
import {
  bcAdapter,
  bcConnection,
  claimFor,
  control,
  injectFault,
  resetTenant,
} from "./business-central-harness";
import { FakeCore } from "./fake-core";
import { sandboxFetch, sandboxRequests } from "./sandbox-env";

/**
 * Read-back end to end inside erp-sync: the fake core lists connections and the sales orders to
 * check, the real Business Central sandbox answers, and what erp-sync sends core lands in a fake
 * EVENTS queue, checked against MeshEvent as core's consumer checks it.
 */
const NOW = Date.now();

/** Queues' documented sendBatch limits: 100 messages, 256 KB in all, 128 KB per message. */
const BATCH_MESSAGES = 100;
const BATCH_BYTES = 256_000;
const MESSAGE_BYTES = 128_000;
const bytesOf = (body: unknown) => new TextEncoder().encode(JSON.stringify(body)).length;

/** The EVENTS producer binding: keeps every batch sent, and refuses one a real queue would refuse. */
class FakeQueue implements Queue<unknown> {
  readonly batches: MessageSendRequest<unknown>[][] = [];

  async sendBatch(messages: Iterable<MessageSendRequest<unknown>>): Promise<QueueSendBatchResponse> {
    const batch = [...messages];
    // JSON size stands in for the v8 serialization's; both are about a byte per ASCII character.
    const sizes = batch.map((m) => bytesOf(m.body));
    const total = sizes.reduce((a, b) => a + b, 0);
    if (batch.length > BATCH_MESSAGES || total > BATCH_BYTES || sizes.some((n) => n > MESSAGE_BYTES)) {
      throw new Error(`sendBatch refused: ${batch.length} messages, ${total} bytes`);
    }
    this.batches.push(batch);
    return { metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } } };
  }

  async send(): Promise<QueueSendResponse> {
    throw new Error("read-back sends batches only");
  }

  async metrics(): Promise<QueueMetrics> {
    return { backlogCount: 0, backlogBytes: 0 };
  }

  /** Every message body sent, parsed as core's consumer parses it. */
  events(): MeshEvent[] {
    return this.batches.flat().map((m) => MeshEvent.parse(m.body));
  }
}

/** A budget that admits (or refuses) every request and counts what it was asked. */
class CountingBudget implements BudgetClient {
  acquires = 0;
  readonly released: string[] = [];
  constructor(private readonly admit = true) {}

  async acquire(): Promise<Grant> {
    this.acquires += 1;
    return this.admit
      ? { ok: true, leaseId: `lease-${this.acquires}`, probe: false, at: NOW }
      : { ok: false, waitMs: 5_000, reason: "window" };
  }

  release(input: { leaseId: string }): void {
    this.released.push(input.leaseId);
  }

  circuit(): { state: "closed"; retryInMs: number } {
    return { state: "closed", retryInMs: 0 };
  }
}

let core: FakeCore;
let queue: FakeQueue;
let budgets: Map<string, CountingBudget>;
let refuse: boolean;

const worker = createErpSyncWorker({
  fetch: sandboxFetch,
  now: () => NOW,
  random: () => 0.5,
  budgetFor: (_env, connectionId) => {
    const budget = budgets.get(connectionId) ?? new CountingBudget(!refuse);
    budgets.set(connectionId, budget);
    return budget;
  },
});

const testEnv = () => ({ ...env, CORE: core, EVENTS: queue });

async function readBack(): Promise<ReadBackReport[]> {
  const res = await worker.fetch(
    new Request("https://erp-sync.internal/read-back", { method: "POST" }),
    testEnv(),
    createExecutionContext(),
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as { connections: ReadBackReport[] }).connections;
}

/** A Business Central connection to the sandbox tenant; its own id, so its own cache entries. */
function connection(clientSecret?: string) {
  return bcConnection({ id: `erp_bc_rb_${crypto.randomUUID()}`, ...(clientSecret ? { clientSecret } : {}) });
}

function erpId(result: Awaited<ReturnType<ReturnType<typeof bcAdapter>["push"]>>): string {
  if (!result.ok) throw new Error(`push failed: ${result.message}`);
  return result.erpId;
}

/** Writes `o` into the sandbox as the sync pass would, and records it in the fake core as done. */
async function salesOrderInErp(connectionId: string, o: Order): Promise<string> {
  const customer = erpId(await bcAdapter().push(claimFor(customerDoc())));
  const id = erpId(await bcAdapter().push(claimFor(salesOrderDoc(o), { refs: { customer } })));
  const row = core.enqueueDocument(connectionId, { kind: "sales_order", order: o });
  Object.assign(row, { status: "done", erpId: id });
  return id;
}

beforeEach(async () => {
  await resetTenant();
  core = new FakeCore(NOW);
  queue = new FakeQueue();
  budgets = new Map();
  refuse = false;
  sandboxRequests.length = 0;
});

describe("erp-sync read-back against the sandbox Business Central", () => {
  it("sends core the on-hand levels and order statuses the ERP holds, as valid mesh events", async () => {
    const conn = connection();
    core.addConnection(conn);
    const open = order({ externalId: "RB-OPEN", orderNumber: "#3001" });
    const shipping = order({ externalId: "RB-SHIP", orderNumber: "#3002" });
    const openId = await salesOrderInErp(conn.id, open);
    const shippingId = await salesOrderInErp(conn.id, shipping);
    const first = fulfillment([{ externalLineId: "518995019", sku: "IPOD2008RED", quantity: 1 }], "f-rb");
    const shipped = await bcAdapter().push(
      claimFor(fulfillmentDoc({ ...first, orderExternalId: "RB-SHIP" }, shipping), {
        refs: { sales_order: shippingId },
      }),
    );
    expect(shipped.ok).toBe(true);
    // What the ERP holds now, read directly: erp-sync must pass exactly this on.
    const held = await bcAdapter().readOnHand({ skus: null });
    if (!held.ok) throw new Error(held.message);
    expect(held.value.map((l) => [l.sku, l.onHand])).toEqual([
      ["IPOD2008GREEN", 10],
      ["IPOD2008RED", 9],
    ]);

    expect(await readBack()).toEqual([{ connectionId: conn.id, levels: 2, orders: 2, errors: [] }]);
    const events = queue.events();
    expect(events.map((e) => e.type)).toEqual(["erp.inventory.observed", "erp.order_status.observed"]);
    const observedAt = new Date(NOW).toISOString();
    for (const e of events) {
      expect(e).toMatchObject({ source: "erp-sync", storeId: null, connectionId: conn.id, schemaVersion: 1 });
      expect(e.occurredAt).toBe(observedAt);
    }
    const [inventory, statuses] = events;
    if (inventory?.type !== "erp.inventory.observed" || statuses?.type !== "erp.order_status.observed") {
      throw new Error("unexpected events");
    }
    expect(inventory.data).toEqual({ system: "business_central", observedAt, levels: held.value });
    expect(statuses.data.system).toBe("business_central");
    expect(statuses.data.orders).toEqual(
      expect.arrayContaining([
        { docKey: salesOrderKey(open), erpId: openId, status: "open", shipped: [] },
        {
          docKey: salesOrderKey(shipping),
          erpId: shippingId,
          status: "partially_fulfilled",
          shipped: [{ sku: "IPOD2008RED", quantity: 1 }],
        },
      ]),
    );
    expect(statuses.data.orders).toHaveLength(2);
    // One run, one correlation id; each event its own id.
    expect(new Set(events.map((e) => e.correlationId)).size).toBe(1);
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
  });

  it("sends a large catalogue's levels in batches a real queue accepts", async () => {
    // 2,200 items under long retailer SKUs (mapped to BC's 20-character item numbers): some 8 pages of
    // levels, more than one sendBatch may carry. The sandbox seeds in quadratic time, so no more.
    const item: Record<string, string> = {};
    const items = Array.from({ length: 2_200 }, (_, i) => {
      const number = `RB-${String(i).padStart(6, "0")}`;
      item[`WOMENS-SUMMER-COLLECTION-2026-FLORAL-MAXI-DRESS-NAVY-SIZE-XL-${number}`] = number;
      return { number, inventory: (i % 97) + 1 };
    });
    await control("POST", "/seed", { items });
    const conn = bcConnection({ id: `erp_bc_rb_${crypto.randomUUID()}`, mappings: { item } });
    core.addConnection(conn);
    const [report] = await readBack();
    expect(report).toEqual({ connectionId: conn.id, levels: 2_202, orders: 0, errors: [] });
    expect(queue.batches.length).toBeGreaterThan(1);
    const events = queue.events();
    const levels = events.flatMap((e) => (e.type === "erp.inventory.observed" ? e.data.levels : []));
    const held = await bcAdapter({ connection: conn }).readOnHand({ skus: null });
    expect(held.ok && levels).toEqual(held.ok && held.value);
    expect(levels.filter((l) => item[l.sku] !== undefined)).toHaveLength(2_200);
    // Every page its own event id, so core's dedupe keeps them all.
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it("reads no order status when core has no written sales order in the connection", async () => {
    const conn = connection();
    core.addConnection(conn);
    // Queued but never written: not the ERP's to report on yet.
    core.enqueueDocument(conn.id, salesOrderDoc(order({ externalId: "RB-WAITING" })));
    expect(await readBack()).toEqual([{ connectionId: conn.id, levels: 2, orders: 0, errors: [] }]);
    expect(queue.events().map((e) => e.type)).toEqual(["erp.inventory.observed"]);
    expect(sandboxRequests.some((r) => r.includes("/salesOrders"))).toBe(false);
  });

  it("reports a failing ERP read in the summary, without throwing, and still sends what it could read", async () => {
    const conn = connection();
    core.addConnection(conn);
    const o = order({ externalId: "RB-FAIL" });
    const id = await salesOrderInErp(conn.id, o);
    await injectFault({ mode: "error_5xx", status: 503, count: 5, match: "^GET .*/items" });
    const [report] = await readBack();
    expect(report).toMatchObject({ connectionId: conn.id, levels: 0, orders: 1 });
    expect(report?.errors).toEqual([expect.stringMatching(/^on-hand: transient: .*503/)]);
    const events = queue.events();
    expect(events.map((e) => e.type)).toEqual(["erp.order_status.observed"]);
    expect(events[0]?.type === "erp.order_status.observed" && events[0].data.orders).toEqual([
      { docKey: salesOrderKey(o), erpId: id, status: "open", shipped: [] },
    ]);
  });

  it("sends the stock it read even when listing the open orders fails afterwards", async () => {
    const conn = connection();
    core.addConnection(conn);
    core.listErpOrdersForReadBack = async () => {
      throw new Error("D1 is unavailable");
    };
    const [report] = await readBack();
    expect(report?.errors).toEqual(["D1 is unavailable"]);
    expect(queue.events().map((e) => e.type)).toEqual(["erp.inventory.observed"]);
  });

  it("keeps a connection whose ERP refuses it from stopping the others", async () => {
    const good = connection();
    const bad = connection("not-the-client-secret");
    core.addConnection(bad);
    core.addConnection(good);
    const written = core.enqueueDocument(bad.id, salesOrderDoc(order({ externalId: "RB-BAD" })));
    Object.assign(written, { status: "done", erpId: "SO-BAD" });
    const reports = await readBack();
    const byId = new Map(reports.map((r) => [r.connectionId, r]));
    expect(byId.get(good.id)).toEqual({ connectionId: good.id, levels: 2, orders: 0, errors: [] });
    expect(byId.get(bad.id)).toMatchObject({ levels: 0, orders: 0 });
    expect(byId.get(bad.id)?.errors).toEqual([
      expect.stringMatching(/^on-hand: auth: /),
      expect.stringMatching(/^order status: auth: /),
    ]);
    const events = queue.events();
    expect(events.map((e) => [e.type, e.type === "erp.inventory.observed" && e.connectionId])).toEqual([
      ["erp.inventory.observed", good.id],
    ]);
  });

  it("asks the connection's rate budget before every ERP request, and releases each lease", async () => {
    const conn = connection();
    core.addConnection(conn);
    await salesOrderInErp(conn.id, order({ externalId: "RB-BUDGET" }));
    sandboxRequests.length = 0;
    await readBack();
    const budget = budgets.get(conn.id);
    expect([...budgets.keys()]).toEqual([conn.id]);
    expect(sandboxRequests.length).toBeGreaterThan(1);
    expect(budget?.acquires).toBe(sandboxRequests.length);
    expect(budget?.released).toEqual(
      Array.from({ length: sandboxRequests.length }, (_, i) => `lease-${i + 1}`),
    );
  });

  it("sends nothing to an ERP whose budget has no room, and reports the refusal", async () => {
    refuse = true;
    const conn = connection();
    core.addConnection(conn);
    const written = core.enqueueDocument(conn.id, salesOrderDoc(order({ externalId: "RB-REFUSED" })));
    Object.assign(written, { status: "done", erpId: "SO-REFUSED" });
    const [report] = await readBack();
    expect(sandboxRequests).toEqual([]);
    expect(budgets.get(conn.id)?.acquires).toBeGreaterThan(0);
    expect(report).toMatchObject({ connectionId: conn.id, levels: 0, orders: 0 });
    expect(report?.errors).toEqual([
      expect.stringMatching(/^on-hand: rate_limited: .*429/),
      expect.stringMatching(/^order status: rate_limited: .*429/),
    ]);
    expect(queue.batches).toEqual([]);
  });

  it("runs on the read-back cron, not on the push cron", async () => {
    const conn = connection();
    core.addConnection(conn);
    await worker.scheduled(createScheduledController({ scheduledTime: NOW, cron: "* * * * *" }), testEnv());
    expect(core.claimRequests.map((r) => r.connectionId)).toEqual([conn.id]);
    expect(queue.batches).toEqual([]);
    await worker.scheduled(
      createScheduledController({ scheduledTime: NOW, cron: READ_BACK_CRON }),
      testEnv(),
    );
    expect(core.claimRequests).toHaveLength(1);
    expect(queue.events().map((e) => e.type)).toEqual(["erp.inventory.observed"]);
  });
});

describe("read-back event pages", () => {
  it("split by count and by size, so no event can pass a queue message's limit", () => {
    const small = Array.from({ length: 650 }, (_, i) => ({ sku: `S${i}` }));
    expect(pages(small).map((p) => p.length)).toEqual([300, 300, 50]);
    // An order with many shipped SKUs is large: a few of them already fill an event.
    const shipped = Array.from({ length: 400 }, (_, i) => ({
      sku: `SKU-${i}-${"x".repeat(40)}`,
      quantity: 1,
    }));
    const orders = Array.from({ length: 20 }, (_, i) => ({ docKey: `sales_order:o${i}`, shipped }));
    const split = pages(orders);
    expect(split.length).toBeGreaterThan(1);
    expect(split.flat()).toEqual(orders);
    for (const page of split) expect(JSON.stringify(page).length).toBeLessThanOrEqual(50_000 + page.length);
  });
});
