import type { ErpLimits } from "../../../../shared/erp";
import type { FetchLike } from "../adapters/erp-adapter";
import { parseRetryAfter } from "../retry-after";
import type { CircuitView, Grant, ReleaseInput } from "./rate-budget";

/** The rate budget as the governed fetch calls it (the Durable Object stub, or a fake in tests). */
export interface BudgetClient {
  acquire(input: { limits: ErpLimits; leaseMs: number; maxWaitMs: number }): Promise<Grant>;
  release(input: ReleaseInput): Promise<void> | void;
  circuit(): Promise<CircuitView> | CircuitView;
}

export interface GovernanceOptions {
  limits: ErpLimits;
  /** How long a request may hold its lease before the budget assumes its holder died. */
  leaseMs: number;
  /** How long to wait for a slot before giving up with a local 429. */
  maxWaitMs: number;
  /** After a request got no answer, how long its slot stays taken (the ERP may still be working on it). */
  holdAfterTimeoutMs: number;
  /** The request's own time limit, counted from when it is sent, not from when it began to wait. */
  requestTimeoutMs: number;
  now: () => number;
}

/** Marks answers the governance made up itself, so nobody mistakes them for the ERP's. */
export const GOVERNANCE_HEADER = "x-mesh-governance";

/**
 * Wraps an adapter's fetch so every request to the ERP takes a lease from the connection's rate budget
 * first and reports how it went. A request the budget refuses is never sent: the adapter gets a local
 * 429 (or 503 while the circuit is open) with `Retry-After`, which it classifies like the ERP's own.
 */
export function governedFetch(budget: BudgetClient, inner: FetchLike, options: GovernanceOptions): FetchLike {
  return async (request) => {
    const grant = await budget.acquire({
      limits: options.limits,
      leaseMs: options.leaseMs,
      maxWaitMs: options.maxWaitMs,
    });
    if (!grant.ok) return refusal(grant.reason, grant.waitMs);
    let response: Response;
    try {
      // Time spent waiting for a slot is not the ERP's time: the request's timeout starts now.
      response = await inner(new Request(request, { signal: AbortSignal.timeout(options.requestTimeoutMs) }));
    } catch (err) {
      // No answer: the ERP may still be working on it, so its slot stays taken for a while.
      await budget.release({
        leaseId: grant.leaseId,
        outcome: "failure",
        holdMs: options.holdAfterTimeoutMs,
      });
      throw err;
    }
    const retryAfterMs =
      response.status === 429
        ? (parseRetryAfter(response.headers.get("retry-after"), options.now()) ?? undefined)
        : undefined;
    await budget.release({
      leaseId: grant.leaseId,
      outcome: response.status >= 500 ? "failure" : "success",
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
    return response;
  };
}

function refusal(reason: string, waitMs: number): Response {
  const circuit = reason === "circuit_open";
  const body = {
    type: "https://mesh.dev/problems/erp-governance",
    title: circuit ? "ERP circuit open" : "ERP rate budget exhausted",
    status: circuit ? 503 : 429,
    detail: circuit
      ? "The connection's circuit breaker is open after repeated ERP failures; a probe will test it again."
      : `The connection's shared rate budget has no room (${reason}); the request was not sent.`,
  };
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: {
      "content-type": "application/problem+json",
      "retry-after": String(Math.max(1, Math.ceil(waitMs / 1000))),
      [GOVERNANCE_HEADER]: reason,
    },
  });
}
