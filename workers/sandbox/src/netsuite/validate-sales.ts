import { invalidValue, missingValue } from "./errors";
import { isReference, type JsonObject } from "./json";
import {
  checkBoolean,
  checkDate,
  checkNumber,
  checkPositive,
  checkReference,
  checkText,
  firstProblem,
  linesOf,
  noLines,
  type Problem,
} from "./validate";

/**
 * What the sandbox checks on customers, sales orders and customer deposits before storing them.
 * NetSuite checks far more; these are the rules an integration meets first.
 */
function checkItemLine(line: JsonObject, index: number, requireQuantity: boolean): Problem {
  const path = `item.items[${index}]`;
  if (line.item === undefined || line.item === null) return missingValue("Item", `${path}.item`);
  if (!isReference(line.item)) return invalidValue(line.item, "item", `${path}.item`);
  const quantity = line.quantity;
  if ((quantity === undefined || quantity === null) && requireQuantity) {
    return missingValue("Quantity", `${path}.quantity`);
  }
  if (
    quantity !== undefined &&
    (typeof quantity !== "number" || !Number.isFinite(quantity) || quantity <= 0)
  ) {
    return invalidValue(quantity, "quantity", `${path}.quantity`);
  }
  return firstProblem(
    () => checkBoolean(line, "isClosed", `${path}.isClosed`),
    () => checkNumber(line, "rate", `${path}.rate`),
    () => checkNumber(line, "amount", `${path}.amount`),
    () => checkReference(line, "location", "Location", false, `${path}.location`),
  );
}

/** Item lines of a sales transaction: at least one, each with an item (and a quantity when required). */
export function checkItemLines(body: JsonObject, requireQuantity: boolean): Problem {
  const sublist = linesOf(body, "item");
  if ("problem" in sublist) return sublist.problem;
  if (sublist.lines.length === 0) return noLines("item");
  for (const [index, line] of sublist.lines.entries()) {
    const problem = checkItemLine(line, index, requireQuantity);
    if (problem) return problem;
  }
  return null;
}

function checkTransactionHeader(body: JsonObject, customerField: "entity" | "customer"): Problem {
  return firstProblem(
    () => checkReference(body, customerField, "Customer", true),
    () => checkReference(body, "currency", "Currency", false),
    () => checkReference(body, "subsidiary", "Subsidiary", false),
    () => checkReference(body, "location", "Location", false),
    () => checkDate(body, "tranDate"),
    () => checkText(body, "memo"),
  );
}

export function validateSalesOrder(body: JsonObject): Problem {
  return firstProblem(
    () => checkTransactionHeader(body, "entity"),
    () => checkReference(body, "discountItem", "Discount Item", false),
    () => checkReference(body, "shipMethod", "Ship Via", false),
    () => checkNumber(body, "shippingCost", "shippingCost"),
    () => checkNumber(body, "discountRate", "discountRate"),
    () => checkItemLines(body, true),
  );
}

/** A person needs a first and last name, a company its name (NetSuite's "Please enter value(s) for"). */
export function validateCustomer(body: JsonObject): Problem {
  const person = body.isPerson === true;
  return firstProblem(
    () => checkBoolean(body, "isPerson", "isPerson"),
    () => (person && !nonEmpty(body.firstName) ? missingValue("First Name", "firstName") : null),
    () => (person && !nonEmpty(body.lastName) ? missingValue("Last Name", "lastName") : null),
    () => (!person && !nonEmpty(body.companyName) ? missingValue("Company Name", "companyName") : null),
    () =>
      body.email !== undefined && !validEmail(body.email) ? invalidValue(body.email, "email", "email") : null,
    () => checkReference(body, "subsidiary", "Subsidiary", false),
  );
}

/** A deposit needs its customer and a positive payment; `salesOrder` must name an existing order (checked by the store). */
export function validateCustomerDeposit(body: JsonObject): Problem {
  return firstProblem(
    () => checkTransactionHeader(body, "customer"),
    () => checkPositive(body, "payment", "Payment Amount", "payment", true),
    () => checkReference(body, "salesOrder", "Sales Order", false),
    () => checkReference(body, "paymentMethod", "Payment Method", false),
    () => checkReference(body, "account", "Account", false),
  );
}

function nonEmpty(value: unknown): boolean {
  return typeof value === "string" && value.trim() !== "";
}

function validEmail(value: unknown): boolean {
  return typeof value === "string" && /^[^\s@]+@[^\s@]+$/.test(value);
}
