import type { PushResult } from "../erp-adapter";
import type { Json, Step } from "./client";
import type { BcContext } from "./context";
import { findOne, odataString, text } from "./odata";

/**
 * The journal batches the adapter writes to. Customer payments go to the customer payment journal
 * GENERAL (every company has it; API v2.0 cannot post it, so its lines wait there for finance to
 * post, as cash receipts usually do). Journal entries and refunds, which the adapter posts itself
 * with `Microsoft.NAV.post`, go to a general journal batch of their own, MESH, created on first use,
 * so posting it never posts anyone else's lines. Item adjustments use the item journal batch MESH
 * of the custom item-journal API.
 */
export const PAYMENT_JOURNAL = "GENERAL";
export const MESH_JOURNAL = "MESH";

export async function journalId(
  ctx: BcContext,
  collection: string,
  code: string,
  create: Json | null,
): Promise<Step<string>> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const found = await findOne(ctx.client, collection, `code eq ${odataString(code)}`);
    if (!found.ok) return found;
    if (found.value) return { ok: true, value: text(found.value.id) };
    if (!create)
      return {
        ok: false,
        errorClass: "validation",
        httpStatus: null,
        message: `Business Central has no journal batch ${code} at ${collection.split("/").pop()}`,
        detail: null,
      };
    const created = await ctx.client.send("POST", collection, { body: { code, ...create } });
    if (created.ok) return { ok: true, value: text(created.value?.id) };
    // Someone else created it between the look-up and the POST: look again.
    if (created.errorClass !== "duplicate") return created;
  }
  return {
    ok: false,
    errorClass: "transient",
    httpStatus: null,
    message: `journal batch ${code} could not be found or created`,
    detail: null,
  };
}

/** A journal document already in BC: posted (G/L or item ledger entries) under its document number. */
export async function postedUnder(ctx: BcContext, ledger: string, docNo: string): Promise<Step<boolean>> {
  const found = await findOne(
    ctx.client,
    `${ctx.config.company}/${ledger}`,
    `documentNumber eq ${odataString(docNo)}`,
  );
  return found.ok ? { ok: true, value: found.value !== null } : found;
}

export function journalSuccess(docNo: string): PushResult {
  return { ok: true, erpId: docNo, erpNumber: docNo };
}
