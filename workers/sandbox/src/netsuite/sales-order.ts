import { invalidValue, missingValue, type NetSuiteErrorDetail } from "./errors";

/**
 * The business rules the sandbox enforces on a salesOrder body before it is stored. NetSuite checks
 * far more; these are the ones an integration hits first, each answered with the field's
 * `o:errorPath` the way NetSuite reports sublist errors (`item.items[0].quantity`).
 */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A record reference as a client may send it: `{"id": "12"}` or `{"externalId": "SKU-1"}`. */
export function isReference(value: unknown): boolean {
  if (!isObject(value)) return false;
  const { id, externalId } = value;
  return (
    (typeof id === "string" && id !== "") ||
    (typeof id === "number" && Number.isInteger(id)) ||
    (typeof externalId === "string" && externalId !== "")
  );
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkReference(
  body: JsonObject,
  field: string,
  label: string,
  required: boolean,
): NetSuiteErrorDetail | null {
  const value = body[field];
  if (value === undefined || value === null) return required ? missingValue(label, field) : null;
  return isReference(value) ? null : invalidValue(value, field, field);
}

function checkNumber(owner: JsonObject, field: string, path: string): NetSuiteErrorDetail | null {
  const value = owner[field];
  if (value === undefined || value === null) return null;
  return typeof value === "number" && Number.isFinite(value) ? null : invalidValue(value, field, path);
}

function checkLine(line: unknown, index: number): NetSuiteErrorDetail | null {
  const path = `item.items[${index}]`;
  if (!isObject(line)) return invalidValue(line, "item", path);
  if (line.item === undefined || line.item === null) return missingValue("Item", `${path}.item`);
  if (!isReference(line.item)) return invalidValue(line.item, "item", `${path}.item`);
  const quantity = line.quantity;
  if (quantity === undefined || quantity === null) return missingValue("Quantity", `${path}.quantity`);
  if (typeof quantity !== "number" || !Number.isFinite(quantity) || quantity <= 0) {
    return invalidValue(quantity, "quantity", `${path}.quantity`);
  }
  if (line.isClosed !== undefined && typeof line.isClosed !== "boolean") {
    return invalidValue(line.isClosed, "isclosed", `${path}.isClosed`);
  }
  return checkNumber(line, "rate", `${path}.rate`) ?? checkNumber(line, "amount", `${path}.amount`);
}

/** Returns the first problem with a complete salesOrder body, or null when it can be stored. */
export function validateSalesOrder(body: JsonObject): NetSuiteErrorDetail | null {
  const header =
    checkReference(body, "entity", "Customer", true) ??
    checkReference(body, "currency", "Currency", false) ??
    checkReference(body, "subsidiary", "Subsidiary", false) ??
    checkReference(body, "location", "Location", false) ??
    checkReference(body, "discountItem", "Discount Item", false) ??
    checkNumber(body, "shippingCost", "shippingCost") ??
    checkNumber(body, "discountRate", "discountRate");
  if (header) return header;
  if (body.tranDate !== undefined && (typeof body.tranDate !== "string" || !DATE.test(body.tranDate))) {
    return invalidValue(body.tranDate, "trandate", "tranDate");
  }
  const items = isObject(body.item) ? body.item.items : undefined;
  if (!Array.isArray(items) || items.length === 0) {
    return {
      detail: "Error while accessing a resource. You must enter at least one line item for this transaction.",
      "o:errorCode": "USER_ERROR",
      "o:errorPath": "item",
    };
  }
  for (const [index, line] of items.entries()) {
    const problem = checkLine(line, index);
    if (problem) return problem;
  }
  return null;
}
