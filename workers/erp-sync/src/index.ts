import { Hono } from "hono";
import { problem, problemResponse } from "../../../shared/http/problem";
import { createLogger, errorFields } from "../../../shared/log";
import type { FetchLike } from "./adapters/erp-adapter";
import { coreApi } from "./core-api";
import type { BudgetClient } from "./governance/governed-fetch";
import { type ReadBackReport, runReadBack } from "./read-back";
import { READ_BACK_CRON, readSettings } from "./settings";
import { runSyncPass, type SyncSummary } from "./sync-pass";

export { ErpRateBudget } from "./governance/rate-budget";

/**
 * erp-sync: every minute (cron) it leases due ERP outbox rows from core, connection by connection,
 * and pushes them through each connection's ERP adapter within that ERP account's rate budget.
 * `POST /run` runs the same pass on demand (besides `/cdn-cgi/handler/scheduled`); every 15 minutes,
 * and on `POST /read-back`, it reads ERP on-hand and order statuses back (read-back.ts). Clock, randomness
 * and outbound fetch are injectable so tests can run it against the sandbox.
 */
export interface ErpSyncDeps {
  fetch?: FetchLike;
  now?: () => number;
  random?: () => number;
  budgetFor?: (env: ErpSyncEnv, connectionId: string) => BudgetClient;
}

export type RunResult = SyncSummary;

// Only handlers and Durable Object classes may be exported from the entry module: helpers live elsewhere.
function budgetStub(env: ErpSyncEnv, connectionId: string): BudgetClient {
  return env.ERP_BUDGET.getByName(connectionId);
}

export function createErpSyncWorker(deps: ErpSyncDeps = {}) {
  const outbound: FetchLike = deps.fetch ?? ((request) => fetch(request));
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const budgetFor = deps.budgetFor ?? budgetStub;

  function syncDeps(env: ErpSyncEnv, trigger: string) {
    return {
      core: coreApi(env.CORE),
      settings: readSettings(env),
      fetch: outbound,
      budgetFor: (id: string) => budgetFor(env, id),
      now,
      random,
      log: createLogger("erp-sync", { runId: crypto.randomUUID(), trigger }),
    };
  }

  async function readBack(env: ErpSyncEnv, trigger: string): Promise<ReadBackReport[]> {
    const deps = { ...syncDeps(env, trigger), events: env.EVENTS };
    const reports = await runReadBack(deps);
    deps.log.info("erp read-back done", { connections: reports.length, reports });
    return reports;
  }

  async function runOnce(env: ErpSyncEnv, trigger: string): Promise<RunResult> {
    const deps = syncDeps(env, trigger);
    const log = deps.log;
    const summary = await runSyncPass(deps);
    const { rows: _rows, ...counts } = summary;
    log.info("erp sync pass done", counts);
    return summary;
  }

  const app = new Hono<{ Bindings: ErpSyncEnv }>();
  app.get("/health", (c) => c.json({ ok: true, worker: "erp-sync" }));
  app.post("/run", async (c) => c.json(await runOnce(c.env, "manual")));
  app.post("/read-back", async (c) => c.json({ connections: await readBack(c.env, "manual") }));
  app.notFound((c) => problemResponse(problem("notFound", `no route for ${c.req.method} ${c.req.path}`)));
  app.onError((err) => {
    createLogger("erp-sync").error("sync pass failed", errorFields(err));
    return problemResponse(problem("internal", "the sync pass failed; see the worker logs"));
  });

  return {
    fetch: app.fetch,
    async scheduled(controller: ScheduledController, env: ErpSyncEnv): Promise<void> {
      if (controller.cron === READ_BACK_CRON) await readBack(env, `cron ${controller.cron}`);
      else await runOnce(env, `cron ${controller.cron}`);
    },
  } satisfies ExportedHandler<ErpSyncEnv>;
}

export default createErpSyncWorker();
