import type { ErpConnectionOf, ErpDocumentOf } from "../../../../../shared/erp";
import type { PushSuccess } from "../erp-adapter";
import { journalByType, postMove } from "./account-move";
import type { ModelApi } from "./model-api";
import { resolveAccount } from "./resolve";
import { meshStamp } from "./stamp";

/**
 * journal_entry -> a posted account.move in a general journal (`MISC` when there is one, as
 * scripts/tryton/prepare.py makes, else the first general journal), keyed by `description`. Each
 * line's account comes from the gl_account mapping of its purpose: a Tryton account code, or
 * `id:<n>` for an account id. Debits equal credits (the canonical schema checks it, and Tryton's
 * `post` refuses an unbalanced move). A date in a closed period is refused by Tryton: closed_period.
 */
export async function pushJournalEntry(
  api: ModelApi,
  connection: ErpConnectionOf<"tryton">,
  doc: ErpDocumentOf<"journal_entry">,
  reference: string,
  correlationId: string,
): Promise<PushSuccess> {
  const { journal } = doc;
  const lines = [];
  for (const line of journal.lines) {
    lines.push({
      account: await resolveAccount(api, connection, line.purpose),
      debit: line.side === "debit" ? line.amount.amount : 0,
      credit: line.side === "credit" ? line.amount.amount : 0,
      description: meshStamp(correlationId, line.memo ?? journal.memo),
    });
  }
  const move = await postMove(api, {
    journal: await journalByType(api, "general", "MISC"),
    isoDate: journal.date,
    reference,
    currency: journal.currency,
    lines,
  });
  return { ok: true, erpId: String(move.id), erpNumber: move.number };
}
