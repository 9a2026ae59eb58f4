import { badRequest, invalidValue, missingAttribute } from "./errors";
import { amount, objects, sumAmounts, text } from "./json";
import type { ResourceSpec } from "./resource-spec";

/**
 * `invoices` (Payables). A customer refund reaches the customer as a Payables payment request, the
 * document Fusion's own Receivables refunds create; the sandbox takes `InvoiceType: "Payment Request"`
 * with the customer as `Party`. Invoice numbers are unique per payee, and the line amounts must add up
 * to the invoice amount.
 */
const TYPES = new Set(["Standard", "Payment Request"]);

export const invoices: ResourceSpec = {
  name: "invoices",
  api: "fscmRestApi",
  idField: "InvoiceId",
  children: ["invoiceLines"],
  naturalKey: (body) => {
    const number = text(body.InvoiceNumber);
    const payee = text(body.Party) ?? text(body.Supplier);
    return number && payee ? `${payee}:${number}` : null;
  },
  duplicate: (body) =>
    badRequest(
      `The invoice number ${String(body.InvoiceNumber)} already exists.`,
      "SANDBOX-DUPLICATE-INVOICE",
    ),
  create(body, id, ctx) {
    const number = text(body.InvoiceNumber);
    if (!number) return { ok: false, error: missingAttribute("InvoiceNumber") };
    if (number.length > 50) return { ok: false, error: invalidValue("InvoiceNumber", number) };
    const type = text(body.InvoiceType) ?? "Standard";
    if (!TYPES.has(type)) return { ok: false, error: invalidValue("InvoiceType", type) };
    const payee = type === "Payment Request" ? "Party" : "Supplier";
    if (!text(body[payee])) return { ok: false, error: missingAttribute(payee) };
    const bu = text(body.BusinessUnit);
    if (!bu) return { ok: false, error: missingAttribute("BusinessUnit") };
    if (!ctx.businessUnits.includes(bu)) return { ok: false, error: invalidValue("BusinessUnit", bu) };
    if (!text(body.InvoiceCurrency)) return { ok: false, error: missingAttribute("InvoiceCurrency") };
    const total = amount(body.InvoiceAmount);
    if (total === null || total <= 0)
      return { ok: false, error: invalidValue("InvoiceAmount", body.InvoiceAmount) };
    const lines = objects(body.invoiceLines);
    const lineTotal = sumAmounts(lines.map((line) => amount(line.LineAmount) ?? 0));
    if (lines.length === 0 || lineTotal !== sumAmounts([total])) {
      return {
        ok: false,
        error: badRequest(
          `The sum of the line amounts ${lineTotal} doesn't match the invoice amount ${total}.`,
          "SANDBOX-INVOICE-LINES",
        ),
      };
    }
    return {
      ok: true,
      body: { ...body, InvoiceType: type, InvoiceId: Number(id), ValidationStatus: "Not validated" },
    };
  },
};
