import type { ErpDocumentOf } from "../../../../../shared/erp";
import type { OutboxClaim } from "../../../../../shared/internal-api";
import type { PushResult } from "../erp-adapter";
import { runSnapshotBatch } from "./batch";
import type { BcContext } from "./context";
import { itemNumber, plainDate } from "./context";
import { journalId, journalSuccess, MESH_JOURNAL, postedUnder } from "./journal-batch";
import { documentNumber, externalDocumentNumber, findOne, odataString } from "./odata";
import { stampedDescription } from "./trace";

/**
 * Inventory adjustments. Standard API v2.0 has no item journal (items' `inventory` is read-only and
 * there is no adjustment entity), so the documented route is a custom API page over the Item
 * Journal: the mesh's `api/mesh/inventory/v1.0` with `itemJournals` / `itemJournalLines` and the
 * bound action `Microsoft.NAV.post` (see the README for what a retailer installs). A positive delta
 * is a "Positive Adjmt." line, a negative one a "Negative Adjmt."; the line and the post go in one
 * snapshot `$batch`. Keys: the document number among item ledger entries (standard API), and among
 * the journal's lines while unposted. The location is the mapped warehouse code, or BC's blank
 * location when the mesh location has no mapping. The line's description is `mesh <correlation id> |
 * <reason>`, which posting copies to the item ledger entry.
 */
export async function pushInventoryAdjustment(
  ctx: BcContext,
  claim: OutboxClaim,
  doc: ErpDocumentOf<"inventory_adjustment">,
): Promise<PushResult> {
  const { adjustment } = doc;
  const docNo = await documentNumber(claim.docKey);
  const posted = await postedUnder(ctx, "itemLedgerEntries", docNo);
  if (!posted.ok) return posted;
  if (posted.value) return journalSuccess(docNo);
  const journals = `${ctx.config.inventoryCompany}/itemJournals`;
  const journal = await journalId(ctx, journals, MESH_JOURNAL, { displayName: "Retail integration mesh" });
  if (!journal.ok) return journal;
  const id = journal.value;
  const waiting = await findOne(
    ctx.client,
    `${journals}(${id})/itemJournalLines`,
    `documentNumber eq ${odataString(docNo)}`,
  );
  if (!waiting.ok) return waiting;
  const base = `companies(${ctx.config.companyId})/itemJournals(${id})`;
  const post = { method: "POST" as const, url: `${base}/Microsoft.NAV.post` };
  const line = {
    itemNumber: itemNumber(ctx, adjustment.sku),
    entryType: adjustment.quantityDelta > 0 ? "Positive Adjmt." : "Negative Adjmt.",
    quantity: Math.abs(adjustment.quantityDelta),
    postingDate: plainDate(adjustment.occurredAt),
    documentNumber: docNo,
    externalDocumentNumber: await externalDocumentNumber(claim.docKey),
    locationCode: ctx.mappings.location[adjustment.locationId]?.warehouse ?? "",
    description: stampedDescription(claim.correlationId, adjustment.reason),
  };
  const ops = waiting.value
    ? [post]
    : [{ method: "POST" as const, url: `${base}/itemJournalLines`, body: line }, post];
  const done = await runSnapshotBatch(ctx.client, ctx.config.inventoryRoot, ops, ctx.now());
  return done.ok ? journalSuccess(docNo) : done;
}
