import type { PushFailure, PushResult } from "../erp-adapter";
import { classifyWrite, failureOf } from "./classify";
import { parseJson } from "./client";
import { RECORD } from "./config";
import type { NsContext } from "./context";

/**
 * Record-service calls shared by the pushes: the upsert every idempotent write uses, reads that tell
 * "not there" (404) apart from a failure, and the look-ups by external id that make transforms safe
 * to retry.
 */
export type JsonObject = Record<string, unknown>;
export type ReadOutcome = { ok: true; found: JsonObject | null } | PushFailure;

/** `PUT <type>/eid:<id>`: NetSuite's upsert (reference/erp.md §1.2), the mesh's exactly-once write. */
export async function upsert(
  ctx: NsContext,
  type: string,
  externalId: string,
  body: JsonObject,
  replace: readonly string[] = [],
): Promise<PushResult> {
  const query = replace.length > 0 ? { replace: replace.join(",") } : undefined;
  const outcome = await ctx.client.call("PUT", `${RECORD}/${type}/eid:${externalId}`, {
    body,
    ...(query ? { query } : {}),
  });
  return classifyWrite(outcome, ctx.now());
}

export async function read(
  ctx: NsContext,
  path: string,
  query?: Record<string, string>,
): Promise<ReadOutcome> {
  const outcome = await ctx.client.call("GET", `${RECORD}/${path}`, query ? { query } : {});
  if (outcome.kind === "response" && outcome.status === 404) return { ok: true, found: null };
  if (outcome.kind === "response" && outcome.status === 200) {
    const json = parseJson(outcome.body);
    if (json) return { ok: true, found: json };
  }
  return failureOf(outcome, ctx.now());
}

/** The internal id of the record holding an external id, or null when there is none. */
export async function findByExternalId(
  ctx: NsContext,
  type: string,
  externalId: string,
): Promise<{ ok: true; id: string | null } | PushFailure> {
  const result = await read(ctx, `${type}/eid:${externalId}`, { fields: "id" });
  if (!result.ok) return result;
  const id = result.found?.id;
  return { ok: true, id: typeof id === "string" || typeof id === "number" ? String(id) : null };
}

/** A record with its sublists expanded (lines with their keys), or null when there is none. */
export function readExpanded(ctx: NsContext, type: string, id: string): Promise<ReadOutcome> {
  return read(ctx, `${type}/${id}`, { expandSubResources: "true" });
}

/** The lines of an expanded sublist (`{"items": [...]}`). */
export function linesOf(record: JsonObject, sublist: string): JsonObject[] {
  const holder = record[sublist];
  const items = typeof holder === "object" && holder !== null && "items" in holder ? holder.items : null;
  return Array.isArray(items)
    ? items.filter((l): l is JsonObject => typeof l === "object" && l !== null)
    : [];
}

/** The id of a reference field as NetSuite renders it (`{"id": "12", "refName": ...}`). */
export function refId(value: unknown): string | null {
  if (typeof value !== "object" || value === null || !("id" in value)) return null;
  return typeof value.id === "string" || typeof value.id === "number" ? String(value.id) : null;
}

/** The customer a transaction is booked to (its `entity`, or `customer` on deposits and refunds). */
export async function customerOf(
  ctx: NsContext,
  type: string,
  id: string,
): Promise<{ ok: true; id: string | null } | PushFailure> {
  const field = type === "customerDeposit" || type === "customerRefund" ? "customer" : "entity";
  const result = await read(ctx, `${type}/${id}`, { fields: field });
  if (!result.ok) return result;
  return { ok: true, id: result.found ? refId(result.found[field]) : null };
}
