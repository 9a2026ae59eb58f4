import path from "node:path";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// The plugin resolves `configPath` (and aux workers' `scriptPath`) against the project root, which
// is this directory; absolute paths keep that obvious. The CORE service binding of the real
// wrangler.toml points at `mesh-core`, satisfied here by a small fake worker of that name.
export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: path.resolve(import.meta.dirname, "../../workers/shopify/wrangler.toml") },
      remoteBindings: false,
      miniflare: {
        workers: [
          {
            name: "mesh-core",
            modules: true,
            scriptPath: path.resolve(import.meta.dirname, "fake-core.js"),
            compatibilityDate: "2026-11-01",
          },
        ],
      },
    }),
  ],
  test: { name: "shopify", include: ["**/*.test.ts"] },
});
