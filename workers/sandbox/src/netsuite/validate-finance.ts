import { invalidValue, missingValue, type NetSuiteErrorDetail } from "./errors";
import { isReference, type JsonObject } from "./json";
import {
  checkDate,
  checkNumber,
  checkReference,
  checkText,
  firstProblem,
  linesOf,
  noLines,
  type Problem,
} from "./validate";
import { checkItemLines } from "./validate-sales";

/** Credit memos, customer refunds, journal entries and inventory adjustments. */
function header(body: JsonObject, customerField: "entity" | "customer" | null): Problem {
  return firstProblem(
    () => (customerField ? checkReference(body, customerField, "Customer", true) : null),
    () => checkReference(body, "currency", "Currency", false),
    () => checkReference(body, "subsidiary", "Subsidiary", false),
    () => checkDate(body, "tranDate"),
    () => checkText(body, "memo"),
  );
}

/** Line amounts may be negative on a credit (a restocking fee), but must be numbers. */
export function validateCreditMemo(body: JsonObject): Problem {
  return firstProblem(
    () => header(body, "entity"),
    () => checkItemLines(body, false),
    () => checkApplyLines(body, false),
  );
}

/** A refund must apply at least one credit (`apply.items[].doc`), each with a positive amount. */
export function validateCustomerRefund(body: JsonObject): Problem {
  return firstProblem(
    () => header(body, "customer"),
    () => checkReference(body, "paymentMethod", "Payment Method", false),
    () => checkReference(body, "account", "Account", false),
    () => checkApplyLines(body, true),
  );
}

function checkApplyLines(body: JsonObject, required: boolean): Problem {
  const sublist = linesOf(body, "apply");
  if ("problem" in sublist) return sublist.problem;
  const applied = sublist.lines.filter((line) => line.apply !== false);
  if (required && applied.length === 0) return noLines("apply");
  for (const [index, line] of sublist.lines.entries()) {
    const path = `apply.items[${index}]`;
    if (!isReference(line.doc)) return missingValue("Applied To", `${path}.doc`);
    if (line.apply === false) continue;
    const amount = line.amount;
    if (typeof amount !== "number" || !Number.isFinite(amount) || amount <= 0) {
      return invalidValue(amount, "amount", `${path}.amount`);
    }
  }
  return null;
}

/** Every line names an account and one positive side; debits equal credits (to the cent). */
export function validateJournalEntry(body: JsonObject): Problem {
  const problem = header(body, null);
  if (problem) return problem;
  const sublist = linesOf(body, "line");
  if ("problem" in sublist) return sublist.problem;
  if (sublist.lines.length === 0) return noLines("line");
  let balance = 0;
  for (const [index, line] of sublist.lines.entries()) {
    const path = `line.items[${index}]`;
    const lineProblem = firstProblem(
      () => checkReference(line, "account", "Account", true, `${path}.account`),
      () => checkNumber(line, "debit", `${path}.debit`),
      () => checkNumber(line, "credit", `${path}.credit`),
    );
    if (lineProblem) return lineProblem;
    const debit = typeof line.debit === "number" ? line.debit : 0;
    const credit = typeof line.credit === "number" ? line.credit : 0;
    if (debit > 0 === credit > 0 || debit < 0 || credit < 0) {
      return missingValue("Debit or Credit", `${path}.debit`);
    }
    // Thousandths cover every currency's minor units; the sum is exact in integers.
    balance += Math.round(debit * 1000) - Math.round(credit * 1000);
  }
  return balance === 0 ? null : unbalanced();
}

/** An adjustment names its account and, per line, an item, a location and a non-zero quantity. */
export function validateInventoryAdjustment(body: JsonObject): Problem {
  const problem = firstProblem(
    () => header(body, null),
    () => checkReference(body, "account", "Adjustment Account", true),
    () => checkReference(body, "adjLocation", "Adjustment Location", false),
  );
  if (problem) return problem;
  const sublist = linesOf(body, "inventory");
  if ("problem" in sublist) return sublist.problem;
  if (sublist.lines.length === 0) return noLines("inventory");
  for (const [index, line] of sublist.lines.entries()) {
    const path = `inventory.items[${index}]`;
    const lineProblem = firstProblem(
      () => checkReference(line, "item", "Item", true, `${path}.item`),
      () => checkReference(line, "location", "Location", body.adjLocation === undefined, `${path}.location`),
    );
    if (lineProblem) return lineProblem;
    const qty = line.adjustQtyBy;
    if (typeof qty !== "number" || !Number.isFinite(qty) || qty === 0) {
      return qty === undefined
        ? missingValue("Adjust Qty. By", `${path}.adjustQtyBy`)
        : invalidValue(qty, "adjustqtyby", `${path}.adjustQtyBy`);
    }
  }
  return null;
}

/** Sandbox wording: Oracle documents that debits must equal credits, not the error text. */
function unbalanced(): NetSuiteErrorDetail {
  return {
    detail:
      "Error while accessing a resource. The total of debit lines must equal the total of credit lines.",
    "o:errorCode": "USER_ERROR",
    "o:errorPath": "line",
  };
}
