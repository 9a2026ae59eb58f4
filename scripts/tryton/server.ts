// Starts Debian's trytond (6.0) over a copy of the database scripts/tryton/prepare.py built: for the
// Tryton test suite (a fresh copy on a free port) and for `MESH_ERP=tryton npm run dev` (a copy kept
// between runs, on port 8000). Fails at once, naming the command to run, when Tryton is not set up.
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, existsSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
export const TRYTON_DATABASE = "mesh";
const SETUP_HINT = "Tryton is not set up on this machine. Run (as root): npm run tryton:setup";

export interface RunningTryton {
  baseUrl: string;
  database: string;
  /** The SQLite file trytond serves. */
  dbPath: string;
  /** Output so far, for error messages. */
  log: string[];
  stop(): Promise<void>;
}

/**
 * `dir` holds the served database and trytond's config. The prepared database is copied in when
 * `fresh`, or when the directory has none yet (a dev database keeps its records between runs).
 */
export async function startTryton(options: {
  dir: string;
  port: number;
  fresh: boolean;
}): Promise<RunningTryton> {
  const cache = process.env.TRYTON_CACHE ?? path.join(root, "node_modules/.cache/tryton");
  const prepared = path.join(cache, `${TRYTON_DATABASE}.sqlite`);
  if (!existsSync("/usr/bin/trytond")) throw new Error(`${SETUP_HINT}  (no /usr/bin/trytond)`);
  if (!existsSync(prepared)) throw new Error(`${SETUP_HINT}  (no prepared database at ${prepared})`);

  const dbPath = path.join(options.dir, `${TRYTON_DATABASE}.sqlite`);
  if (options.fresh || !existsSync(dbPath)) copyFileSync(prepared, dbPath);
  const conf = path.join(options.dir, "trytond.conf");
  writeFileSync(
    conf,
    `[database]\nuri = sqlite://\npath = ${options.dir}\n[web]\nlisten = 127.0.0.1:${options.port}\n`,
  );

  const log: string[] = [];
  const child = spawn("/usr/bin/trytond", ["-c", conf, "-d", TRYTON_DATABASE], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PYTHONWARNINGS: "ignore::DeprecationWarning" },
  });
  const keep = (chunk: Buffer) => log.push(chunk.toString());
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  const baseUrl = `http://127.0.0.1:${options.port}`;
  await waitUntilServing(baseUrl, child, log);
  return { baseUrl, database: TRYTON_DATABASE, dbPath, log, stop: () => stop(child) };
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
  throw new Error(
    `trytond did not answer within 60 s (is port ${new URL(baseUrl).port} taken?):\n${log.join("")}`,
  );
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}
