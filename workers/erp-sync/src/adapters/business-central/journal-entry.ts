import type { ErpDocumentOf } from "../../../../../shared/erp";
import type { OutboxClaim } from "../../../../../shared/internal-api";
import type { PushResult } from "../erp-adapter";
import type { Json } from "./client";
import type { BcContext } from "./context";
import { decimal, glAccount } from "./context";
import { postJournalDocument } from "./general-journal";
import { documentNumber, externalDocumentNumber } from "./odata";
import { stampedDescription } from "./trace";

/**
 * Journal entries (settlement fees, reserves): one G/L account line per canonical line, the account
 * from `mappings.glAccount[purpose]` (a missing one is a validation failure naming the purpose),
 * debits positive and credits negative as BC's journal amounts are, posted in the MESH journal.
 * Each line's description is `mesh <correlation id> | <memo>`, which posting copies to its G/L entry.
 */
export async function pushJournalEntry(
  ctx: BcContext,
  claim: OutboxClaim,
  doc: ErpDocumentOf<"journal_entry">,
): Promise<PushResult> {
  const { journal } = doc;
  const docNo = await documentNumber(claim.docKey);
  const reference = await externalDocumentNumber(claim.docKey);
  const lines: Json[] = [];
  for (const line of journal.lines) {
    const account = glAccount(ctx, line.purpose);
    if (typeof account !== "string") return account;
    const value = decimal(line.amount.amount, journal.currency);
    lines.push({
      accountType: "G/L Account",
      accountNumber: account,
      postingDate: journal.date,
      documentNumber: docNo,
      externalDocumentNumber: reference,
      amount: line.side === "debit" ? value : -value,
      description: stampedDescription(claim.correlationId, line.memo ?? journal.memo),
    });
  }
  return postJournalDocument(ctx, docNo, reference, lines);
}
