// `npm run dev`: the whole mesh on this machine. Migrates local D1, starts each worker with
// `wrangler dev` on the port in its wrangler.toml [dev] table, and fires erp-sync's cron every
// minute (wrangler does not run cron triggers by itself in local development).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const workers = [
  { name: "core", config: "wrangler.toml" },
  { name: "sandbox", config: "workers/sandbox/wrangler.toml" },
  { name: "shopify", config: "workers/shopify/wrangler.toml" },
  { name: "erp-sync", config: "workers/erp-sync/wrangler.toml" },
];
const colors = ["\x1b[36m", "\x1b[35m", "\x1b[32m", "\x1b[33m"];

function portOf(config: string): number {
  const match = /\[dev\][^[]*?port\s*=\s*(\d+)/s.exec(readFileSync(join(root, config), "utf8"));
  if (!match?.[1]) throw new Error(`${config} has no [dev] port`);
  return Number(match[1]);
}

function ensureDevVars(): void {
  for (const dir of [".", "workers/erp-sync", "workers/sandbox"]) {
    const target = join(root, dir, ".dev.vars");
    if (!existsSync(target)) {
      copyFileSync(join(root, dir, ".dev.vars.example"), target);
      console.log(`created ${join(dir, ".dev.vars")} from .dev.vars.example`);
    }
  }
}

async function waitForPort(port: number, name: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error(
    `${name} did not start on port ${port}: see its log lines above; if another process holds the port, stop it or change [dev] port in its wrangler.toml`,
  );
}

// This machine may have no internet: don't let each worker try to download Request.cf data.
const devEnv = { ...process.env, FORCE_COLOR: "0", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
const children: ChildProcess[] = [];
let stopping = false;
function shutdown(code: number): never {
  stopping = true;
  for (const child of children) {
    try {
      if (child.pid) process.kill(-child.pid, "SIGINT");
    } catch {
      // already gone
    }
  }
  process.exit(code);
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

function start(name: string, config: string, color: string): ChildProcess {
  // Its own process group, so stopping the mesh stops wrangler and workerd, not only npx.
  const child = spawn("npx", ["wrangler", "dev", "-c", config, "--show-interactive-dev-session=false"], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: devEnv,
    detached: true,
  });
  const prefix = `${color}${name.padEnd(8)}\x1b[0m │ `;
  const relay = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n"))
      if (line.trim()) process.stdout.write(`${prefix}${line}\n`);
  };
  child.stdout?.on("data", relay);
  child.stderr?.on("data", relay);
  child.on("exit", (code) => {
    if (stopping) return;
    console.error(`${name} exited (${code}); stopping the mesh`);
    shutdown(code ?? 1);
  });
  children.push(child);
  return child;
}

ensureDevVars();
console.log("applying D1 migrations to the local database…");
const migrate = spawnSync(
  "npx",
  ["wrangler", "d1", "migrations", "apply", "DB", "--local", "-c", "wrangler.toml"],
  {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, CI: "true" },
  },
);
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

// Core first: the connectors and erp-sync bind to it, and queue messages sent before their
// consumer has registered are dropped by the local dev registry.
for (const [i, w] of workers.entries()) {
  start(w.name, w.config, colors[i] ?? "");
  await waitForPort(portOf(w.config), w.name);
}

const erpPort = portOf("workers/erp-sync/wrangler.toml");
console.log(`
mesh is up:
  core (API)        http://localhost:${portOf("wrangler.toml")}/v1   (admin key: ADMIN_API_KEY in .dev.vars)
  shopify webhooks  http://localhost:${portOf("workers/shopify/wrangler.toml")}/shopify/<storeId>/webhooks
  erp-sync          http://localhost:${erpPort}   (cron every minute; POST /run to push now)
  sandbox NetSuite  http://localhost:${portOf("workers/sandbox/wrangler.toml")}/_sandbox/netsuite/records
`);

async function fireCron(): Promise<void> {
  try {
    const res = await fetch(
      `http://127.0.0.1:${erpPort}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("* * * * *")}`,
    );
    const at = new Date().toISOString().slice(11, 19);
    if (res.ok) console.log(`cron     │ ${at} fired erp-sync's scheduled handler (* * * * *)`);
    else
      console.error(
        `cron     │ ${at} erp-sync's scheduled handler answered ${res.status}: ${await res.text()}`,
      );
  } catch (err) {
    console.error(`cron tick failed: ${(err as Error).message}`);
  }
}
function scheduleNextTick(): void {
  setTimeout(
    async () => {
      await fireCron();
      scheduleNextTick();
    },
    60_000 - (Date.now() % 60_000),
  );
}
scheduleNextTick();
