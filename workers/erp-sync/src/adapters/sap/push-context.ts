import type { ErpConnectionOf } from "../../../../../shared/erp";
import type { OutboxClaim } from "../../../../../shared/internal-api";
import type { PushFailure, PushResult } from "../erp-adapter";
import { failureOf, localFailure } from "./classify";
import type { CallOutcome, SapClient } from "./client";
import type { SapConfig } from "./config";
import { type Entity, entityOf, field } from "./odata";

/** What every document push works with. */
export interface PushContext {
  client: SapClient;
  config: SapConfig;
  connection: ErpConnectionOf<"sap_s4hana">;
  claim: OutboxClaim;
  now: () => number;
}

/** A 201 with the new document's key, as a push result; anything else classified. */
export function createdResult(outcome: CallOutcome, now: number, keyField: string, what: string): PushResult {
  const entity = outcome.kind === "response" && outcome.status === 201 ? entityOf(outcome) : null;
  if (!entity) return failureOf(outcome, now, `creating ${what}`);
  const id = field(entity, keyField);
  if (!id) return localFailure("transient", `creating ${what}: SAP answered 201 without ${keyField}`);
  return { ok: true, erpId: id };
}

/** Reads one entity by key, e.g. `A_SalesOrder('1')`; failures classified. */
export async function readEntity(
  ctx: PushContext,
  service: Parameters<SapClient["get"]>[0],
  resource: string,
  query: Record<string, string> = {},
): Promise<{ ok: true; entity: Entity; outcome: CallOutcome } | PushFailure> {
  const outcome = await ctx.client.get(service, resource, query);
  const entity = outcome.kind === "response" && outcome.status === 200 ? entityOf(outcome) : null;
  return entity ? { ok: true, entity, outcome } : failureOf(outcome, ctx.now(), `reading ${resource}`);
}

/** The sold-to party of an SD document the mesh already wrote (sales order, return, credit memo request). */
export async function soldToOf(
  ctx: PushContext,
  service: Parameters<SapClient["get"]>[0],
  resource: string,
): Promise<{ ok: true; soldTo: string } | PushFailure> {
  const read = await readEntity(ctx, service, resource, { $select: "SoldToParty" });
  if (!read.ok) return read;
  const soldTo = field(read.entity, "SoldToParty");
  return soldTo ? { ok: true, soldTo } : localFailure("business", `${resource} has no SoldToParty`);
}

export function missingRef(kind: string, needs: string): PushFailure {
  return localFailure("validation", `a ${kind} needs the SAP id of its ${needs}, and the claim carries none`);
}
