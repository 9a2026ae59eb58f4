import { beforeEach, describe, expect, it } from "vitest";
import {
  control,
  inspectRecords,
  inspectRequests,
  netsuite,
  RECORDS,
  salesOrderBody,
  signedRequest,
} from "./netsuite-client";

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

describe("sandbox NetSuite: the uniform control API", () => {
  beforeEach(async () => {
    expect((await control("POST", "/reset")).status).toBe(200);
  });

  it("counts requests, admissions and refusals, and never admits beyond the limit", async () => {
    expect((await control("POST", "/settings", { concurrencyLimit: 2, latencyMs: 300 })).status).toBe(200);
    const { exports } = await import("cloudflare:workers");
    const requests = await Promise.all(
      Array.from({ length: 5 }, () => signedRequest("GET", `${RECORDS}/salesOrder/1`)),
    );
    const statuses = (await Promise.all(requests.map((r) => exports.default.fetch(r))))
      .map((r) => r.status)
      .sort();
    expect(statuses).toEqual([404, 404, 429, 429, 429]);
    await netsuite("GET", `${RECORDS}/salesOrder/1`, {
      credentials: { consumerKey: "x", consumerSecret: "y", tokenId: "z", tokenSecret: "w" },
    });
    expect(await stats()).toEqual({
      requests: 6,
      admitted: 2,
      refused: { concurrency: 3, window: 0, auth: 1, fault: 0 },
      maxInFlight: 2,
      limitViolations: 0,
    });
  });

  it("holds every admitted request for latencyMs", async () => {
    await control("POST", "/settings", { latencyMs: 400 });
    const started = Date.now();
    expect((await netsuite("GET", `${RECORDS}/salesOrder/1`)).status).toBe(404);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(await (await control("GET", "/settings")).json()).toMatchObject({
      latencyMs: 400,
      advancedShipping: true,
    });
  });

  it("refuses postings dated before closedPeriodsBefore with NetSuite's period error", async () => {
    await control("POST", "/settings", { closedPeriodsBefore: "2026-12-01" });
    const res = await netsuite("PUT", `${RECORDS}/salesOrder/eid:closed-1`, {
      body: salesOrderBody({ tranDate: "2026-11-20" }),
    });
    expect(res.status).toBe(400);
    const body: { "o:errorDetails": Array<Record<string, string>> } = await res.json();
    expect(body["o:errorDetails"][0]).toEqual({
      detail:
        "Error while accessing a resource. The transaction date 2026-11-20 is not within an open accounting period.",
      "o:errorCode": "USER_ERROR",
      "o:errorPath": "tranDate",
    });
    expect(
      (
        await netsuite("PUT", `${RECORDS}/salesOrder/eid:open-1`, {
          body: salesOrderBody({ tranDate: "2026-12-01" }),
        })
      ).status,
    ).toBe(204);
    // Customers are not postings: no period applies.
    const customer = { isPerson: true, firstName: "A", lastName: "B" };
    expect((await netsuite("PUT", `${RECORDS}/customer/eid:c-1`, { body: customer })).status).toBe(204);
    await control("POST", "/settings", { closedPeriodsBefore: null });
    expect(
      (
        await netsuite("PUT", `${RECORDS}/salesOrder/eid:closed-1`, {
          body: salesOrderBody({ tranDate: "2026-11-20" }),
        })
      ).status,
    ).toBe(204);
  });

  it("mixed faults hit with the given probability and pick 5xx, 429 or commit-then-timeout", async () => {
    expect((await control("POST", "/faults", { mode: "mixed", probability: 1, delayMs: 10 })).status).toBe(
      200,
    );
    const statuses = new Set<number>();
    for (let i = 0; i < 30; i++) statuses.add((await netsuite("GET", `${RECORDS}/salesOrder/1`)).status);
    // commit_then_timeout answers late (here 10 ms) with the real answer, 404 for a missing order.
    expect([...statuses].sort()).toEqual([404, 429, 500]);
    const outcomes = new Set((await inspectRequests()).map((r) => r.outcome));
    expect(outcomes).toEqual(
      new Set([
        "fault:error_5xx",
        "fault:rate_limit_429",
        "rejected:NONEXISTENT_ID+fault:commit_then_timeout",
      ]),
    );
    const { refused } = await stats();
    expect(refused.fault).toBeGreaterThan(0);
  });

  it("auth_401 is the uniform name of invalid_login_401, and records carry their key", async () => {
    const plan: { fault: { mode: string } } = await (
      await control("POST", "/faults", { mode: "auth_401" })
    ).json();
    expect(plan.fault.mode).toBe("invalid_login_401");
    expect((await netsuite("GET", `${RECORDS}/salesOrder/1`)).status).toBe(401);
    await netsuite("PUT", `${RECORDS}/salesOrder/eid:keyed-1`, { body: salesOrderBody() });
    const [record] = await inspectRecords();
    expect(record).toMatchObject({ recordType: "salesOrder", key: "keyed-1", writeCount: 1 });
  });

  it("settings and tokens/expire need the control token; bad settings are refused", async () => {
    const { exports } = await import("cloudflare:workers");
    for (const path of ["/settings", "/tokens/expire"]) {
      const res = await exports.default.fetch(
        new Request(`https://sandbox.test/_sandbox/netsuite${path}`, { method: "POST", body: "{}" }),
      );
      expect(res.status, path).toBe(401);
    }
    expect((await control("POST", "/settings", { latencyMs: -1 })).status).toBe(422);
    expect((await control("POST", "/settings", { closedPeriodsBefore: "soon" })).status).toBe(422);
    expect((await control("POST", "/settings", { surprise: true })).status).toBe(422);
    expect(await (await control("POST", "/tokens/expire")).json()).toEqual({ expired: 0 });
  });
});
