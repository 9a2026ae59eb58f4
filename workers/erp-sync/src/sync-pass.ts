import type { ErpConnection, ErpErrorClass } from "../../../shared/erp";
import type { MeshInternalApi, OutboxClaim } from "../../../shared/internal-api";
import { errorFields, type Logger } from "../../../shared/log";
import { createAdapter } from "./adapters/create-adapter";
import type { ErpAdapter, FetchLike, PushResult } from "./adapters/erp-adapter";
import { connectionAt } from "./connection-cache";
import { type BudgetClient, governedFetch } from "./governance/governed-fetch";
import { retryAt } from "./retry-policy";
import { runLimited } from "./run-limited";
import { leaseMsFor, MAX_BUDGET_WAIT_MS, type SyncSettings } from "./settings";

/**
 * One sync pass: for every active ERP connection, lease its due outbox rows from core, push each
 * through that ERP's adapter (every request governed by the connection's rate budget), and report
 * every outcome back. A row's failure, even a throw, stays with that row; if the report itself fails
 * the lease runs out and a later pass pushes again (adapters are idempotent, so that is safe).
 */
export interface SyncDeps {
  core: MeshInternalApi;
  settings: SyncSettings;
  fetch: FetchLike;
  budgetFor: (connectionId: string) => BudgetClient;
  now: () => number;
  random: () => number;
  log: Logger;
}

export type RowOutcome = "completed" | "retrying" | "parked" | "report_failed";

export interface RowReport {
  outboxId: string;
  connectionId: string;
  kind: string;
  orderId: string | null;
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
  connections: number;
  claimed: number;
  completed: number;
  retrying: number;
  parked: number;
  reportFailed: number;
  rows: RowReport[];
}

/**
 * A buyer of a channel whose connection books every order to one default customer needs no ERP call:
 * the customer document resolves to that customer, and the sales order gets it through `refs`.
 */
function defaultCustomerOf(connection: ErpConnection, claim: OutboxClaim): string | null {
  if (claim.document.kind !== "customer") return null;
  return connection.mappings.defaultCustomer[claim.document.customer.channel] ?? null;
}

async function pushSafely(
  adapter: ErpAdapter,
  connection: ErpConnection,
  claim: OutboxClaim,
): Promise<PushResult> {
  const defaultCustomer = defaultCustomerOf(connection, claim);
  if (defaultCustomer) return { ok: true, erpId: defaultCustomer };
  try {
    return await adapter.push(claim);
  } catch (err) {
    const message = `adapter threw: ${err instanceof Error ? err.message : String(err)}`;
    return { ok: false, errorClass: "transient", httpStatus: null, message, detail: null };
  }
}

async function syncOne(
  deps: SyncDeps,
  connection: ErpConnection,
  adapter: ErpAdapter,
  claim: OutboxClaim,
): Promise<RowReport> {
  const base = {
    outboxId: claim.id,
    connectionId: claim.connectionId,
    kind: claim.kind,
    orderId: claim.orderId,
    correlationId: claim.correlationId,
    attempt: claim.attempts,
  };
  const log = deps.log.child(base);
  const started = deps.now();
  const result = await pushSafely(adapter, connection, claim);
  const lease = { id: claim.id, leaseToken: claim.leaseToken, version: claim.version };
  try {
    if (result.ok) {
      const durationMs = deps.now() - started;
      const erpNumber = result.erpNumber ?? null;
      await deps.core.completeOutbox({
        ...lease,
        erpSystem: adapter.system,
        erpId: result.erpId,
        erpNumber,
        durationMs,
      });
      log.info("erp push completed", { erpSystem: adapter.system, erpId: result.erpId, durationMs });
      return { ...base, outcome: "completed", erpId: result.erpId };
    }
    const at = retryAt(result, claim.attempts, deps.now(), deps.random(), deps.settings.retryBaseMs);
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

/** The adapter for a connection, its every request going through the connection's rate budget. */
export function governedAdapter(deps: SyncDeps, connection: ErpConnection): ErpAdapter {
  const { requestTimeoutMs } = deps.settings;
  const fetch = governedFetch(deps.budgetFor(connection.id), deps.fetch, {
    limits: connection.limits,
    leaseMs: requestTimeoutMs + 5_000,
    maxWaitMs: MAX_BUDGET_WAIT_MS,
    holdAfterTimeoutMs: requestTimeoutMs,
    requestTimeoutMs,
    now: deps.now,
  });
  return createAdapter(connection, { fetch, now: deps.now, timeoutMs: requestTimeoutMs });
}

/** Rounds per connection per pass: documents released by the previous round (a sales order once its
 * customer exists) go in the same pass instead of waiting for the next cron. */
const MAX_ROUNDS = 4;

async function syncConnection(deps: SyncDeps, id: string, revision: number): Promise<RowReport[]> {
  const connection = await connectionAt(deps.core, id, revision);
  if (!connection) return [];
  // The budget enforces the ERP's limit across every pass and flow; locally we only need enough
  // workers to use it fully.
  const workers = Math.min(connection.limits.concurrency, deps.settings.maxConcurrency);
  const leaseMs = leaseMsFor(deps.settings, workers);
  // An open circuit would refuse every request: leave the rows due rather than burn their attempts.
  // Half-open, one row goes as the probe.
  const circuit = await deps.budgetFor(id).circuit();
  if (circuit.state === "open") {
    deps.log.warn("erp circuit open; nothing claimed", { connectionId: id, retryInMs: circuit.retryInMs });
    return [];
  }
  const adapter = governedAdapter(deps, connection);
  const reports: RowReport[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const limit = circuit.state === "half_open" && round === 0 ? 1 : deps.settings.batchSize;
    const claims = await deps.core.claimOutbox({ limit, leaseMs, connectionId: id });
    if (claims.length === 0) break;
    const done = await runLimited(claims, workers, (claim) => syncOne(deps, connection, adapter, claim));
    reports.push(...done);
    // Another round only helps when something completed (it may have released its dependents).
    if (!done.some((r) => r.outcome === "completed")) break;
  }
  return reports;
}

export async function runSyncPass(deps: SyncDeps): Promise<SyncSummary> {
  const connections = await deps.core.listErpConnections();
  const perConnection = await Promise.all(
    connections.map(async (c) => {
      try {
        return await syncConnection(deps, c.id, c.revision);
      } catch (err) {
        deps.log.error("sync of a connection failed; its rows stay leased until the lease expires", {
          connectionId: c.id,
          ...errorFields(err),
        });
        return [];
      }
    }),
  );
  const rows = perConnection.flat();
  const count = (outcome: RowOutcome) => rows.filter((r) => r.outcome === outcome).length;
  return {
    connections: connections.length,
    claimed: rows.length,
    completed: count("completed"),
    retrying: count("retrying"),
    parked: count("parked"),
    reportFailed: count("report_failed"),
    rows,
  };
}
