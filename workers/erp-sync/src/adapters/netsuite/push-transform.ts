import type { PushResult } from "../erp-adapter";
import { classifyWrite, isDuplicateExternalId } from "./classify";
import { RECORD } from "./config";
import type { NsContext } from "./context";
import { findByExternalId, type JsonObject } from "./records";

/**
 * Creating a record by `POST <source>/<id>/!transform/<target>` exactly once. A transform cannot be an
 * upsert, so the caller first looks the target up by its external id (`GET <target>/eid:<id>`), and
 * the transform carries that external id in its body: if a concurrent or earlier attempt committed it
 * after all (a commit whose answer was lost), NetSuite refuses the second with its duplicate external
 * id error, and that is read as "it exists": the record is read back instead of made twice.
 */
export interface TransformSpec {
  sourceType: string;
  sourceId: string;
  targetType: string;
  externalId: string;
  body: JsonObject;
  /** Sublists the body replaces (`?replace=item`): only the lines it names are kept. */
  replace?: readonly string[];
}

export async function createByTransform(ctx: NsContext, spec: TransformSpec): Promise<PushResult> {
  const path = `${RECORD}/${spec.sourceType}/${spec.sourceId}/!transform/${spec.targetType}`;
  const body = { ...spec.body, externalId: spec.externalId };
  const query = spec.replace && spec.replace.length > 0 ? { replace: spec.replace.join(",") } : undefined;
  const outcome = await ctx.client.call("POST", path, { body, ...(query ? { query } : {}) });
  const result = classifyWrite(outcome, ctx.now());
  if (result.ok || outcome.kind !== "response" || !isDuplicateExternalId(outcome.status, outcome.body))
    return result;
  const existing = await findByExternalId(ctx, spec.targetType, spec.externalId);
  // Read back; if even that fails, the duplicate stays parked for a person, never retried blindly.
  return existing.ok && existing.id ? { ok: true, erpId: existing.id } : result;
}

/** The target if it already exists, else the transform. */
export async function transformOnce(ctx: NsContext, spec: TransformSpec): Promise<PushResult> {
  const existing = await findByExternalId(ctx, spec.targetType, spec.externalId);
  if (!existing.ok) return existing;
  if (existing.id) return { ok: true, erpId: existing.id };
  return createByTransform(ctx, spec);
}
