import type { ErpDocumentOf } from "../../../../../shared/erp";
import type { OutboxClaim } from "../../../../../shared/internal-api";
import type { PushResult } from "../erp-adapter";
import type { NsContext } from "./context";
import { customerFor } from "./customer-ref";
import { salesOrderExternalId } from "./external-id";
import { mapSalesOrder, type SalesOrderLine } from "./map";
import { linesOf, readExpanded, upsert } from "./records";
import { subsidiaryRef } from "./refs";

/**
 * A sales order: `PUT salesOrder/eid:<external id>`, NetSuite's upsert. Its `item` sublist is keyed by
 * `line`, and an update appends lines without a key (Oracle, "Updating a Sublist"), so:
 * - a first write (no ERP id yet) replaces the sublist (`?replace=item`): whether it creates the
 *   order or meets the one a lost response already created, the order ends with exactly these lines.
 *   Nothing can reference those lines yet (fulfilments wait for this write to be acknowledged).
 * - an update (the row has an ERP id) reads the order's lines first and sends each canonical line with
 *   its NetSuite key, in the order the first write created them, so lines are updated in place and
 *   fulfilled lines keep their key. Cancelled units reduce or close lines (see map.ts).
 */
export async function pushSalesOrder(
  ctx: NsContext,
  claim: OutboxClaim,
  doc: ErpDocumentOf<"sales_order">,
): Promise<PushResult> {
  const customer = await customerFor(ctx, claim, doc.order);
  if (!customer.ok) return customer;
  const body = mapSalesOrder(doc.order, claim.correlationId, {
    customer: customer.ref,
    subsidiary: subsidiaryRef(ctx.connection),
    mappings: ctx.connection.mappings,
  });
  const externalId = salesOrderExternalId(doc.order);
  if (!claim.erpId) return upsert(ctx, "salesOrder", externalId, { ...body }, ["item"]);

  const current = await readExpanded(ctx, "salesOrder", claim.erpId);
  if (!current.ok) return current;
  if (!current.found) return upsert(ctx, "salesOrder", externalId, { ...body }, ["item"]);
  const keys = linesOf(current.found, "item").map((line) => Number(line.line));
  const items: SalesOrderLine[] = body.item.items.map((line, index) => {
    const key = keys[index];
    return key !== undefined && Number.isInteger(key) ? { ...line, line: key } : line;
  });
  return upsert(ctx, "salesOrder", externalId, { ...body, item: { items } });
}
