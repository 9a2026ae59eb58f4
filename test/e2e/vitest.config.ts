import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "../..");

// End-to-end: all four workers from their real wrangler.toml files in one local runtime
// (wrangler's createTestHarness), driven from Node. One file at a time: each starts the whole mesh.
export default defineConfig({
  test: {
    name: "e2e",
    root,
    include: ["test/e2e/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
