import path from "node:path";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { SANDBOX_TEST_BINDINGS } from "../support/netsuite-credentials.ts";

// configPath resolves against this project's root (this directory); an absolute path keeps it obvious.
export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: path.resolve(import.meta.dirname, "../../workers/sandbox/wrangler.toml") },
      remoteBindings: false,
      miniflare: { bindings: SANDBOX_TEST_BINDINGS },
    }),
  ],
  // Structured logs are shown for failing tests only.
  test: { name: "sandbox", include: ["**/*.test.ts"], silent: "passed-only" },
});
