import { Hono } from "hono";
import { problem, problemResponse } from "../../../shared/http/problem";
import { createLogger, errorFields } from "../../../shared/log";
import { createAdapter } from "./adapters/create-adapter";
import type { FetchLike } from "./adapters/erp-adapter";
import { coreApi } from "./core-api";
import { readSettings } from "./settings";
import { runSyncPass, type SyncSummary } from "./sync-pass";

/**
 * erp-sync: every minute (cron) it leases due ERP outbox rows from core and pushes them through the
 * ERP adapter. `POST /run` runs the same pass on demand (besides `/cdn-cgi/handler/scheduled`).
 * Clock, randomness and outbound fetch are injectable so tests can run it against the sandbox.
 */
export interface ErpSyncDeps {
  fetch?: FetchLike;
  now?: () => number;
  random?: () => number;
}

export type RunResult = ({ ok: true; erpSystem: string } & SyncSummary) | { ok: false; error: string };

export function createErpSyncWorker(deps: ErpSyncDeps = {}) {
  const outbound: FetchLike = deps.fetch ?? ((request) => fetch(request));
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;

  async function runOnce(env: ErpSyncEnv, trigger: string): Promise<RunResult> {
    const log = createLogger("erp-sync", { runId: crypto.randomUUID(), trigger });
    const settings = readSettings(env);
    const created = createAdapter(env, { fetch: outbound, now, timeoutMs: settings.requestTimeoutMs });
    if (!created.ok) {
      log.error("erp sync is not configured; nothing claimed", { error: created.error });
      return { ok: false, error: created.error };
    }
    const { adapter } = created;
    const summary = await runSyncPass({ core: coreApi(env.CORE), adapter, settings, now, random, log });
    const { rows: _rows, ...counts } = summary;
    log.info("erp sync pass done", { erpSystem: adapter.system, ...counts });
    return { ok: true, erpSystem: adapter.system, ...summary };
  }

  const app = new Hono<{ Bindings: ErpSyncEnv }>();
  app.get("/health", (c) => c.json({ ok: true, worker: "erp-sync", erp: c.env.ERP_KIND }));
  app.post("/run", async (c) => {
    const result = await runOnce(c.env, "manual");
    return result.ok ? c.json(result) : problemResponse(problem("unavailable", result.error));
  });
  app.notFound((c) => problemResponse(problem("notFound", `no route for ${c.req.method} ${c.req.path}`)));
  app.onError((err) => {
    createLogger("erp-sync").error("sync pass failed", errorFields(err));
    return problemResponse(problem("internal", "the sync pass failed; see the worker logs"));
  });

  return {
    fetch: app.fetch,
    async scheduled(controller: ScheduledController, env: ErpSyncEnv): Promise<void> {
      const result = await runOnce(env, `cron ${controller.cron}`);
      // A failed invocation is what the cron dashboard and alerts see.
      if (!result.ok) throw new Error(result.error);
    },
  } satisfies ExportedHandler<ErpSyncEnv>;
}

export default createErpSyncWorker();
