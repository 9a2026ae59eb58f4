import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ErpLimits } from "../../shared/erp";
import {
  admitThrough,
  BREAKER,
  closedBreaker,
  recordOutcome,
  startProbe,
} from "../../workers/erp-sync/src/governance/breaker";
import { GOVERNANCE_HEADER, governedFetch } from "../../workers/erp-sync/src/governance/governed-fetch";

/** A fresh budget object per test: budgets are per connection id. */
const budget = () => env.ERP_BUDGET.getByName(`test-${crypto.randomUUID()}`);
const limits = (
  concurrency: number,
  windowLimit: number | null = null,
  windowMs: number | null = null,
): ErpLimits => ({
  concurrency,
  windowLimit,
  windowMs,
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the rate budget Durable Object", () => {
  it("never grants more leases than the concurrency limit, and a release lets the next one in", async () => {
    const b = budget();
    const grants = await Promise.all(
      [1, 2, 3].map(() => b.acquire({ limits: limits(3), leaseMs: 60_000, maxWaitMs: 0 })),
    );
    expect(grants.every((g) => g.ok)).toBe(true);
    const refused = await b.acquire({ limits: limits(3), leaseMs: 60_000, maxWaitMs: 0 });
    expect(refused).toMatchObject({ ok: false, reason: "concurrency" });
    const first = grants[0];
    if (!first?.ok) throw new Error("granted above");
    await b.release({ leaseId: first.leaseId, outcome: "success" });
    expect(await b.acquire({ limits: limits(3), leaseMs: 60_000, maxWaitMs: 0 })).toMatchObject({ ok: true });
    expect((await b.snapshot()).inFlight).toBe(3);
  });

  it("queues callers first come first served and grants them as slots free up", async () => {
    const b = budget();
    const held = await b.acquire({ limits: limits(1), leaseMs: 60_000, maxWaitMs: 0 });
    if (!held.ok) throw new Error("first lease");
    const order: string[] = [];
    const waiting = ["a", "b"].map((name) =>
      b.acquire({ limits: limits(1), leaseMs: 60_000, maxWaitMs: 5_000 }).then(async (g) => {
        order.push(name);
        if (g.ok) await b.release({ leaseId: g.leaseId, outcome: "success" });
        return g;
      }),
    );
    await sleep(50);
    expect((await b.snapshot()).waiting).toBe(2);
    await b.release({ leaseId: held.leaseId, outcome: "success" });
    const results = await Promise.all(waiting);
    expect(results.every((g) => g.ok)).toBe(true);
    expect(order).toEqual(["a", "b"]);
  });

  it("holds the sliding window exactly: no more starts than the limit in any window", async () => {
    const b = budget();
    const window = limits(10, 3, 1_000);
    const started: number[] = [];
    for (let i = 0; i < 5; i++) {
      const g = await b.acquire({ limits: window, leaseMs: 60_000, maxWaitMs: 3_000 });
      if (!g.ok) throw new Error(`start ${i} refused: ${g.reason}`);
      await b.release({ leaseId: g.leaseId, outcome: "success" });
      started.push(g.at);
    }
    // The 4th start waited for the 1st to leave the window, the 5th for the 2nd.
    expect((started[3] ?? 0) - (started[0] ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect((started[4] ?? 0) - (started[1] ?? 0)).toBeGreaterThanOrEqual(1_000);
    const fresh = budget();
    const minute = limits(10, 3, 60_000);
    for (let i = 0; i < 3; i++) {
      expect(await fresh.acquire({ limits: minute, leaseMs: 60_000, maxWaitMs: 0 })).toMatchObject({
        ok: true,
      });
    }
    const refused = await fresh.acquire({ limits: minute, leaseMs: 60_000, maxWaitMs: 0 });
    expect(refused).toMatchObject({ ok: false, reason: "window" });
  });

  it("one caller's Retry-After holds back every caller until it has passed", async () => {
    const b = budget();
    const g = await b.acquire({ limits: limits(5), leaseMs: 60_000, maxWaitMs: 0 });
    if (!g.ok) throw new Error("lease");
    await b.release({ leaseId: g.leaseId, outcome: "success", retryAfterMs: 2_000 });
    const refused = await b.acquire({ limits: limits(5), leaseMs: 60_000, maxWaitMs: 0 });
    expect(refused).toMatchObject({ ok: false, reason: "retry_after" });
    if (refused.ok) throw new Error("refused above");
    expect(refused.waitMs).toBeGreaterThan(1_000);
    expect(refused.waitMs).toBeLessThanOrEqual(2_000);
  });

  it("a lease whose holder never reports expires and frees its slot", async () => {
    const b = budget();
    expect(await b.acquire({ limits: limits(1), leaseMs: 100, maxWaitMs: 0 })).toMatchObject({ ok: true });
    expect(await b.acquire({ limits: limits(1), leaseMs: 100, maxWaitMs: 0 })).toMatchObject({ ok: false });
    await sleep(150);
    expect(await b.acquire({ limits: limits(1), leaseMs: 100, maxWaitMs: 0 })).toMatchObject({ ok: true });
  });

  it("opens the circuit after consecutive failures and refuses without waiting", async () => {
    const b = budget();
    for (let i = 0; i < BREAKER.failureThreshold; i++) {
      const g = await b.acquire({ limits: limits(5), leaseMs: 60_000, maxWaitMs: 0 });
      if (!g.ok) throw new Error(`lease ${i}`);
      await b.release({ leaseId: g.leaseId, outcome: "failure" });
    }
    expect((await b.snapshot()).breaker.state).toBe("open");
    const circuit = await b.circuit();
    expect(circuit.state).toBe("open");
    expect(circuit.retryInMs).toBeGreaterThan(25_000);
    const refused = await b.acquire({ limits: limits(5), leaseMs: 60_000, maxWaitMs: 60_000 });
    expect(refused).toMatchObject({ ok: false, reason: "circuit_open" });
  });
});

describe("the circuit breaker", () => {
  it("closed -> open after the threshold -> half-open probe after the cooldown -> closed on success", () => {
    let b = closedBreaker();
    for (let i = 0; i < BREAKER.failureThreshold - 1; i++) b = recordOutcome(b, "failure", `l${i}`, 0);
    expect(b.state).toBe("closed");
    b = recordOutcome(b, "failure", "last", 1_000);
    expect(b).toMatchObject({ state: "open", openedAt: 1_000 });
    expect(admitThrough(b, 1_000 + BREAKER.baseCooldownMs - 1)).toEqual({ admit: false, waitMs: 1 });
    expect(admitThrough(b, 1_000 + BREAKER.baseCooldownMs)).toEqual({ admit: true, probe: true });
    b = startProbe(b, "probe");
    expect(admitThrough(b, 1_000 + BREAKER.baseCooldownMs)).toMatchObject({ admit: false });
    expect(recordOutcome(b, "success", "probe", 40_000)).toEqual(closedBreaker());
  });

  it("a failed probe opens it again for twice as long, capped", () => {
    let b = startProbe({ ...closedBreaker(), state: "open", openedAt: 0 }, "probe");
    b = recordOutcome(b, "failure", "probe", 50_000);
    expect(b).toMatchObject({ state: "open", openedAt: 50_000, cooldownMs: 2 * BREAKER.baseCooldownMs });
    for (let i = 0; i < 10; i++) b = recordOutcome(startProbe(b, `p${i}`), "failure", `p${i}`, 0);
    expect(b.cooldownMs).toBe(BREAKER.maxCooldownMs);
  });

  it("a success from a non-probe request does not close an open circuit", () => {
    const open = { ...closedBreaker(), state: "open" as const, openedAt: 0 };
    expect(recordOutcome(open, "success", "late-request", 10)).toEqual(open);
  });
});

describe("the governed fetch", () => {
  it("keeps a timed-out request's slot taken for a while: the ERP may still be working on it", async () => {
    const b = budget();
    const fetch = governedFetch(
      b,
      async () => {
        throw new DOMException("The operation was aborted due to timeout", "TimeoutError");
      },
      options,
    );
    await expect(fetch(new Request("https://erp.test/slow"))).rejects.toThrow("timeout");
    expect(await b.acquire({ limits: limits(1), leaseMs: 60_000, maxWaitMs: 0 })).toMatchObject({
      ok: false,
      reason: "concurrency",
    });
    await sleep(600);
    expect(await b.acquire({ limits: limits(1), leaseMs: 60_000, maxWaitMs: 0 })).toMatchObject({ ok: true });
    // The held slot ran out on its own without counting as a second failure.
    expect((await b.snapshot()).breaker.consecutiveFailures).toBe(1);
  });

  const options = {
    limits: limits(1),
    leaseMs: 60_000,
    maxWaitMs: 0,
    holdAfterTimeoutMs: 500,
    requestTimeoutMs: 1_000,
    now: Date.now,
  };

  it("does not send a request the budget refuses and answers a local 429 with Retry-After", async () => {
    const b = budget();
    let sent = 0;
    const inner = async () => {
      sent++;
      return new Response(null, { status: 204 });
    };
    const hold = await b.acquire({ limits: limits(1), leaseMs: 60_000, maxWaitMs: 0 });
    expect(hold.ok).toBe(true);
    const res = await governedFetch(b, inner, options)(new Request("https://erp.test/x"));
    expect(res.status).toBe(429);
    expect(res.headers.get(GOVERNANCE_HEADER)).toBe("concurrency");
    expect(res.headers.get("retry-after")).toBe("1");
    expect(sent).toBe(0);
  });

  it("starts the request's timeout when it is sent, not while it waits for a slot", async () => {
    const b = budget();
    const g = await b.acquire({ limits: limits(1), leaseMs: 60_000, maxWaitMs: 0 });
    if (!g.ok) throw new Error("lease");
    await b.release({ leaseId: g.leaseId, outcome: "success", retryAfterMs: 300 });
    const fetch = governedFetch(
      b,
      async (request) => {
        if (request.signal.aborted) throw request.signal.reason;
        return new Response(null, { status: 204 });
      },
      { ...options, maxWaitMs: 2_000 },
    );
    // The caller's own 10 ms would have run out during the 300 ms wait.
    const res = await fetch(new Request("https://erp.test/waited", { signal: AbortSignal.timeout(10) }));
    expect(res.status).toBe(204);
  });

  it("reports the ERP's 429 Retry-After to the budget and 5xx as failures", async () => {
    const b = budget();
    const answers = [new Response("busy", { status: 429, headers: { "retry-after": "3" } })];
    const fetch = governedFetch(
      b,
      async () => answers.shift() ?? new Response(null, { status: 503 }),
      options,
    );
    expect((await fetch(new Request("https://erp.test/a"))).status).toBe(429);
    const snap = await b.snapshot();
    expect(snap.inFlight).toBe(0);
    expect(snap.blockedUntil).toBeGreaterThan(Date.now() + 2_000);
  });
});
