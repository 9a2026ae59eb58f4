import { type Operation, relative } from "./batch";
import type { Json } from "./client";
import { amount, etag, text } from "./odata";

/**
 * The mesh's trace stamp in Business Central, `mesh <correlation id>`, so a finance user can go from
 * a BC record to `GET /v1/traces/{correlationId}`. It is never part of a key: documents are still
 * found by their external document number or document number, so a retry or a replay under another
 * correlation id finds the record it wrote before.
 *
 * Where it goes: API v2.0 sales documents have no free-text header field (`salesOrder` and
 * `salesCreditMemo` list none [doc]), so orders and credit memos carry it as one line of
 * `lineType: "Comment"` whose `description` (Text[100]) is the stamp; comment lines have no
 * quantity or amount and posting ships, invoices and credits nothing for them. Journal lines carry
 * it at the start of their `description` (Text[100]), the field BC copies to the G/L, customer and
 * item ledger entries when the line is posted (a journal line's `comment` is not posted anywhere, and
 * `generalLedgerEntries` only show `description`).
 */
export const TRACE_PREFIX = "mesh ";
const DESCRIPTION_LENGTH = 100;

export function traceStamp(correlationId: string): string {
  return `${TRACE_PREFIX}${correlationId}`.slice(0, DESCRIPTION_LENGTH);
}

/** A journal line's description: the stamp, then what the line is, within Text[100]. */
export function stampedDescription(correlationId: string, what: string): string {
  return [traceStamp(correlationId), what]
    .filter((part) => part !== "")
    .join(" | ")
    .slice(0, DESCRIPTION_LENGTH);
}

/** The Comment line that carries the stamp on a sales order or credit memo. */
export function traceLine(correlationId: string): Json {
  return { lineType: "Comment", description: traceStamp(correlationId) };
}

export const isComment = (line: Json): boolean => text(line.lineType) === "Comment";

/** The document's trace lines (the adapter's Comment lines), by sequence. */
export function traceLines(lines: readonly Json[]): Json[] {
  return lines
    .filter((l) => isComment(l) && text(l.description).startsWith(TRACE_PREFIX))
    .sort((a, b) => amount(a.sequence) - amount(b.sequence));
}

/**
 * The writes that leave a document with exactly one trace line, stamped with `correlationId`: none
 * when it already has that; a PATCH of its description when the stamp is another push's; a POST when
 * it has none (written before the adapter stamped, or deleted in BC); a DELETE of any extra one.
 * Comment lines of BC users (not starting with `mesh `) are left alone.
 */
export function traceOperations(
  companyId: string,
  document: { set: "salesOrders" | "salesCreditMemos"; id: string },
  lineSet: "salesOrderLines" | "salesCreditMemoLines",
  lines: readonly Json[],
  correlationId: string,
): Operation[] {
  const stamp = traceStamp(correlationId);
  const [keep, ...extra] = traceLines(lines);
  const ops: Operation[] = [];
  if (!keep) {
    ops.push({
      method: "POST",
      url: relative(companyId, `${document.set}(${document.id})/${lineSet}`),
      body: traceLine(correlationId),
    });
  } else if (text(keep.description) !== stamp) {
    ops.push({
      method: "PATCH",
      url: relative(companyId, `${lineSet}(${text(keep.id)})`),
      body: { description: stamp },
      ifMatch: etag(keep),
    });
  }
  for (const line of extra) {
    ops.push({
      method: "DELETE",
      url: relative(companyId, `${lineSet}(${text(line.id)})`),
      ifMatch: etag(line),
    });
  }
  return ops;
}
