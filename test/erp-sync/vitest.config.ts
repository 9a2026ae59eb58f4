import path from "node:path";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { ERP_SYNC_TEST_BINDINGS, SANDBOX_TEST_BINDINGS } from "../support/netsuite-credentials.ts";

// erp-sync's own wrangler.toml, plus the sandbox's Durable Object classes hosted in the same test
// worker: tests route the adapter's fetch into the real sandbox app (see sandbox-netsuite.ts).
// Paths resolve against this project's root (this directory); absolute paths keep that obvious.
export default defineConfig({
  plugins: [
    cloudflareTest({
      main: path.resolve(import.meta.dirname, "test-worker.ts"),
      wrangler: { configPath: path.resolve(import.meta.dirname, "../../workers/erp-sync/wrangler.toml") },
      remoteBindings: false,
      miniflare: {
        bindings: { ...SANDBOX_TEST_BINDINGS, ...ERP_SYNC_TEST_BINDINGS },
        durableObjects: {
          NETSUITE: { className: "NetSuiteAccount", useSQLite: true },
          BUSINESS_CENTRAL: { className: "BusinessCentralTenant", useSQLite: true },
          SAP: { className: "SapSystem", useSQLite: true },
          ORACLE_FUSION: { className: "OracleFusionPod", useSQLite: true },
          SHOPIFY: { className: "ShopifyShop", useSQLite: true },
        },
        // mesh-core is not part of this project: tests hand the handlers an in-memory MeshInternalApi
        // (fake-core.ts) as env.CORE, and this stub only lets the runtime start.
        serviceBindings: {
          CORE: () => new Response("mesh-core is replaced by a fake in erp-sync tests", { status: 503 }),
        },
      },
    }),
  ],
  // Structured logs are shown for failing tests only.
  // A Durable Object's first call in a run can take seconds on a loaded 2-core machine.
  test: { name: "erp-sync", include: ["**/*.test.ts"], silent: "passed-only", testTimeout: 30_000 },
});
