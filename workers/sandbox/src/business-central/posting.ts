import { fail, num, type Outcome, type RuleContext, str } from "./entity-set";
import type { Entity, Json } from "./entity-store";
import { dialog } from "./errors";

/**
 * What every posting routine shares: BC's "Allow Posting From/To" check, item ledger entries that
 * move an item's inventory, and G/L entries. The messages are BC's own texts.
 */
export function checkPostingDate(ctx: RuleContext, date: string, where: string): Outcome<never> | null {
  const { allowPostingFrom: from, allowPostingTo: to } = ctx.settings;
  if ((from && date < from) || (to && date > to)) {
    return fail(dialog(`Posting Date is not within your range of allowed posting dates in ${where}.`));
  }
  return null;
}

export const NOTHING_TO_POST = dialog("There is nothing to post.");

export function postItemEntry(
  ctx: RuleContext,
  entry: {
    itemNumber: string;
    entryType: string;
    quantity: number;
    documentNumber: string;
    documentType: string;
    postingDate: string;
    description: string;
  },
): void {
  const item = ctx.store.list("items").find((i) => str(i.body.number) === entry.itemNumber);
  if (item) ctx.store.replace(item, { ...item.body, inventory: num(item.body.inventory) + entry.quantity });
  const entryNumber = Number(ctx.store.nextNumber("ITEM-LEDGER", 1));
  ctx.store.insert("itemLedgerEntries", {
    entryNumber,
    itemNumber: entry.itemNumber,
    postingDate: entry.postingDate,
    entryType: entry.entryType,
    sourceNumber: "",
    sourceType: "",
    documentNumber: entry.documentNumber,
    documentType: entry.documentType,
    description: entry.description,
    quantity: entry.quantity,
    salesAmountActual: 0,
    costAmountActual: 0,
    lastModifiedDateTime: new Date().toISOString(),
  });
}

export function postGlEntry(
  ctx: RuleContext,
  entry: {
    accountNumber: string;
    amount: number;
    documentNumber: string;
    postingDate: string;
    description: string;
  },
): void {
  const account = ctx.store.list("accounts").find((a) => str(a.body.number) === entry.accountNumber);
  ctx.store.insert("generalLedgerEntries", {
    entryNumber: Number(ctx.store.nextNumber("GL-LEDGER", 1)),
    postingDate: entry.postingDate,
    documentNumber: entry.documentNumber,
    documentType: " ",
    accountId: account?.id ?? "",
    accountNumber: entry.accountNumber,
    description: entry.description,
    debitAmount: Math.max(entry.amount, 0),
    creditAmount: entry.amount < 0 ? -entry.amount : 0,
    lastModifiedDateTime: new Date().toISOString(),
  });
}

/** Copies a document line onto a posted document (shipment, invoice) with the quantity posted. */
export function postedLine(line: Entity, documentId: string, documentNo: string, quantity: number): Json {
  return {
    documentId,
    documentNo,
    sequence: num(line.body.sequence),
    lineType: str(line.body.lineType),
    lineObjectNumber: str(line.body.lineObjectNumber),
    description: str(line.body.description),
    unitOfMeasureCode: str(line.body.unitOfMeasureCode),
    unitPrice: num(line.body.unitPrice),
    quantity,
  };
}
