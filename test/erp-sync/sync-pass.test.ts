import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { Order } from "../../shared/canonical";
import { connectionFor, type ErpConnection, emptyMappings } from "../../shared/erp";
import type { OutboxFailure } from "../../shared/internal-api";
import type { BudgetClient } from "../../workers/erp-sync/src/governance/governed-fetch";
import { createErpSyncWorker } from "../../workers/erp-sync/src/index";
import { canonicalOrder } from "../support/canonical-order";
import { TEST_ACCOUNT_ID, TEST_CREDENTIALS } from "../support/netsuite-credentials";
import { FakeCore } from "./fake-core";
import {
  injectFault,
  resetSandbox,
  sandboxFetch,
  sandboxLog,
  sandboxRecords,
  sandboxRequests,
} from "./sandbox-netsuite";

// One fixed clock for erp-sync (retry times are exact) that is real enough for the sandbox's ±300 s
// TBA timestamp window; the fake core has its own clock, moved forward to make retries due.
const NOW = Date.now();
// The rate budget has its own tests (rate-budget.test.ts); here every request is admitted, except in
// the concurrency test, which uses the real budget object.
const openBudget: BudgetClient = {
  acquire: async () => ({ ok: true, leaseId: crypto.randomUUID(), probe: false, at: Date.now() }),
  release: () => {},
  circuit: () => ({ state: "closed", retryInMs: 0 }),
};
const worker = createErpSyncWorker({
  fetch: sandboxFetch,
  now: () => NOW,
  random: () => 0.5,
  budgetFor: () => openBudget,
});

/** A NetSuite TBA connection to the sandbox account; each test gets its own id, so its own budget. */
function netsuiteConnection(
  overrides: { tokenSecret?: string; customerId?: string | null; concurrency?: number } = {},
): ErpConnection {
  const mappings = emptyMappings();
  const customerId = overrides.customerId === undefined ? "42" : overrides.customerId;
  if (customerId) mappings.defaultCustomer.shopify = customerId;
  return connectionFor(
    {
      kind: "netsuite",
      settings: { accountId: TEST_ACCOUNT_ID, baseUrl: null, advancedShipping: true, subsidiaryId: null },
      credentials: {
        auth: "tba",
        ...TEST_CREDENTIALS,
        tokenSecret: overrides.tokenSecret ?? TEST_CREDENTIALS.tokenSecret,
      },
    },
    {
      id: `erp_test_${crypto.randomUUID()}`,
      mappings,
      limits: { concurrency: overrides.concurrency ?? 5, windowLimit: null, windowMs: null },
    },
  );
}

let core: FakeCore;
const testEnv = () => ({ ...env, CORE: core });

async function runCron(): Promise<void> {
  await worker.scheduled(createScheduledController({ scheduledTime: NOW, cron: "* * * * *" }), testEnv());
}

function orderNumbered(n: number, overrides: Partial<Order> = {}): Order {
  return canonicalOrder({ externalId: `9000${n}`, orderNumber: `#${2000 + n}`, ...overrides });
}

function onlyFailure(): OutboxFailure {
  const last = core.failures.at(-1);
  if (!last) throw new Error("no failure reported");
  return last;
}

beforeEach(async () => {
  await resetSandbox();
  core = new FakeCore(NOW);
  sandboxRequests.length = 0;
});

