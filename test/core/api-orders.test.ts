import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ADMIN, api, bearer, createApiKey, seedEvent, seedLines, seedOrder, seedOutbox } from "./api-helpers";

interface Page {
  items: { id: string; storeId: string; externalId: string; channel: string; status: string }[];
  nextCursor: string | null;
}

const T0 = Date.UTC(2026, 10, 20, 15, 0, 0);
const ids: Record<string, string> = {};

// Six orders in two stores and two channels; creation times fix the newest-first order.
beforeAll(async () => {
  const seeds = [
    { name: "a1", storeId: "sto_list_a", externalId: "1001" },
    { name: "a2", storeId: "sto_list_a", externalId: "1002", status: "cancelled" as const },
    { name: "b1", storeId: "sto_list_b", externalId: "2001" },
    { name: "a3", storeId: "sto_list_a", externalId: "1003", status: "closed" as const },
    { name: "z1", storeId: "sto_list_z", externalId: "9001", channel: "amazon" as const },
    { name: "b2", storeId: "sto_list_b", externalId: "2002" },
  ];
  for (const [i, seed] of seeds.entries()) ids[seed.name] = await seedOrder({ ...seed, at: T0 + i * 1000 });
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function list(query: string): Promise<Page> {
  const res = await api(`/v1/orders${query}`, { headers: ADMIN });
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
}

describe("GET /v1/orders", () => {
  it("lists newest first with the summary shape", async () => {
    const page = await list("?storeId=sto_list_a");
    expect(page.items.map((o) => o.id)).toEqual([ids.a3, ids.a2, ids.a1]);
    expect(page.nextCursor).toBeNull();
    expect(page.items[2]).toEqual({
      id: ids.a1,
      channel: "shopify",
      storeId: "sto_list_a",
      externalId: "1001",
      orderNumber: "#1001",
      status: "open",
      financialStatus: "paid",
      currency: "USD",
      total: { amount: 62222, currency: "USD" },
      reservationState: "reserved",
      erp: { status: "pending", id: null, syncedAt: null },
      placedAt: new Date(T0).toISOString(),
      updatedAt: new Date(T0).toISOString(),
    });
  });

  it("filters by channel, store, external id and status, alone and combined", async () => {
    expect((await list("?channel=amazon")).items.map((o) => o.id)).toEqual([ids.z1]);
    expect((await list("?storeId=sto_list_b")).items.map((o) => o.id)).toEqual([ids.b2, ids.b1]);
    expect((await list("?externalId=1002")).items.map((o) => o.id)).toEqual([ids.a2]);
    expect((await list("?status=open&channel=shopify")).items.map((o) => o.id)).toEqual([
      ids.b2,
      ids.b1,
      ids.a1,
    ]);
    expect((await list("?storeId=sto_list_a&status=closed")).items.map((o) => o.id)).toEqual([ids.a3]);
    expect((await list("?storeId=sto_nobody")).items).toEqual([]);
  });

  it("pages with an opaque cursor until nextCursor is null", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const page: Page = await list(query);
      expect(page.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.items.map((o) => o.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(2);
    expect(seen).toEqual([ids.b2, ids.z1, ids.a3, ids.b1, ids.a2, ids.a1]);

    const exact = await list("?storeId=sto_list_b&limit=2");
    expect(exact.items).toHaveLength(2);
    expect(exact.nextCursor).toBeNull();
  });

  it("answers 422 for a limit out of range or an unknown status, 400 for a forged cursor", async () => {
    for (const query of ["?limit=0", "?limit=201", "?limit=abc", "?status=shipped", "?channel=etsy"]) {
      const res = await api(`/v1/orders${query}`, { headers: ADMIN });
      expect(res.status, query).toBe(422);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
    const forged = await api("/v1/orders?cursor=not-ours", { headers: ADMIN });
    expect(forged.status).toBe(400);
    expect(forged.headers.get("content-type")).toBe("application/problem+json");
  });

  it("is readable with an orders:read key", async () => {
    const key = await createApiKey(["orders:read"]);
    expect((await api("/v1/orders", { headers: bearer(key) })).status).toBe(200);
  });
});

describe("GET /v1/orders/{id}", () => {
  it("shows lines with their reservations, snapshot parts and the ERP outbox state", async () => {
    const at = T0 + 60_000;
    const id = await seedOrder({
      at,
      storeId: "sto_detail",
      externalId: "450789469",
      correlationId: "corr-detail",
    });
    await seedLines(id, at);
    await seedOutbox(id, at);
    const res = await api(`/v1/orders/${id}`, { headers: ADMIN });
    expect(res.status).toBe(200);
    const order = (await res.json()) as Record<string, unknown>;
    expect(order).toMatchObject({
      id,
      storeId: "sto_detail",
      externalId: "450789469",
      total: { amount: 62222, currency: "USD" },
      correlationId: "corr-detail",
      version: 1,
      totals: { subtotal: { amount: 58700, currency: "USD" }, total: { amount: 62222, currency: "USD" } },
      customer: { email: "bob.norman@mail.example.com", firstName: "Bob" },
      shippingAddress: null,
      payments: [{ gateway: "bogus", kind: "sale", amount: { amount: 62222, currency: "USD" } }],
      erp: {
        status: "pending",
        id: null,
        syncedAt: null,
        outbox: {
          kind: "sales_order",
          docKey: "sales_order:shopify:sto_detail:450789469",
          connectionId: "erp_seeded",
          status: "pending",
          attempts: 2,
          erpId: null,
          erpNumber: null,
          lastErrorClass: "transient",
          lastError: "ERP answered 503",
          nextAttemptAt: new Date(at + 60_000).toISOString(),
        },
      },
    });
    expect((order.erp as { documents: unknown[] }).documents).toEqual([
      (order.erp as { outbox: unknown }).outbox,
    ]);
    expect(order.lines).toEqual([
      {
        externalLineId: "L1",
        sku: "SKU-GREEN",
        title: "Item SKU-GREEN",
        quantity: 2,
        unitPrice: { amount: 19900, currency: "USD" },
        discountTotal: { amount: 1000, currency: "USD" },
        taxTotal: { amount: 2388, currency: "USD" },
        reservation: { status: "reserved", reservedQuantity: 2 },
      },
      expect.objectContaining({
        externalLineId: "L2",
        reservation: { status: "short", reservedQuantity: 1 },
      }),
      expect.objectContaining({
        externalLineId: "L3",
        sku: null,
        reservation: { status: "not_tracked", reservedQuantity: 0 },
      }),
    ]);
  });

  it("shows outbox null before the order has an ERP push row", async () => {
    const id = await seedOrder({ at: T0 + 70_000, storeId: "sto_detail", externalId: "no-outbox" });
    const order = (await (await api(`/v1/orders/${id}`, { headers: ADMIN })).json()) as {
      erp: { outbox: unknown; documents: unknown[] };
      lines: unknown[];
    };
    expect(order.erp.outbox).toBeNull();
    expect(order.erp.documents).toEqual([]);
    expect(order.lines).toEqual([]);
  });

  it("answers 404 problem for an unknown order, on the detail and the trace", async () => {
    for (const path of ["/v1/orders/ord_missing", "/v1/orders/ord_missing/trace"]) {
      const res = await api(path, { headers: ADMIN });
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(((await res.json()) as { detail: string }).detail).toBe("No order ord_missing.");
    }
  });

  it("answers an unexpected failure with a bare 500 problem and logs it with the request id", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const id = await seedOrder({
      at: T0 + 80_000,
      storeId: "sto_detail",
      externalId: "broken",
      snapshot: "{oops",
    });
    const res = await api(`/v1/orders/${id}`, { headers: { ...ADMIN, "x-request-id": "req-broken-1" } });
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const text = await res.text();
    expect(text).not.toMatch(/snapshot|stack|Error:/);
    expect(JSON.parse(text)).toMatchObject({ status: 500, requestId: "req-broken-1" });
    const logged = errors.mock.calls.flat().join("\n");
    expect(logged).toContain("req-broken-1");
    expect(logged).toContain("snapshot that is not JSON");
  });
});

describe("GET /v1/orders/{id}/trace", () => {
  it("collects the order's events and those sharing its correlation ids, in time order", async () => {
    const at = T0 + 90_000;
    const id = await seedOrder({
      at,
      storeId: "sto_trace",
      externalId: "trace-1",
      correlationId: "corr-first",
    });
    const other = await seedOrder({
      at,
      storeId: "sto_trace",
      externalId: "trace-2",
      correlationId: "corr-other",
    });
    // Seeded out of order; ties on occurredAt are broken by recordedAt.
    await seedEvent({
      key: "upsert-2",
      correlationId: "corr-second",
      orderId: id,
      type: "order.upserted",
      occurredAt: at + 50,
      recordedAt: at + 60,
    });
    await seedEvent({
      key: "intake-1",
      correlationId: "corr-first",
      orderId: null,
      type: "delivery.received",
      occurredAt: at,
      recordedAt: at + 1,
    });
    await seedEvent({
      key: "reserve-1",
      correlationId: "corr-first",
      orderId: id,
      type: "stock.reserved",
      occurredAt: at + 10,
      recordedAt: at + 12,
    });
    await seedEvent({
      key: "upsert-1",
      correlationId: "corr-first",
      orderId: id,
      type: "order.upserted",
      occurredAt: at + 10,
      recordedAt: at + 11,
    });
    await seedEvent({
      key: "intake-2",
      correlationId: "corr-second",
      orderId: null,
      type: "delivery.received",
      occurredAt: at + 40,
      recordedAt: at + 41,
    });
    await seedEvent({
      key: "erp-push",
      correlationId: "corr-erp",
      orderId: id,
      type: "erp.pushed",
      occurredAt: at + 100,
      recordedAt: at + 100,
    });
    await seedEvent({
      key: "unrelated",
      correlationId: "corr-other",
      orderId: other,
      type: "order.upserted",
      occurredAt: at + 20,
      recordedAt: at + 20,
    });
    await seedEvent({
      key: "stray",
      correlationId: "corr-stray",
      orderId: null,
      type: "delivery.received",
      occurredAt: at + 30,
      recordedAt: at + 30,
    });

    const res = await api(`/v1/orders/${id}/trace`, { headers: ADMIN });
    expect(res.status).toBe(200);
    const trace = (await res.json()) as {
      orderId: string;
      correlationIds: string[];
      events: {
        id: string;
        type: string;
        correlationId: string;
        occurredAt: string;
        recordedAt: string;
        data: unknown;
        source: string;
      }[];
    };
    expect(trace.orderId).toBe(id);
    expect(trace.events.map((e) => e.id)).toEqual([
      "evt_intake-1",
      "evt_upsert-1",
      "evt_reserve-1",
      "evt_intake-2",
      "evt_upsert-2",
      "evt_erp-push",
    ]);
    expect(trace.correlationIds).toEqual(["corr-first", "corr-second", "corr-erp"]);
    expect(trace.events[0]).toEqual({
      id: "evt_intake-1",
      type: "delivery.received",
      source: "test",
      occurredAt: new Date(at).toISOString(),
      recordedAt: new Date(at + 1).toISOString(),
      correlationId: "corr-first",
      data: { step: "intake-1" },
    });
  });

  it("answers an order without events with its own correlation id and no events", async () => {
    const id = await seedOrder({
      at: T0 + 95_000,
      storeId: "sto_trace",
      externalId: "quiet",
      correlationId: "corr-quiet",
    });
    const trace = (await (await api(`/v1/orders/${id}/trace`, { headers: ADMIN })).json()) as Record<
      string,
      unknown
    >;
    expect(trace).toEqual({ orderId: id, correlationIds: ["corr-quiet"], events: [] });
  });
});
