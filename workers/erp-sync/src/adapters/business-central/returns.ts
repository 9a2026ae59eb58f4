import type { ErpDocumentOf } from "../../../../../shared/erp";
import type { OutboxClaim } from "../../../../../shared/internal-api";
import type { PushResult } from "../erp-adapter";
import { type Operation, relative, runSnapshotBatch } from "./batch";
import type { Json, Step } from "./client";
import type { BcContext } from "./context";
import { plainDate } from "./context";
import { returnLines } from "./credit-memo-lines";
import { customerFor } from "./customer";
import { amount, etag, externalDocumentNumber, findOne, odataString, text, withQuery } from "./odata";
import { isComment, traceLine } from "./trace";

/**
 * Returns. Standard API v2.0 has no sales return order (its resource list has salesCreditMemos but
 * no salesReturnOrders; return orders need a custom API page), so a return authorization is what
 * the standard API offers for goods coming back: a draft `salesCreditMemos` document with Item lines
 * for the authorized units, keyed by its external document number. It has no ledger effect until
 * posted. The item receipt writes the received units onto that draft (posting the credit memo is
 * what puts them back into inventory in BC, and the credit memo document does that); once the memo
 * is posted the receipt has nothing left to change. Both writes are absolute, so repeating them
 * changes nothing. The draft carries the authorization's correlation id on a Comment line
 * (trace.ts); the receipt leaves it as it is (the draft is still the authorization's document).
 */
export async function readMemo(ctx: BcContext, id: string): Promise<Step<Json | null>> {
  const answer = await ctx.client.call(
    "GET",
    withQuery(`${ctx.config.company}/salesCreditMemos(${id})`, { $expand: "salesCreditMemoLines" }),
  );
  if (!answer.ok) return answer;
  if (answer.value.status === 404) return { ok: true, value: null };
  return answer.value.status === 200
    ? { ok: true, value: answer.value.json }
    : ctx.client.get(`${ctx.config.company}/salesCreditMemos(${id})`);
}

/** Every line of an expanded credit memo, Comment lines included. */
export function allMemoLines(memo: Json): Json[] {
  return Array.isArray(memo.salesCreditMemoLines) ? (memo.salesCreditMemoLines as Json[]) : [];
}

/** The memo's document lines by sequence, without Comment lines, so positions are the return's lines. */
export function memoLines(memo: Json): Json[] {
  return allMemoLines(memo)
    .filter((l) => !isComment(l))
    .sort((a, b) => amount(a.sequence) - amount(b.sequence));
}

export async function pushReturnAuthorization(
  ctx: BcContext,
  claim: OutboxClaim,
  doc: ErpDocumentOf<"return_authorization">,
): Promise<PushResult> {
  if (claim.erpId) {
    const known = await readMemo(ctx, claim.erpId);
    if (!known.ok) return known;
    if (known.value) return { ok: true, erpId: claim.erpId, erpNumber: text(known.value.number) || null };
  }
  const reference = await externalDocumentNumber(claim.docKey);
  const memos = `${ctx.config.company}/salesCreditMemos`;
  const existing = await findOne(ctx.client, memos, `externalDocumentNumber eq ${odataString(reference)}`);
  if (!existing.ok) return existing;
  if (existing.value)
    return { ok: true, erpId: text(existing.value.id), erpNumber: text(existing.value.number) || null };
  const customer = await customerFor(ctx, doc.order, claim.refs);
  if (!customer.ok) return customer;
  const lines = returnLines(ctx, doc.order, doc.return, false);
  if (!lines.ok) return lines;
  const body: Json = {
    externalDocumentNumber: reference,
    creditMemoDate: plainDate(doc.return.authorizedAt),
    ...customer.value,
    currencyCode: doc.order.currency,
    salesCreditMemoLines: [traceLine(claim.correlationId), ...lines.value],
  };
  const created = await ctx.client.send("POST", memos, { body });
  if (!created.ok) return created;
  return { ok: true, erpId: text(created.value?.id), erpNumber: text(created.value?.number) || null };
}

export async function pushItemReceipt(
  ctx: BcContext,
  claim: OutboxClaim,
  doc: ErpDocumentOf<"item_receipt">,
): Promise<PushResult> {
  const memoId = claim.refs.return_authorization;
  if (!memoId)
    return {
      ok: false,
      errorClass: "validation",
      httpStatus: null,
      message: "the item receipt has no return authorization in Business Central yet",
      detail: null,
    };
  const received = returnLines(ctx, doc.order, doc.return, true);
  if (!received.ok) return received;
  for (let attempt = 0; ; attempt += 1) {
    const memo = await readMemo(ctx, memoId);
    if (!memo.ok) return memo;
    if (!memo.value)
      return {
        ok: false,
        errorClass: "business",
        httpStatus: 404,
        message: "the return authorization's draft credit memo no longer exists in Business Central",
        detail: null,
      };
    const result = { ok: true as const, erpId: memoId, erpNumber: text(memo.value.number) || null };
    if (text(memo.value.status) !== "Draft") return result; // posted: the units are already back
    const lines = memoLines(memo.value);
    const ops: Operation[] = [];
    for (const [index, want] of received.value.entries()) {
      const line = lines[index];
      if (
        !line ||
        (amount(line.quantity) === want.quantity && amount(line.discountAmount) === want.discountAmount)
      )
        continue;
      ops.push({
        method: "PATCH",
        url: relative(ctx.config.companyId, `salesCreditMemoLines(${text(line.id)})`),
        body: { quantity: want.quantity, discountAmount: want.discountAmount },
        ifMatch: etag(line),
      });
    }
    if (ops.length === 0) return result;
    const done = await runSnapshotBatch(ctx.client, ctx.config.apiRoot, ops, ctx.now());
    if (done.ok) return result;
    if (done.httpStatus === 409 && attempt === 0) continue;
    return done;
  }
}