describe("erp-sync against the sandbox NetSuite", () => {
  it("pushes a claim and completes it with the internal id from Location", async () => {
    const connection = netsuiteConnection();
    core.addConnection(connection);
    const row = core.enqueue(canonicalOrder());
    await runCron();

    // 50 rows through 5 slots, each push up to 4 requests waiting out timeout and budget wait.
    // A second round looks for documents the first one released, and finds none.
    const claim = { limit: 50, leaseMs: 10 * 4 * (2000 + 30_000) + 60_000, connectionId: connection.id };
    expect(core.claimRequests).toEqual([claim, claim]);
    const [record] = await sandboxRecords();
    expect(record).toBeDefined();
    expect(core.completions).toEqual([
      {
        id: row.id,
        leaseToken: expect.any(String),
        version: 1,
        erpSystem: "netsuite",
        erpId: record?.id,
        erpNumber: null,
        durationMs: 0,
      },
    ]);
    expect(core.row(row.id).status).toBe("done");
    expect(record).toMatchObject({
      recordType: "salesOrder",
      externalId: "shopify-sto__test-450789469",
      writeCount: 1,
    });
    expect(record?.body.memo).toContain(row.correlationId);
    expect(record?.body.entity).toEqual({ id: "42" });
    // Signed for, and sent to, the real account host derived from the realm.
    expect(sandboxRequests).toEqual([
      "PUT https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/salesOrder/eid:shopify-sto__test-450789469?replace=item",
    ]);
    expect((await sandboxLog()).map((r) => r.outcome)).toEqual(["created"]);
  });

  it("without a default customer, books the order to the store's customer by external id", async () => {
    core.addConnection(netsuiteConnection({ customerId: null }));
    core.enqueue(canonicalOrder());
    await runCron();
    const [record] = await sandboxRecords();
    expect(record?.body.entity).toEqual({ externalId: "shopify-sto__test" });
    expect(core.completions).toHaveLength(1);
  });

  it("5xx for several runs: schedules retries, parks nothing, and ends with exactly one record", async () => {
    core.addConnection(netsuiteConnection());
    const row = core.enqueue(canonicalOrder());
    await injectFault({ mode: "error_5xx", count: 3, status: 503 });

    for (const attempt of [1, 2, 3]) {
      await runCron();
      const failure = onlyFailure();
      expect(failure).toMatchObject({ errorClass: "transient", httpStatus: 503 });
      expect(failure.retryAt).toBe(
        NOW + 30_000 + 0.5 * (Math.min(3_600_000, 30_000 * 2 ** (attempt - 1)) - 30_000),
      );
      expect(core.row(row.id)).toMatchObject({ status: "pending", attempts: attempt });
      // Not due yet: a cron tick now claims nothing.
      await runCron();
      expect(core.failures).toHaveLength(attempt);
      core.advanceTo(failure.retryAt ?? Number.POSITIVE_INFINITY);
    }

    await runCron();
    expect(core.failures.every((f) => f.retryAt !== null)).toBe(true);
    expect(core.row(row.id)).toMatchObject({ status: "done", attempts: 4 });
    const records = await sandboxRecords();
    expect(records).toHaveLength(1);
    expect(records[0]?.writeCount).toBe(1);
    expect(core.completions[0]?.erpId).toBe(records[0]?.id);
  });

  it("429: the retry is scheduled no sooner than Retry-After asks", async () => {
    core.addConnection(netsuiteConnection());
    const row = core.enqueue(canonicalOrder());
    await injectFault({ mode: "rate_limit_429", count: 1, retryAfterSeconds: 120 });
    await runCron();
    expect(onlyFailure()).toMatchObject({
      errorClass: "rate_limited",
      httpStatus: 429,
      retryAt: NOW + 120_000,
    });
    expect(onlyFailure().detail).toContain("CONCURRENCY_LIMIT_EXCEEDED");

    core.advanceTo(NOW + 119_999);
    await runCron();
    expect(core.row(row.id).status).toBe("pending");
    core.advanceTo(NOW + 120_000);
    await runCron();
    expect(core.row(row.id).status).toBe("done");
    expect(await sandboxRecords()).toHaveLength(1);
  });

  it("commit then timeout: the retry upserts the same record, one sales order in the end", async () => {
    core.addConnection(netsuiteConnection());
    const row = core.enqueue(canonicalOrder());
    await injectFault({ mode: "commit_then_timeout", count: 1, delayMs: 60_000 });
    await runCron();

    const failure = onlyFailure();
    expect(failure).toMatchObject({
      errorClass: "transient",
      httpStatus: null,
      message: "no response within 2000 ms",
    });
    const [committed] = await sandboxRecords();
    expect(committed?.writeCount).toBe(1);

    core.advanceTo(failure.retryAt ?? Number.POSITIVE_INFINITY);
    await runCron();
    expect(core.row(row.id)).toMatchObject({ status: "done", erpId: committed?.id });
    const records = await sandboxRecords();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ id: committed?.id, writeCount: 2 });
  });

  it("a business error parks the row with NetSuite's o:errorDetails verbatim", async () => {
    const first = canonicalOrder().lines[0];
    if (!first) throw new Error("fixture has lines");
    core.addConnection(netsuiteConnection());
    const row = core.enqueue(canonicalOrder({ lines: [{ ...first, sku: null }] }));
    await runCron();

    const failure = onlyFailure();
    expect(failure).toMatchObject({ errorClass: "business", httpStatus: 400, retryAt: null });
    expect(failure.message).toBe(
      "NetSuite 400 USER_ERROR at item.items[0].item: Error while accessing a resource. Please enter value(s) for: Item.",
    );
    expect(JSON.parse(failure.detail ?? "null")).toEqual([
      {
        detail: "Error while accessing a resource. Please enter value(s) for: Item.",
        "o:errorCode": "USER_ERROR",
        "o:errorPath": "item.items[0].item",
      },
    ]);
    expect(core.row(row.id).status).toBe("parked");
    expect(await sandboxRecords()).toHaveLength(0);
  });

  it("one row's failure never stops the others", async () => {
    const first = canonicalOrder().lines[0];
    if (!first) throw new Error("fixture has lines");
    core.addConnection(netsuiteConnection());
    const good1 = core.enqueue(orderNumbered(1));
    const bad = core.enqueue(orderNumbered(2, { lines: [{ ...first, quantity: 0 }] }));
    const good2 = core.enqueue(orderNumbered(3));
    await runCron();

    expect(core.row(good1.id).status).toBe("done");
    expect(core.row(good2.id).status).toBe("done");
    expect(core.row(bad.id).status).toBe("parked");
    expect(core.row(bad.id).lastFailure?.detail).toContain('"o:errorPath":"item.items[0].quantity"');
    expect(await sandboxRecords()).toHaveLength(2);
  });

  it("auth failures are retried with backoff, then parked", async () => {
    core.addConnection(netsuiteConnection({ tokenSecret: "not-the-token-secret" }));
    const row = core.enqueue(canonicalOrder());
    for (let attempt = 1; attempt <= 4; attempt++) {
      await runCron();
      const failure = onlyFailure();
      expect(failure).toMatchObject({ errorClass: "auth", httpStatus: 401 });
      expect(failure.detail).toContain("INVALID_LOGIN");
      if (attempt < 4) expect(failure.retryAt).toBeGreaterThan(NOW);
      core.advanceTo(failure.retryAt ?? NOW);
    }
    expect(onlyFailure().retryAt).toBeNull();
    expect(core.row(row.id)).toMatchObject({ status: "parked", attempts: 4 });
    expect((await sandboxLog()).every((r) => r.outcome === "auth:bad_signature")).toBe(true);
  });

  it("keeps at most the connection's concurrency in flight, through its rate budget", async () => {
    core.addConnection(netsuiteConnection({ concurrency: 4 }));
    for (let n = 1; n <= 6; n++) core.enqueue(orderNumbered(n));
    await injectFault({ mode: "slow", count: 6, delayMs: 1_000 });
    let inFlight = 0;
    let peak = 0;
    const counting = createErpSyncWorker({
      now: () => NOW,
      random: () => 0.5,
      fetch: async (request) => {
        peak = Math.max(peak, ++inFlight);
        try {
          return await sandboxFetch(request);
        } finally {
          inFlight--;
        }
      },
    });
    await counting.scheduled(createScheduledController({ scheduledTime: NOW, cron: "* * * * *" }), testEnv());
    expect(peak).toBe(4);
    expect(core.completions).toHaveLength(6);
    expect((await sandboxLog()).some((r) => r.outcome === "concurrency_limit")).toBe(false);
  });

  it("pushes documents released by an earlier round in the same pass: a customer, then its sales order", async () => {
    const connection = netsuiteConnection({ customerId: null });
    core.addConnection(connection);
    const order = canonicalOrder();
    const customer = core.enqueueDocument(connection.id, {
      kind: "customer",
      customer: {
        channel: order.channel,
        storeId: order.storeId,
        customer: order.customer ?? {
          externalId: "c1",
          email: "bob@example.com",
          phone: null,
          firstName: "Bob",
          lastName: "Norman",
        },
        billingAddress: order.billingAddress,
        shippingAddress: order.shippingAddress,
      },
    });
    const salesOrder = core.enqueue(order);
    core.row(salesOrder.id).waitsFor = [customer.id];
    await runCron();
    expect(core.row(customer.id).status).toBe("done");
    expect(core.row(salesOrder.id).status).toBe("done");
    expect(core.claimRequests.map((c) => c.connectionId)).toEqual([
      connection.id,
      connection.id,
      connection.id,
    ]);
  });

  it("claims nothing while the connection's circuit is open, and only a probe's worth when half-open", async () => {
    const connection = netsuiteConnection();
    core.addConnection(connection);
    for (let n = 1; n <= 3; n++) core.enqueue(orderNumbered(n));
    let state: "open" | "half_open" = "open";
    const guarded = createErpSyncWorker({
      fetch: sandboxFetch,
      now: () => NOW,
      random: () => 0.5,
      budgetFor: () => ({
        ...openBudget,
        circuit: () => ({ state, retryInMs: state === "open" ? 20_000 : 0 }),
      }),
    });
    const tick = () =>
      guarded.scheduled(createScheduledController({ scheduledTime: NOW, cron: "* * * * *" }), testEnv());
    await tick();
    expect(core.claimRequests).toEqual([]);
    state = "half_open";
    await tick();
    expect(core.claimRequests[0]?.limit).toBe(1);
    expect(core.completions).toHaveLength(3);
  });

  it("claims nothing for a connection core no longer has, and refetches a connection whose revision moved", async () => {
    const connection = netsuiteConnection();
    core.addConnection(connection);
    core.enqueue(canonicalOrder());
    await runCron();
    expect(core.completions).toHaveLength(1);
    const fetched = core.connectionFetches;
    await runCron();
    expect(core.connectionFetches).toBe(fetched);
    core.addConnection({ ...connection, revision: connection.revision + 1 });
    await runCron();
    expect(core.connectionFetches).toBe(fetched + 1);
  });
});

describe("erp-sync HTTP surface", () => {
  it("POST /run runs one pass now and answers its summary; GET /health answers", async () => {
    core.addConnection(netsuiteConnection());
    const row = core.enqueue(canonicalOrder());
    const res = await worker.fetch(
      new Request("http://erp-sync.test/run", { method: "POST" }),
      testEnv(),
      createExecutionContext(),
    );
    expect(res.status).toBe(200);
    const summary: Record<string, unknown> = await res.json();
    expect(summary).toMatchObject({
      connections: 1,
      claimed: 1,
      completed: 1,
      retrying: 0,
      parked: 0,
    });
    expect(summary.rows).toEqual([
      expect.objectContaining({ outboxId: row.id, outcome: "completed", erpId: core.row(row.id).erpId }),
    ]);

    const health = await worker.fetch(
      new Request("http://erp-sync.test/health"),
      testEnv(),
      createExecutionContext(),
    );
    expect(await health.json()).toEqual({ ok: true, worker: "erp-sync" });
  });
});
