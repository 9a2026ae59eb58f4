import type { ErpDocumentOf } from "../../../../../shared/erp";
import type { OutboxClaim } from "../../../../../shared/internal-api";
import type { PushResult } from "../erp-adapter";
import type { NsContext } from "./context";
import { documentExternalId } from "./external-id";
import { decimal } from "./map";
import { upsert } from "./records";
import { glAccounts, itemRef, locationRef, memo, subsidiaryRef } from "./refs";

/**
 * Journal entries and inventory adjustments, upserted by external id with their sublist replaced
 * (`?replace=line`, `?replace=inventory`): their lines are never referenced, and replacing them makes
 * a repeat converge on the same lines instead of appending a second set.
 *
 * - journalEntry: `line.items[{account, debit | credit, memo}]` (reference/erp.md §1.4); accounts from
 *   the connection's gl_account mapping, a missing one is a validation failure naming it. Debits equal
 *   credits in minor units (the canonical journal checks it), so they do in decimals too.
 * - inventoryAdjustment: `account` from gl_account `inventory_adjustment`, `adjLocation` and the
 *   `inventory` sublist with `adjustQtyBy` (not `item`: §1.4).
 */
export async function pushJournal(
  ctx: NsContext,
  claim: OutboxClaim,
  doc: ErpDocumentOf<"journal_entry">,
): Promise<PushResult> {
  const { journal } = doc;
  const accounts = glAccounts(
    ctx.connection.mappings,
    journal.lines.map((l) => l.purpose),
  );
  if (!accounts.ok) return accounts;
  const subsidiary = subsidiaryRef(ctx.connection);
  const body = {
    ...(subsidiary ? { subsidiary } : {}),
    tranDate: journal.date,
    currency: { externalId: journal.currency },
    memo: memo(claim.correlationId, `${journal.source} ${journal.externalId}`, journal.memo),
    line: {
      items: journal.lines.map((line) => ({
        account: accounts.accounts.get(line.purpose),
        [line.side]: decimal(line.amount.amount, line.amount.currency),
        ...(line.memo ? { memo: line.memo } : {}),
      })),
    },
  };
  return upsert(ctx, "journalEntry", documentExternalId(doc), body, ["line"]);
}

export async function pushAdjustment(
  ctx: NsContext,
  claim: OutboxClaim,
  doc: ErpDocumentOf<"inventory_adjustment">,
): Promise<PushResult> {
  const { adjustment } = doc;
  const accounts = glAccounts(ctx.connection.mappings, ["inventory_adjustment"]);
  if (!accounts.ok) return accounts;
  const location = locationRef(ctx.connection.mappings, adjustment.locationId);
  const subsidiary = subsidiaryRef(ctx.connection, adjustment.locationId);
  const body = {
    ...(subsidiary ? { subsidiary } : {}),
    account: accounts.accounts.get("inventory_adjustment"),
    ...(location ? { adjLocation: location } : {}),
    tranDate: adjustment.occurredAt.slice(0, 10),
    memo: memo(claim.correlationId, `adjustment ${adjustment.externalId}`, adjustment.reason),
    inventory: {
      items: [
        {
          item: itemRef(ctx.connection.mappings, adjustment.sku),
          ...(location ? { location } : {}),
          adjustQtyBy: adjustment.quantityDelta,
        },
      ],
    },
  };
  return upsert(ctx, "inventoryAdjustment", documentExternalId(doc), body, ["inventory"]);
}
