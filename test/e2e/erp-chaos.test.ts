import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChaos } from "./chaos.ts";
import { Mesh } from "./mesh.ts";

// The chaos run at CI size (`npm run chaos:erp` runs it over a few hundred orders per ERP).
let mesh: Mesh;

beforeAll(async () => {
  mesh = await Mesh.start(null, { ERP_RETRY_BASE_MS: "200", ERP_REQUEST_TIMEOUT_MS: "1000" });
}, 120_000);

afterAll(async () => {
  await mesh?.close();
});

describe("chaos: a third of ERP requests fail at random", () => {
  it("leaves every order in NetSuite exactly once, none lost, none stuck without an exception", async () => {
    const report = await runChaos(mesh, {
      erp: "netsuite",
      orders: 60,
      probability: 1 / 3,
      timeoutMs: 240_000,
    });
    expect(report.faultsHit).toBeGreaterThan(0);
    expect(report).toMatchObject({
      ordersInCore: 60,
      salesOrderRecords: 60,
      duplicates: 0,
      missing: 0,
      stuck: 0,
      parkedWithoutException: 0,
    });
  }, 300_000);
});
