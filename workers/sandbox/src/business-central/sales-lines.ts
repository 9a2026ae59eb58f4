import { fail, num, type Outcome, ok, type RuleContext, round2, str } from "./entity-set";
import type { Json } from "./entity-store";
import { dialog, tableRelation } from "./errors";
import { tooLong } from "./journals";

/**
 * Sales document lines (salesOrderLines, salesCreditMemoLines): what BC validates when a line is
 * written. An Item line names an item by `lineObjectNumber` or `itemId`, an Account line a G/L
 * account; amounts are computed by BC (read-only on the API), and so are they here, without tax:
 * the sandbox has no tax setup, so tax amounts stay 0. A Comment line (BC's Type " ") is text only:
 * its `description` is stored as written, it names no item or account, has no price, and posting
 * ships, invoices and credits nothing for it.
 */
export const LINE_TEMPLATE: Json = {
  id: "",
  documentId: "",
  sequence: 0,
  itemId: "00000000-0000-0000-0000-000000000000",
  accountId: "00000000-0000-0000-0000-000000000000",
  lineType: "Item",
  lineObjectNumber: "",
  description: "",
  unitOfMeasureCode: "PCS",
  quantity: 0,
  // null until written: BC takes the item's unit price when the client sends none.
  unitPrice: null,
  discountAmount: 0,
  discountPercent: 0,
  discountAppliedBeforeTax: false,
  amountExcludingTax: 0,
  taxCode: "",
  taxPercent: 0,
  totalTaxAmount: 0,
  amountIncludingTax: 0,
  netAmount: 0,
  netTaxAmount: 0,
  netAmountIncludingTax: 0,
  shipmentDate: "",
  itemVariantId: "00000000-0000-0000-0000-000000000000",
  locationId: "00000000-0000-0000-0000-000000000000",
};

export const ORDER_LINE_TEMPLATE: Json = {
  ...LINE_TEMPLATE,
  shippedQuantity: 0,
  invoicedQuantity: 0,
  invoiceQuantity: 0,
  // null until written: BC proposes the outstanding quantity.
  shipQuantity: null,
};

const READ_ONLY = [
  "shippedQuantity",
  "invoicedQuantity",
  "amountExcludingTax",
  "netAmount",
  "amountIncludingTax",
];

function resolveObject(ctx: RuleContext, line: Json, table: string): Outcome<Json> {
  const type = str(line.lineType) || "Item";
  if (type === "Comment") return ok({ ...line, lineType: type, lineObjectNumber: "", unitPrice: 0 });
  const set = type === "Item" ? "items" : type === "Account" ? "accounts" : null;
  if (!set) return fail(dialog(`'${type}' is not an option. The existing options are: Comment,Account,Item`));
  const idField = type === "Item" ? "itemId" : "accountId";
  const number = str(line.lineObjectNumber);
  const byId = str(line[idField]);
  const target = ctx.store
    .list(set)
    .find((e) => (number !== "" ? str(e.body.number) === number : e.id === byId && byId !== ""));
  if (!target) {
    return fail(tableRelation("No.", table, number || byId, type === "Item" ? "Item" : "G/L Account"));
  }
  return ok({
    ...line,
    lineType: type,
    [idField]: target.id,
    lineObjectNumber: str(target.body.number),
    description: str(line.description) || str(target.body.displayName),
    unitPrice:
      line.unitPrice === undefined || line.unitPrice === null
        ? num(target.body.unitPrice)
        : num(line.unitPrice),
  });
}

/** Validates a new or changed line and computes its amounts; `previous` is the stored line, if any. */
export function writeLine(
  ctx: RuleContext,
  changes: Json,
  previous: Json | null,
  table: "Sales Line",
  isOrder: boolean,
): Outcome<Json> {
  const merged: Json = { ...(previous ?? {}), ...changes };
  for (const field of READ_ONLY) if (previous) merged[field] = previous[field];
  // Sales Line Description is Text[100].
  const long = tooLong(str(merged.description), 100);
  if (long) return fail(long);
  const objectChanged = !previous || "lineObjectNumber" in changes || "itemId" in changes;
  const resolved = objectChanged ? resolveObject(ctx, merged, table) : ok(merged);
  if (!resolved.ok) return resolved;
  const line = resolved.value;
  const quantity = num(line.quantity);
  if (quantity < 0) return fail(dialog("Quantity must be positive."));
  if (isOrder) {
    const shipped = num(line.shippedQuantity);
    if (quantity < shipped) {
      return fail(dialog(`Quantity (${quantity}) cannot be less than Quantity Shipped (${shipped}).`));
    }
    const outstanding = quantity - shipped;
    // BC proposes the whole outstanding quantity to ship whenever the quantity changes.
    const asked = changes.shipQuantity;
    const shipQuantity = asked === undefined || asked === null ? outstanding : num(asked);
    if (shipQuantity > outstanding) return fail(dialog(`You cannot ship more than ${outstanding} units.`));
    line.shipQuantity = shipQuantity;
    line.invoiceQuantity = shipQuantity + shipped - num(line.invoicedQuantity);
  }
  const net = round2(quantity * num(line.unitPrice) - num(line.discountAmount));
  return ok({
    ...line,
    amountExcludingTax: net,
    netAmount: net,
    amountIncludingTax: net,
    netAmountIncludingTax: net,
  });
}
