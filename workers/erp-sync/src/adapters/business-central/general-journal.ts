import type { PushResult } from "../erp-adapter";
import { relative, runSnapshotBatch } from "./batch";
import type { Json } from "./client";
import type { BcContext } from "./context";
import { journalId, journalSuccess, MESH_JOURNAL, postedUnder } from "./journal-batch";
import { findOne, odataString } from "./odata";

/**
 * One balanced document in the MESH general journal, posted at once: its lines and the journal's
 * `Microsoft.NAV.post` in one snapshot `$batch`, so BC keeps all of it or none. Before writing, the
 * adapter looks for the document number among G/L entries (posted) and for the external document
 * number among the journal's lines (written, not posted: posted now). Journal entries and customer
 * refunds both go this way.
 */
export async function postJournalDocument(
  ctx: BcContext,
  docNo: string,
  reference: string,
  lines: Json[],
): Promise<PushResult> {
  const posted = await postedUnder(ctx, "generalLedgerEntries", docNo);
  if (!posted.ok) return posted;
  if (posted.value) return journalSuccess(docNo);
  const journal = await journalId(ctx, `${ctx.config.company}/journals`, MESH_JOURNAL, {
    displayName: "Retail integration mesh",
  });
  if (!journal.ok) return journal;
  const id = journal.value;
  const waiting = await findOne(
    ctx.client,
    `${ctx.config.company}/journals(${id})/journalLines`,
    `externalDocumentNumber eq ${odataString(reference)}`,
  );
  if (!waiting.ok) return waiting;
  const post = {
    method: "POST" as const,
    url: relative(ctx.config.companyId, `journals(${id})/Microsoft.NAV.post`),
  };
  const ops = waiting.value
    ? [post]
    : [
        ...lines.map((body) => ({
          method: "POST" as const,
          url: relative(ctx.config.companyId, `journals(${id})/journalLines`),
          body,
        })),
        post,
      ];
  const done = await runSnapshotBatch(ctx.client, ctx.config.apiRoot, ops, ctx.now());
  return done.ok ? journalSuccess(docNo) : done;
}
