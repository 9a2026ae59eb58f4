import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { control, FSCM, oracle } from "./oracle-fusion-client";

interface Stats {
  requests: number;
  admitted: number;
  refused: { concurrency: number; window: number; auth: number; fault: number };
  maxInFlight: number;
  limitViolations: number;
}

const stats = async (): Promise<Stats> => (await control("GET", "/stats")).json();

describe("Oracle Fusion sandbox: limits, latency and faults", () => {
  beforeEach(async () => {
    await control("POST", "/reset");
  });

  it("never admits more requests than the concurrency limit, and says so in stats", async () => {
    await control("POST", "/settings", { latencyMs: 150, concurrencyLimit: 2 });
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => oracle("GET", `${FSCM}/salesOrdersForOrderHub`)),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(2);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    const s = await stats();
    expect(s.requests).toBe(6);
    expect(s.admitted + s.refused.concurrency).toBe(6);
    expect(s.maxInFlight).toBeLessThanOrEqual(2);
    expect(s.limitViolations).toBe(0);
  });

  it("refuses past a request window when one is set", async () => {
    await control("POST", "/settings", { windowLimit: 2, windowMs: 60_000 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await oracle("GET", `${FSCM}/salesOrdersForOrderHub`)).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect((await stats()).refused.window).toBe(1);
  });

  it("answers injected 5xx, 429 with Retry-After and 401, then recovers", async () => {
    await control("POST", "/faults", { mode: "error_5xx", status: 503 });
    expect((await oracle("GET", `${FSCM}/salesOrdersForOrderHub`)).status).toBe(503);
    await control("POST", "/faults", { mode: "rate_limit_429", retryAfterSeconds: 7 });
    const limited = await oracle("GET", `${FSCM}/salesOrdersForOrderHub`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    await control("POST", "/faults", { mode: "auth_401", count: 1 });
    expect((await oracle("GET", `${FSCM}/salesOrdersForOrderHub`)).status).toBe(401);
    expect((await oracle("GET", `${FSCM}/salesOrdersForOrderHub`)).status).toBe(200);
    expect((await stats()).refused.fault).toBe(3);
  });

  it("accepts the chaos run's mixed plan and validates plans", async () => {
    const mixed = await control("POST", "/faults", { mode: "mixed", probability: 0.33 });
    expect(await mixed.json()).toMatchObject({
      fault: { mode: "mixed", probability: 0.33, remaining: null },
    });
    expect((await control("POST", "/faults", { mode: "mixed", probability: 0.3, count: 2 })).status).toBe(
      422,
    );
    expect((await control("POST", "/faults", { mode: "clear" })).status).toBe(200);
    expect(await (await control("GET", "/faults")).json()).toEqual({ fault: null });
  });

  it("uses the ORACLE_CONCURRENCY_LIMIT binding when no limit is set", () => {
    expect(env.ORACLE_CONCURRENCY_LIMIT).toBe("8");
  });
});
