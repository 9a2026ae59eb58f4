import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "../..");

// The Tryton adapter against a real trytond 6.0 (Debian's packages), in Node: global-setup.ts starts
// the server on a free loopback port over a fresh copy of the prepared database. One file at a time:
// they share that server and its SQLite file.
export default defineConfig({
  test: {
    name: "tryton",
    root,
    include: ["test/tryton/**/*.test.ts"],
    environment: "node",
    globalSetup: [path.resolve(import.meta.dirname, "global-setup.ts")],
    fileParallelism: false,
    // Generous: trytond answers each call in 50-300 ms on a shared 2-core machine, and a push makes dozens.
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
