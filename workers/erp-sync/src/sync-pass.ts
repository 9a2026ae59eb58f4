import type { ErpErrorClass, MeshInternalApi, OutboxClaim } from "../../../shared/internal-api";
import { errorFields, type Logger } from "../../../shared/log";
import type { ErpAdapter, PushResult } from "./adapters/erp-adapter";
import { retryAt } from "./retry-policy";
import { runLimited } from "./run-limited";
import type { SyncSettings } from "./settings";

/**
 * One sync pass: lease due outbox rows from core, push each through the adapter with bounded
 * concurrency, report every outcome back. A row's failure, even a throw, stays with that row; if the
 * report itself fails the lease simply runs out and a later pass pushes again (an upsert, so safe).
 */
export interface SyncDeps {
  core: MeshInternalApi;
  adapter: ErpAdapter;
  settings: SyncSettings;
  now: () => number;
  random: () => number;
  log: Logger;
}

export type RowOutcome = "completed" | "retrying" | "parked" | "report_failed";

export interface RowReport {
  outboxId: string;
  orderId: string;
  correlationId: string;
  attempt: number;
  outcome: RowOutcome;
  erpId?: string;
  errorClass?: ErpErrorClass;
  httpStatus?: number | null;
  message?: string;
  retryAt?: number | null;
}

export interface SyncSummary {
  claimed: number;
  completed: number;
  retrying: number;
  parked: number;
  reportFailed: number;
  rows: RowReport[];
}

async function pushSafely(adapter: ErpAdapter, claim: OutboxClaim): Promise<PushResult> {
  try {
    return await adapter.push(claim);
  } catch (err) {
    const message = `adapter threw: ${err instanceof Error ? err.message : String(err)}`;
    return { ok: false, errorClass: "transient", httpStatus: null, message, detail: null };
  }
}

async function syncOne(deps: SyncDeps, claim: OutboxClaim): Promise<RowReport> {
  const base = {
    outboxId: claim.id,
    orderId: claim.orderId,
    correlationId: claim.correlationId,
    attempt: claim.attempts,
  };
  const log = deps.log.child(base);
  const started = deps.now();
  const result = await pushSafely(deps.adapter, claim);
  const lease = { id: claim.id, leaseToken: claim.leaseToken, version: claim.version };
  try {
    if (result.ok) {
      const durationMs = deps.now() - started;
      await deps.core.completeOutbox({
        ...lease,
        erpSystem: deps.adapter.system,
        erpId: result.erpId,
        durationMs,
      });
      log.info("erp push completed", { erpSystem: deps.adapter.system, erpId: result.erpId, durationMs });
      return { ...base, outcome: "completed", erpId: result.erpId };
    }
    const at = retryAt(result, claim.attempts, deps.now(), deps.random());
    await deps.core.failOutbox({
      ...lease,
      errorClass: result.errorClass,
      httpStatus: result.httpStatus,
      message: result.message,
      detail: result.detail,
      retryAt: at,
    });
    const failure = {
      errorClass: result.errorClass,
      httpStatus: result.httpStatus,
      message: result.message,
      retryAt: at,
    };
    if (at === null) log.warn("erp push parked", failure);
    else log.info("erp push will retry", failure);
    return { ...base, outcome: at === null ? "parked" : "retrying", ...failure };
  } catch (err) {
    log.error("reporting the push to core failed; the lease will expire and the row be pushed again", {
      pushed: result.ok,
      ...errorFields(err),
    });
    return { ...base, outcome: "report_failed" };
  }
}

export async function runSyncPass(deps: SyncDeps): Promise<SyncSummary> {
  const { batchSize, leaseMs, concurrency } = deps.settings;
  const claims = await deps.core.claimOutbox({ limit: batchSize, leaseMs });
  const rows = await runLimited(claims, concurrency, (claim) => syncOne(deps, claim));
  const count = (outcome: RowOutcome) => rows.filter((r) => r.outcome === outcome).length;
  return {
    claimed: claims.length,
    completed: count("completed"),
    retrying: count("retrying"),
    parked: count("parked"),
    reportFailed: count("report_failed"),
    rows,
  };
}
