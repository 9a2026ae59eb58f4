// `npm run dev`: the whole mesh on this machine. Migrates local D1, starts each worker with
// `wrangler dev` on the port in its wrangler.toml [dev] table, connects the sandbox ERPs through
// core's API (MESH_ERP picks the default one: netsuite, business_central, sap_s4hana, oracle_fusion
// or tryton), and fires erp-sync's crons (wrangler does not run cron triggers in local development).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ERP_KINDS, type SandboxErp, sandboxConnection, sandboxSeed } from "./sandbox-connections.ts";
import { startTryton } from "./tryton/server.ts";

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
  for (const dir of [".", "workers/sandbox"]) {
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
let stopTryton: (() => Promise<void>) | null = null;
function shutdown(code: number): never {
  stopping = true;
  void stopTryton?.();
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
if (process.env.MESH_ERP === "tryton") {
  // Tryton is a real server, not part of the sandbox: started here on port 8000 over a local copy of
  // the prepared database, kept between runs under .wrangler/ like the workers' own state.
  const dir = join(root, ".wrangler/tryton-dev");
  mkdirSync(dir, { recursive: true });
  try {
    const tryton = await startTryton({ dir, port: 8000, fresh: false });
    stopTryton = tryton.stop;
    console.log(`tryton   │ trytond serving ${tryton.baseUrl}/${tryton.database}/`);
  } catch (err) {
    console.error(`tryton   │ ${(err as Error).message}`);
    shutdown(1);
  }
}
const defaultErp = await connectSandboxErps();
console.log(`
mesh is up:
  core (API)        http://localhost:${portOf("wrangler.toml")}/v1   (admin key: ADMIN_API_KEY in .dev.vars)
  shopify webhooks  http://localhost:${portOf("workers/shopify/wrangler.toml")}/shopify/<storeId>/webhooks
  erp-sync          http://localhost:${erpPort}   (cron every minute; POST /run to push now)
  sandbox ERPs      http://localhost:${portOf("workers/sandbox/wrangler.toml")}/_sandbox/<netsuite|business-central|sap|oracle-fusion>/records
  default ERP       ${defaultErp}   (MESH_ERP=<kind> npm run dev picks another)
`);

function sandboxControlToken(): string {
  const vars = readFileSync(join(root, "workers/sandbox/.dev.vars"), "utf8");
  return /^SANDBOX_CONTROL_TOKEN=(.*)$/m.exec(vars)?.[1]?.trim() ?? "";
}

/**
 * Registers one connection per sandbox ERP through core's API (once: an existing connection of a kind
 * is reused) and makes MESH_ERP's the default, so new orders go there.
 */
async function connectSandboxErps(): Promise<string> {
  const wanted = (process.env.MESH_ERP ?? "netsuite") as SandboxErp;
  if (!ERP_KINDS.includes(wanted)) throw new Error(`MESH_ERP must be one of ${ERP_KINDS.join(", ")}`);
  const adminKey = /^ADMIN_API_KEY=(.*)$/m.exec(readFileSync(join(root, ".dev.vars"), "utf8"))?.[1]?.trim();
  const api = `http://127.0.0.1:${portOf("wrangler.toml")}/v1/erp-connections`;
  const headers = { authorization: `Bearer ${adminKey}`, "content-type": "application/json" };
  const listed = await fetch(api, { headers });
  if (!listed.ok) throw new Error(`listing ERP connections: ${listed.status} ${await listed.text()}`);
  const { items } = (await listed.json()) as { items: { id: string; kind: string; isDefault: boolean }[] };
  const sandboxUrl = `http://127.0.0.1:${portOf("workers/sandbox/wrangler.toml")}`;
  const kinds: SandboxErp[] = wanted === "tryton" ? [...ERP_KINDS] : ERP_KINDS.filter((k) => k !== "tryton");
  const control = { authorization: `Bearer ${sandboxControlToken()}`, "content-type": "application/json" };
  for (const kind of kinds) {
    // The sandbox's master data (items the example order sells) is seeded on every start: it is idempotent.
    const seed = sandboxSeed(kind);
    if (seed)
      await fetch(`${sandboxUrl}${seed.path}`, {
        method: "POST",
        headers: control,
        body: JSON.stringify(seed.body),
      });
    const existing = items.find((i) => i.kind === kind);
    const isDefault = kind === wanted;
    if (existing) {
      if (isDefault && !existing.isDefault) {
        await fetch(`${api}/${existing.id}`, {
          method: "PATCH",
          headers,
          body: JSON.stringify({ isDefault: true }),
        });
      }
      continue;
    }
    const body = { ...sandboxConnection(kind, { sandboxUrl }), isDefault };
    const res = await fetch(api, { method: "POST", headers, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`connecting the sandbox ${kind}: ${res.status} ${await res.text()}`);
  }
  return wanted;
}

async function fireCron(cron: string): Promise<void> {
  try {
    const res = await fetch(
      `http://127.0.0.1:${erpPort}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(cron)}`,
    );
    const at = new Date().toISOString().slice(11, 19);
    if (res.ok) console.log(`cron     │ ${at} fired erp-sync's scheduled handler (${cron})`);
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
      await fireCron("* * * * *");
      if (new Date().getUTCMinutes() % 15 === 0) await fireCron("*/15 * * * *");
      scheduleNextTick();
    },
    60_000 - (Date.now() % 60_000),
  );
}
scheduleNextTick();
