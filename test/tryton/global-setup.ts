import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { TRYTON_DATABASE, type TrytonServer } from "./server-info";

/**
 * Starts trytond (Debian's tryton-server 6.0) on a free loopback port over a fresh copy of the
 * database scripts/tryton/prepare.py built, and stops it after the run. Tests reach it through
 * `inject("tryton")`. Fails at once, naming the command to run, when Tryton or the database is missing.
 */
const root = path.resolve(import.meta.dirname, "../..");
const cache = process.env.TRYTON_CACHE ?? path.join(root, "node_modules/.cache/tryton");
const SETUP_HINT = "Tryton is not set up on this machine. Run (as root): npm run tryton:setup";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const prepared = path.join(cache, `${TRYTON_DATABASE}.sqlite`);
  if (!existsSync("/usr/bin/trytond")) throw new Error(`${SETUP_HINT}  (no /usr/bin/trytond)`);
  if (!existsSync(prepared)) throw new Error(`${SETUP_HINT}  (no prepared database at ${prepared})`);

  // tmpfs when there is one: trytond commits every call, and SQLite's syncs are what it waits on.
  const dir = mkdtempSync(path.join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "tryton-test-"));
  const dbPath = path.join(dir, `${TRYTON_DATABASE}.sqlite`);
  copyFileSync(prepared, dbPath);
  const port = await freePort();
  const conf = path.join(dir, "trytond.conf");
  writeFileSync(conf, `[database]\nuri = sqlite://\npath = ${dir}\n[web]\nlisten = 127.0.0.1:${port}\n`);

  const log: string[] = [];
  const child = spawn("/usr/bin/trytond", ["-c", conf, "-d", TRYTON_DATABASE], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PYTHONWARNINGS: "ignore::DeprecationWarning" },
  });
  const keep = (chunk: Buffer) => log.push(chunk.toString());
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntilServing(baseUrl, child, log);
  const info: TrytonServer = { baseUrl, database: TRYTON_DATABASE, dbPath };
  project.provide("tryton", info);

  return async () => {
    await stop(child);
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

/** trytond loads the database's pool before it listens; poll `common.server.version` until it answers. */
async function waitUntilServing(baseUrl: string, child: ChildProcess, log: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`trytond exited with ${child.exitCode}:\n${log.join("")}`);
    try {
      const response = await fetch(`${baseUrl}/`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ id: 0, method: "common.server.version", params: [] }),
      });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill("SIGKILL");
  throw new Error(`trytond did not answer within 60 s:\n${log.join("")}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

declare module "vitest" {
  export interface ProvidedContext {
    tryton: TrytonServer;
  }
}
