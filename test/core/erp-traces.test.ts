import { describe, expect, it } from "vitest";
import { ADMIN, api, bearer, createApiKey, seedEvent, seedOrder } from "./api-helpers";

interface TraceBody {
  correlationId: string;
  orderIds: string[];
  events: {
    id: string;
    type: string;
    source: string;
    occurredAt: string;
    correlationId: string;
    data: unknown;
  }[];
}

describe("GET /v1/traces/{correlationId}", () => {
  const T0 = Date.UTC(2026, 10, 21, 9, 0, 0);

  it("shows every step under the id, oldest first, and the orders they touched", async () => {
    const first = await seedOrder({ at: T0, storeId: "sto_trace", externalId: "T-1" });
    const second = await seedOrder({ at: T0 + 1, storeId: "sto_trace", externalId: "T-2" });
    const step = (key: string, orderId: string | null, occurredAt: number, correlationId = "corr-trace-1") =>
      seedEvent({ key, correlationId, orderId, type: `test.${key}`, occurredAt, recordedAt: T0 + 10_000 });
    // Written out of time order; one step without an order, one under another correlation id.
    await step("trace-c", second, T0 + 3_000);
    await step("trace-a", first, T0 + 1_000);
    await step("trace-b", null, T0 + 2_000);
    await step("trace-d", first, T0 + 4_000);
    await step("trace-other", first, T0 + 2_500, "corr-trace-2");

    const res = await api("/v1/traces/corr-trace-1", { headers: ADMIN });
    expect(res.status).toBe(200);
    const trace = (await res.json()) as TraceBody;
    expect(trace.correlationId).toBe("corr-trace-1");
    expect(trace.events.map((e) => e.type)).toEqual([
      "test.trace-a",
      "test.trace-b",
      "test.trace-c",
      "test.trace-d",
    ]);
    expect(trace.orderIds.sort()).toEqual([first, second].sort());
    expect(trace.events[1]).toEqual({
      id: "evt_trace-b",
      type: "test.trace-b",
      source: "test",
      occurredAt: new Date(T0 + 2_000).toISOString(),
      recordedAt: new Date(T0 + 10_000).toISOString(),
      correlationId: "corr-trace-1",
      data: { step: "trace-b" },
    });
  });

  it("answers 404 when nothing was logged under the id", async () => {
    const res = await api("/v1/traces/corr-never-seen", { headers: ADMIN });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });

  it("needs the orders:read scope", async () => {
    await seedEvent({
      key: "trace-scope",
      correlationId: "corr-trace-scope",
      orderId: null,
      type: "test.scope",
      occurredAt: T0,
      recordedAt: T0,
    });
    const erpOnly = await createApiKey(["erp:read", "erp:write"]);
    expect((await api("/v1/traces/corr-trace-scope", { headers: bearer(erpOnly) })).status).toBe(403);
    const reader = await createApiKey(["orders:read"]);
    const res = await api("/v1/traces/corr-trace-scope", { headers: bearer(reader) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as TraceBody).orderIds).toEqual([]);
  });
});
