import { beforeEach, describe, expect, it, vi } from "vitest";
import {
  control,
  inspectRecords,
  inspectRequests,
  netsuite,
  ORIGIN,
  RECORDS,
  salesOrderBody,
  signedRequest,
} from "./netsuite-client";

const orderUrl = `${RECORDS}/salesOrder/eid:fault-test-1`;

describe("sandbox NetSuite: concurrency governance and fault injection", () => {
  beforeEach(async () => {
    expect((await control("POST", "/reset")).status).toBe(200);
  });

  it("answers 429 to requests beyond the account's concurrency limit (5)", async () => {
    // Hold every admitted request long enough that all seven are in flight together.
    expect((await control("POST", "/faults", { mode: "slow", count: 5, delayMs: 3_000 })).status).toBe(200);
    const { exports } = await import("cloudflare:workers");
    const requests = await Promise.all(
      Array.from({ length: 7 }, () => signedRequest("GET", `${RECORDS}/salesOrder/1`)),
    );
    const responses = await Promise.all(requests.map((r) => exports.default.fetch(r)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429]);
    const limited = responses.find((r) => r.status === 429);
    const body: { status: number; "o:errorDetails": Array<{ "o:errorCode": string }> } = await (
      limited ?? new Response()
    ).json();
    expect(body.status).toBe(429);
    expect(body["o:errorDetails"][0]?.["o:errorCode"]).toBe("CONCURRENCY_LIMIT_EXCEEDED");
    // Slots are released: the next request goes through.
    expect((await netsuite("GET", `${RECORDS}/salesOrder/1`)).status).toBe(404);
    const outcomes = (await inspectRequests()).map((r) => r.outcome);
    expect(outcomes.filter((o) => o === "concurrency_limit")).toHaveLength(2);
  });

  it("error_5xx answers the next N requests with a 5xx and commits nothing", async () => {
    await control("POST", "/faults", { mode: "error_5xx", count: 2, status: 503 });
    expect((await netsuite("PUT", orderUrl, { body: salesOrderBody() })).status).toBe(503);
    expect((await netsuite("PUT", orderUrl, { body: salesOrderBody() })).status).toBe(503);
    expect(await inspectRecords()).toHaveLength(0);
    expect((await netsuite("PUT", orderUrl, { body: salesOrderBody() })).status).toBe(204);
    expect(await inspectRecords()).toHaveLength(1);
  });

  it("rate_limit_429 answers 429 with Retry-After when asked", async () => {
    await control("POST", "/faults", { mode: "rate_limit_429", count: 1, retryAfterSeconds: 90 });
    const res = await netsuite("PUT", orderUrl, { body: salesOrderBody() });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("90");
    expect(await inspectRecords()).toHaveLength(0);
  });

  it("commit_then_timeout commits the write, then holds the answer", async () => {
    await control("POST", "/faults", { mode: "commit_then_timeout", count: 1, delayMs: 60_000 });
    const { exports } = await import("cloudflare:workers");
    let settled = false;
    const answer = exports.default.fetch(await signedRequest("PUT", orderUrl, { body: salesOrderBody() }));
    answer.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    // The write is visible and logged while the client is still waiting for its 204.
    await vi.waitFor(
      async () => {
        expect((await inspectRequests()).at(-1)?.outcome).toBe("created+fault:commit_then_timeout");
      },
      { timeout: 10_000, interval: 50 },
    );
    const records = await inspectRecords();
    expect(records).toHaveLength(1);
    expect(records[0]?.writeCount).toBe(1);
    expect(settled).toBe(false);
  });

  it("probability faults hit a share of requests; clear removes the plan", async () => {
    await control("POST", "/faults", { mode: "error_5xx", probability: 1 });
    expect((await netsuite("GET", `${RECORDS}/salesOrder/1`)).status).toBe(500);
    expect((await netsuite("GET", `${RECORDS}/salesOrder/1`)).status).toBe(500);
    const cleared = await control("POST", "/faults", { mode: "clear" });
    expect(await cleared.json()).toEqual({ fault: null });
    expect((await netsuite("GET", `${RECORDS}/salesOrder/1`)).status).toBe(404);
  });

  it("control endpoints need the control token and validate their input", async () => {
    const { exports } = await import("cloudflare:workers");
    const anonymous = await exports.default.fetch(
      new Request(`${ORIGIN}/_sandbox/netsuite/faults`, {
        method: "POST",
        body: JSON.stringify({ mode: "clear" }),
      }),
    );
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("content-type")).toBe("application/problem+json");
    expect((await control("POST", "/faults", { mode: "explode" })).status).toBe(422);
    expect((await control("POST", "/faults", { mode: "error_5xx", count: 1, probability: 0.5 })).status).toBe(
      422,
    );
  });
});
