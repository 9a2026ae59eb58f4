import { Hono } from "hono";
import { problem, problemResponse } from "../../../shared/http/problem";
import { createLogger, errorFields } from "../../../shared/log";
import type { FetchLike } from "./adapters/erp-adapter";
import { coreApi } from "./core-api";
import type { BudgetClient } from "./governance/governed-fetch";
import { readSettings } from "./settings";
import { runSyncPass, type SyncSummary } from "./sync-pass";

export { ErpRateBudget } from "./governance/rate-budget";

/**
 * erp-sync: every minute (cron) it leases due ERP outbox rows from core, connection by connection,
 * and pushes them through each connection's ERP adapter within that ERP account's rate budget.
 * `POST /run` runs the same pass on demand (besides `/cdn-cgi/handler/scheduled`). Clock, randomness
 * and outbound fetch are injectable so tests can run it against the sandbox.
 */
export interface ErpSyncDeps {
  fetch?: FetchLike;
  now?: () => number;
  random?: () => number;
  budgetFor?: (env: ErpSyncEnv, connectionId: string) => BudgetClient;
}

export type RunResult = SyncSummary;

export function budgetStub(env: ErpSyncEnv, connectionId: string): BudgetClient {
  return env.ERP_BUDGET.getByName(connectionId);
}

export function createErpSyncWorker(deps: ErpSyncDeps = {}) {
  const outbound: FetchLike = deps.fetch ?? ((request) => fetch(request));
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const budgetFor = deps.budgetFor ?? budgetStub;

  async function runOnce(env: ErpSyncEnv, trigger: string): Promise<RunResult> {
    const log = createLogger("erp-sync", { runId: crypto.randomUUID(), trigger });
    const summary = await runSyncPass({
      core: coreApi(env.CORE),
      settings: readSettings(env),
      fetch: outbound,
      budgetFor: (id) => budgetFor(env, id),
      now,
      random,
      log,
    });
    const { rows: _rows, ...counts } = summary;
    log.info("erp sync pass done", counts);
    return summary;
  }

  const app = new Hono<{ Bindings: ErpSyncEnv }>();
  app.get("/health", (c) => c.json({ ok: true, worker: "erp-sync" }));
  app.post("/run", async (c) => c.json(await runOnce(c.env, "manual")));
  app.notFound((c) => problemResponse(problem("notFound", `no route for ${c.req.method} ${c.req.path}`)));
  app.onError((err) => {
    createLogger("erp-sync").error("sync pass failed", errorFields(err));
    return problemResponse(problem("internal", "the sync pass failed; see the worker logs"));
  });

  return {
    fetch: app.fetch,
    async scheduled(controller: ScheduledController, env: ErpSyncEnv): Promise<void> {
      await runOnce(env, `cron ${controller.cron}`);
    },
  } satisfies ExportedHandler<ErpSyncEnv>;
}

export default createErpSyncWorker();
