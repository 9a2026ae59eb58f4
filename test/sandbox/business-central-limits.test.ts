import { beforeEach, describe, expect, it } from "vitest";
import { bc, COMPANY_URL, control, resetWithCatalogue, token } from "./business-central-client";

/** BC's limits as the sandbox enforces them: requests processed at once with a queue, and the per-user window. */
beforeEach(resetWithCatalogue);

interface Stats {
  requests: number;
  admitted: number;
  refused: { concurrency: number; window: number; auth: number; fault: number };
  maxInFlight: number;
  limitViolations: number;
}

const stats = async (): Promise<Stats> => (await control("GET", "/stats")).json();

describe("limits", () => {
  it("processes at most the concurrency limit at once and queues the rest", async () => {
    await control("POST", "/settings", { concurrencyLimit: 2, latencyMs: 50 });
    const t = await token();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => bc("GET", `${COMPANY_URL}/items`, { token: t })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    const s = await stats();
    expect(s.maxInFlight).toBe(2);
    expect(s.limitViolations).toBe(0);
    expect(s.admitted).toBe(8);
  });

  it("answers 429 with Retry-After when the queue is full too", async () => {
    await control("POST", "/settings", { concurrencyLimit: 1, queueLimit: 1, latencyMs: 100 });
    const t = await token();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => bc("GET", `${COMPANY_URL}/items`, { token: t })),
    );
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]?.headers.get("retry-after")).toBe("1");
    const s = await stats();
    expect(s.refused.concurrency).toBe(refused.length);
    expect(s.maxInFlight).toBe(1);
    expect(s.limitViolations).toBe(0);
  });

  it("answers 429 with the seconds until the user's sliding window frees a request", async () => {
    await control("POST", "/settings", { windowLimit: 3, windowMs: 60_000 });
    const t = await token();
    for (let i = 0; i < 3; i += 1)
      expect((await bc("GET", `${COMPANY_URL}/items`, { token: t })).status).toBe(200);
    const refused = await bc("GET", `${COMPANY_URL}/items`, { token: t });
    expect(refused.status).toBe(429);
    const wait = Number(refused.headers.get("retry-after"));
    expect(wait).toBeGreaterThan(55);
    expect(wait).toBeLessThanOrEqual(60);
    expect((await stats()).refused.window).toBe(1);
  });

  it("injects mixed faults by probability and counts them", async () => {
    await control("POST", "/faults", { mode: "mixed", probability: 1, delayMs: 10 });
    const t = await token();
    const statuses = [];
    for (let i = 0; i < 6; i += 1)
      statuses.push((await bc("GET", `${COMPANY_URL}/items`, { token: t })).status);
    expect(statuses.every((s) => s === 200 || s === 429 || s === 503)).toBe(true);
    const s = await stats();
    expect(s.refused.fault).toBe(statuses.filter((x) => x !== 200).length);
    await control("POST", "/faults", { mode: "clear" });
    expect((await bc("GET", `${COMPANY_URL}/items`, { token: t })).status).toBe(200);
  });
});
