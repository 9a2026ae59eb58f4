import { exports } from "cloudflare:workers";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { control, fetchSession, ODATA, ORIGIN, records, salesOrderBody, sap, write } from "./sap-client";

const ORDERS = `${ODATA}/API_SALES_ORDER_SRV/A_SalesOrder`;

interface Stats {
  requests: number;
  admitted: number;
  refused: { concurrency: number; window: number; auth: number; fault: number };
  maxInFlight: number;
  limitViolations: number;
}

async function stats(): Promise<Stats> {
  return (await control("GET", "/stats")).json();
}

describe("sandbox SAP: limits, faults and the control API", () => {
  beforeEach(async () => {
    expect((await control("POST", "/reset")).status).toBe(200);
  });

  it("answers 503 beyond the concurrency limit and never admits past it", async () => {
    expect((await control("POST", "/settings", { concurrency: 2, latencyMs: 3_000 })).status).toBe(200);
    const responses = await Promise.all(Array.from({ length: 5 }, () => sap("GET", ORDERS)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 503, 503, 503]);
    expect(responses.find((r) => r.status === 503)?.headers.get("retry-after")).toBe("1");
    const s = await stats();
    expect(s).toMatchObject({ requests: 5, admitted: 2, maxInFlight: 2, limitViolations: 0 });
    expect(s.refused.concurrency).toBe(3);
  });

  it("answers 429 with Retry-After once the request window is spent", async () => {
    await control("POST", "/settings", { windowLimit: 2, windowMs: 60_000 });
    expect((await sap("GET", ORDERS)).status).toBe(200);
    expect((await sap("GET", ORDERS)).status).toBe(200);
    const limited = await sap("GET", ORDERS);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(50);
    expect((await stats()).refused.window).toBe(1);
    const settings: { windowLimit: number; concurrency: number } = await (
      await control("GET", "/settings")
    ).json();
    expect(settings).toMatchObject({ windowLimit: 2, concurrency: 10 });
  });

  it("injects 5xx, 429 and 401 faults, counted as fault refusals, and commits nothing for them", async () => {
    const session = await fetchSession();
    await control("POST", "/faults", { mode: "error_5xx", count: 1, status: 503 });
    expect((await write("POST", ORDERS, session, salesOrderBody())).status).toBe(503);
    await control("POST", "/faults", { mode: "rate_limit_429", count: 1, retryAfterSeconds: 7 });
    const limited = await write("POST", ORDERS, session, salesOrderBody());
    expect([limited.status, limited.headers.get("retry-after")]).toEqual([429, "7"]);
    await control("POST", "/faults", { mode: "auth_401", count: 1 });
    expect((await sap("GET", ORDERS)).status).toBe(401);
    expect(await records()).toHaveLength(0);
    expect((await stats()).refused.fault).toBe(3);
  });

  it("commit_then_timeout skips reads, commits the next write and holds its answer", async () => {
    const session = await fetchSession();
    await control("POST", "/faults", { mode: "commit_then_timeout", count: 1, delayMs: 60_000 });
    expect((await sap("GET", ORDERS)).status).toBe(200);
    let settled = false;
    const held = write("POST", ORDERS, session, salesOrderBody());
    held.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    await vi.waitFor(async () => expect(await records()).toHaveLength(1), { timeout: 10_000, interval: 50 });
    expect(settled).toBe(false);
    const fault: { fault: unknown } = await (await control("GET", "/faults")).json();
    expect(fault.fault).toBeNull();
  });

  it("mixed faults hit each request with 5xx or 429, or let a read through (commit-then-timeout is for writes)", async () => {
    await control("POST", "/faults", { mode: "mixed", probability: 1 });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) statuses.push((await sap("GET", ORDERS)).status);
    expect(statuses.every((s) => s === 500 || s === 429 || s === 200)).toBe(true);
    const refused = statuses.filter((s) => s !== 200).length;
    expect(refused).toBeGreaterThan(0);
    expect((await stats()).refused.fault).toBe(refused);
    await control("POST", "/faults", { mode: "clear" });
    expect((await sap("GET", ORDERS)).status).toBe(200);
  });

  it("control writes need the control token, reads are open, input is validated", async () => {
    const anonymous = await exports.default.fetch(
      new Request(`${ORIGIN}/_sandbox/sap/tokens/expire`, { method: "POST" }),
    );
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("content-type")).toBe("application/problem+json");
    expect((await exports.default.fetch(new Request(`${ORIGIN}/_sandbox/sap/stats`))).status).toBe(200);
    expect((await control("POST", "/faults", { mode: "explode" })).status).toBe(422);
    expect((await control("POST", "/settings", { concurrency: 0 })).status).toBe(422);
    const requests: { requests: Array<{ outcome: string }> } = await (
      await control("GET", "/requests")
    ).json();
    expect(requests.requests.map((r) => r.outcome)).toEqual(["limit:concurrency"].slice(0, 0));
  });
});
