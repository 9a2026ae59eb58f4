// Starts `wrangler dev` processes for benchmarks on their own ports, persistence directory and dev
// registry (so a running `npm run dev` is not disturbed), and stops them all at the end.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const scratch = mkdtempSync(join(tmpdir(), "mesh-bench-"));
const env = {
  ...process.env,
  WRANGLER_REGISTRY_PATH: join(scratch, "registry"),
  CI: "true",
  FORCE_COLOR: "0",
  // No internet here: don't let each worker try to download Request.cf data.
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
};
const children: ChildProcess[] = [];

export interface WranglerTarget {
  name: string;
  config: string;
  port: number;
  migrate?: boolean;
  vars?: Record<string, string>;
}

export interface Running {
  url: string;
  stop(): Promise<void>;
}

export async function startWrangler(t: WranglerTarget): Promise<Running> {
  const persist = join(scratch, "state");
  if (t.migrate) {
    const r = spawnSync(
      "npx",
      ["wrangler", "d1", "migrations", "apply", "DB", "--local", "-c", t.config, "--persist-to", persist],
      { cwd: root, env, encoding: "utf8" },
    );
    if (r.status !== 0) throw new Error(`migrations failed: ${r.stderr}`);
  }
  const varArgs = Object.entries(t.vars ?? {}).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
  const child = spawn(
    "npx",
    [
      "wrangler",
      "dev",
      "-c",
      t.config,
      "--port",
      String(t.port),
      "--inspector-port",
      String(t.port + 1000),
      "--persist-to",
      persist,
      "--show-interactive-dev-session=false",
      "--log-level=error",
      ...varArgs,
    ],
    { cwd: root, env, stdio: ["ignore", "ignore", "inherit"], detached: true },
  );
  children.push(child);
  const stop = async () => {
    if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGINT");
    await new Promise((r) => setTimeout(r, 1500));
  };
  const url = `http://127.0.0.1:${t.port}`;
  for (let i = 0; i < 240; i++) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return { url, stop };
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error(`${t.name} did not start`);
}

/**
 * A copy of a worker's wrangler.toml without its queue consumers, for measuring the HTTP path alone:
 * messages then wait in the queue instead of being processed on the same two cores.
 */
export function withoutConsumers(config: string): string {
  const source = readFileSync(join(root, config), "utf8");
  const dir = join(root, config, "..");
  const blocks = source.split(/\n(?=\[)/);
  const kept = blocks.filter((b) => !b.startsWith("[[queues.consumers]]"));
  const text = kept
    .join("\n")
    .replace(/^main = "(.*)"$/m, (_, main: string) => `main = "${join(dir, main)}"`);
  const out = join(scratch, `${config.replaceAll("/", "_")}.no-consumers.toml`);
  writeFileSync(out, text);
  return out;
}

export async function stopAll(): Promise<void> {
  for (const c of children) {
    try {
      if (c.exitCode === null && c.pid) process.kill(-c.pid, "SIGINT");
    } catch {
      // already gone
    }
  }
  await new Promise((r) => setTimeout(r, 1000));
  rmSync(scratch, { recursive: true, force: true });
}
