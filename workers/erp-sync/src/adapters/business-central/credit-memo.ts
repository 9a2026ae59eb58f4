import type { ErpDocumentOf } from "../../../../../shared/erp";
import type { OutboxClaim } from "../../../../../shared/internal-api";
import type { PushResult } from "../erp-adapter";
import { type Operation, relative, runSnapshotBatch } from "./batch";
import type { Json } from "./client";
import type { BcContext } from "./context";
import { plainDate } from "./context";
import { type MemoLine, refundLines } from "./credit-memo-lines";
import { customerFor } from "./customer";
import { etag, externalDocumentNumber, findOne, odataString, text } from "./odata";
import { allMemoLines, memoLines, readMemo } from "./returns";
import { traceLine, traceOperations } from "./trace";

/**
 * Credit memos: `salesCreditMemos` with lines, then the bound action `Microsoft.NAV.post`. Keyed by
 * the external document number, so a retry finds the memo and posts it if it is still a draft. A
 * refund that follows a return finishes that return's draft memo instead of writing a second one:
 * one snapshot `$batch` re-keys it to the credit memo's reference, sets its lines to the refund's,
 * and posts it. If that draft was already used by an earlier refund, a new memo is written.
 *
 * The claim's correlation id rides on one Comment line (trace.ts): written first on a new memo, and
 * restamped on a return's draft when the credit memo takes it over. Posting credits nothing for it.
 */
export async function pushCreditMemo(
  ctx: BcContext,
  claim: OutboxClaim,
  doc: ErpDocumentOf<"credit_memo">,
): Promise<PushResult> {
  const reference = await externalDocumentNumber(claim.docKey);
  const memos = `${ctx.config.company}/salesCreditMemos`;
  const lines = refundLines(ctx, doc.order, doc.refund, doc.return);
  if (!lines.ok) return lines;
  const existing = await findOne(ctx.client, memos, `externalDocumentNumber eq ${odataString(reference)}`);
  if (!existing.ok) return existing;
  if (existing.value) return postIfDraft(ctx, existing.value);

  const draftId = doc.return ? claim.refs.return_authorization : undefined;
  if (draftId) {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const draft = await readMemo(ctx, draftId);
      if (!draft.ok) return draft;
      if (!draft.value || text(draft.value.status) !== "Draft") break;
      const done = await runSnapshotBatch(
        ctx.client,
        ctx.config.apiRoot,
        finishDraft(ctx, draft.value, reference, lines.value, claim.correlationId),
        ctx.now(),
      );
      if (done.ok) return readPosted(ctx, draftId);
      if (done.httpStatus !== 409) return done;
    }
  }
  const customer = await customerFor(ctx, doc.order, claim.refs);
  if (!customer.ok) return customer;
  const body: Json = {
    externalDocumentNumber: reference,
    creditMemoDate: plainDate(doc.refund.createdAt),
    ...customer.value,
    currencyCode: doc.refund.currency,
    salesCreditMemoLines: [traceLine(claim.correlationId), ...lines.value],
  };
  const created = await ctx.client.send("POST", memos, { body });
  if (!created.ok) return created;
  return postIfDraft(ctx, created.value ?? {});
}

function finishDraft(
  ctx: BcContext,
  draft: Json,
  reference: string,
  lines: MemoLine[],
  correlationId: string,
): Operation[] {
  const id = text(draft.id);
  const ops: Operation[] = [
    {
      method: "PATCH",
      url: relative(ctx.config.companyId, `salesCreditMemos(${id})`),
      body: { externalDocumentNumber: reference },
      ifMatch: etag(draft),
    },
  ];
  for (const line of memoLines(draft)) {
    ops.push({
      method: "DELETE",
      url: relative(ctx.config.companyId, `salesCreditMemoLines(${text(line.id)})`),
      ifMatch: etag(line),
    });
  }
  ops.push(
    ...traceOperations(
      ctx.config.companyId,
      { set: "salesCreditMemos", id },
      "salesCreditMemoLines",
      allMemoLines(draft),
      correlationId,
    ),
  );
  for (const line of lines) {
    ops.push({
      method: "POST",
      url: relative(ctx.config.companyId, `salesCreditMemos(${id})/salesCreditMemoLines`),
      body: line,
    });
  }
  ops.push({
    method: "POST",
    url: relative(ctx.config.companyId, `salesCreditMemos(${id})/Microsoft.NAV.post`),
  });
  return ops;
}

async function postIfDraft(ctx: BcContext, memo: Json): Promise<PushResult> {
  const id = text(memo.id);
  if (text(memo.status) === "Draft") {
    const posted = await ctx.client.send(
      "POST",
      `${ctx.config.company}/salesCreditMemos(${id})/Microsoft.NAV.post`,
    );
    if (!posted.ok) return posted;
  }
  return readPosted(ctx, id);
}

async function readPosted(ctx: BcContext, id: string): Promise<PushResult> {
  const memo = await ctx.client.get(`${ctx.config.company}/salesCreditMemos(${id})`);
  if (!memo.ok) return memo;
  return { ok: true, erpId: id, erpNumber: text(memo.value.number) || null };
}
