import { badRequest, invalidValue, missingAttribute } from "./errors";
import { amount, type JsonObject, objects, sumAmounts, text } from "./json";
import type { PodContext, ResourceSpec } from "./resource-spec";

/**
 * Receivables: `standardReceipts` (a customer payment, keyed by ReceiptNumber) and
 * `receivablesCreditMemos` (an on-account credit memo with `receivablesCreditMemoLines`, keyed by
 * TransactionNumber). Both name their customer by account number, which the pod checks. The sandbox
 * refuses a repeated ReceiptNumber or TransactionNumber outright; Fusion's own duplicate checks also
 * weigh customer, date and amount, so adapters must look a number up before they create it.
 */
function customerKnown(number: string | null, ctx: PodContext): boolean {
  return (
    number !== null && ctx.store.query("accounts", [{ attribute: "PartyNumber", value: number }]).length > 0
  );
}

function checkCommon(
  body: JsonObject,
  ctx: PodContext,
  fields: { bu: string; currency: string; customer: string },
) {
  const bu = text(body[fields.bu]);
  if (!bu) return missingAttribute(fields.bu);
  if (!ctx.businessUnits.includes(bu)) return invalidValue(fields.bu, bu);
  const currency = text(body[fields.currency]);
  if (!currency || !/^[A-Z]{3}$/.test(currency)) return invalidValue(fields.currency, body[fields.currency]);
  const customer = text(body[fields.customer]);
  if (!customer) return missingAttribute(fields.customer);
  if (!customerKnown(customer, ctx)) return invalidValue(fields.customer, customer);
  return null;
}

export const standardReceipts: ResourceSpec = {
  name: "standardReceipts",
  api: "fscmRestApi",
  idField: "StandardReceiptId",
  children: [],
  naturalKey: (body) => text(body.ReceiptNumber),
  duplicate: (body) =>
    badRequest(
      `The receipt number ${String(body.ReceiptNumber)} already exists.`,
      "SANDBOX-DUPLICATE-RECEIPT",
    ),
  create(body, id, ctx) {
    const number = text(body.ReceiptNumber);
    if (!number) return { ok: false, error: missingAttribute("ReceiptNumber") };
    if (number.length > 30) return { ok: false, error: invalidValue("ReceiptNumber", number) };
    if (!text(body.ReceiptMethod)) return { ok: false, error: missingAttribute("ReceiptMethod") };
    const problem = checkCommon(body, ctx, {
      bu: "BusinessUnit",
      currency: "Currency",
      customer: "CustomerAccountNumber",
    });
    if (problem) return { ok: false, error: problem };
    const value = amount(body.Amount);
    if (value === null || value <= 0) return { ok: false, error: invalidValue("Amount", body.Amount) };
    return { ok: true, body: { ...body, StandardReceiptId: Number(id), State: "Unapplied" } };
  },
};

export const creditMemos: ResourceSpec = {
  name: "receivablesCreditMemos",
  api: "fscmRestApi",
  idField: "CustomerTransactionId",
  children: ["receivablesCreditMemoLines"],
  naturalKey: (body) => text(body.TransactionNumber),
  duplicate: (body) =>
    badRequest(
      `The transaction number ${String(body.TransactionNumber)} already exists for the transaction source ${String(body.TransactionSource)}.`,
      "SANDBOX-DUPLICATE-TRANSACTION",
    ),
  create(body, id, ctx) {
    const number = text(body.TransactionNumber);
    if (!number) return { ok: false, error: missingAttribute("TransactionNumber") };
    if (number.length > 20) return { ok: false, error: invalidValue("TransactionNumber", number) };
    for (const attribute of ["TransactionSource", "TransactionType", "TransactionDate"]) {
      if (!text(body[attribute])) return { ok: false, error: missingAttribute(attribute) };
    }
    const problem = checkCommon(body, ctx, {
      bu: "BusinessUnit",
      currency: "InvoiceCurrencyCode",
      customer: "BillToCustomerNumber",
    });
    if (problem) return { ok: false, error: problem };
    const lines = objects(body.receivablesCreditMemoLines);
    if (lines.length === 0) return { ok: false, error: missingAttribute("receivablesCreditMemoLines") };
    const amounts: number[] = [];
    for (const [index, line] of lines.entries()) {
      const quantity = amount(line.Quantity);
      const price = amount(line.UnitSellingPrice);
      if (quantity === null)
        return { ok: false, error: missingAttribute(`receivablesCreditMemoLines[${index}].Quantity`) };
      if (price === null)
        return {
          ok: false,
          error: missingAttribute(`receivablesCreditMemoLines[${index}].UnitSellingPrice`),
        };
      amounts.push(quantity * price);
    }
    const total = sumAmounts(amounts);
    if (total >= 0) {
      return {
        ok: false,
        error: badRequest("The credit memo amount must be negative.", "SANDBOX-CREDIT-SIGN"),
      };
    }
    return {
      ok: true,
      body: {
        ...body,
        CustomerTransactionId: Number(id),
        EnteredAmount: total,
        TransactionStatus: "Complete",
      },
    };
  },
};
