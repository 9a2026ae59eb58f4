import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startTryton } from "../../scripts/tryton/server.ts";
import type { TrytonServer } from "./server-info";

/**
 * Starts trytond on a free loopback port over a fresh copy of the prepared database
 * (scripts/tryton/server.ts), and stops it after the run. Tests reach it through `inject("tryton")`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // tmpfs when there is one: trytond commits every call, and SQLite's syncs are what it waits on.
  const dir = mkdtempSync(path.join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "tryton-test-"));
  const tryton = await startTryton({ dir, port: await freePort(), fresh: true });
  const info: TrytonServer = { baseUrl: tryton.baseUrl, database: tryton.database, dbPath: tryton.dbPath };
  project.provide("tryton", info);
  return async () => {
    await tryton.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

declare module "vitest" {
  export interface ProvidedContext {
    tryton: TrytonServer;
  }
}
