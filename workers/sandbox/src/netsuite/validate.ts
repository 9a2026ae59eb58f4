import { invalidValue, missingValue, type NetSuiteErrorDetail } from "./errors";
import { isObject, isReference, type JsonObject } from "./json";

/**
 * Field checks shared by every record type's validator. Each returns NetSuite's error detail for the
 * first problem (with the field's `o:errorPath`, as NetSuite reports it), or null.
 */
export type Problem = NetSuiteErrorDetail | null;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function checkReference(
  body: JsonObject,
  field: string,
  label: string,
  required: boolean,
  path = field,
): Problem {
  const value = body[field];
  if (value === undefined || value === null) return required ? missingValue(label, path) : null;
  return isReference(value) ? null : invalidValue(value, field.toLowerCase(), path);
}

export function checkNumber(owner: JsonObject, field: string, path: string): Problem {
  const value = owner[field];
  if (value === undefined || value === null) return null;
  return typeof value === "number" && Number.isFinite(value)
    ? null
    : invalidValue(value, field.toLowerCase(), path);
}

export function checkPositive(
  owner: JsonObject,
  field: string,
  label: string,
  path: string,
  required: boolean,
): Problem {
  const value = owner[field];
  if (value === undefined || value === null) return required ? missingValue(label, path) : null;
  return typeof value === "number" && Number.isFinite(value) && value > 0
    ? null
    : invalidValue(value, field.toLowerCase(), path);
}

export function checkBoolean(owner: JsonObject, field: string, path: string): Problem {
  const value = owner[field];
  return value === undefined || typeof value === "boolean"
    ? null
    : invalidValue(value, field.toLowerCase(), path);
}

export function checkDate(body: JsonObject, field: string): Problem {
  const value = body[field];
  if (value === undefined) return null;
  return typeof value === "string" && DATE.test(value) && !Number.isNaN(Date.parse(value))
    ? null
    : invalidValue(value, field.toLowerCase(), field);
}

export function checkText(body: JsonObject, field: string): Problem {
  const value = body[field];
  return value === undefined || value === null || typeof value === "string"
    ? null
    : invalidValue(value, field.toLowerCase(), field);
}

/** "You must enter at least one line item", on the sublist's path. */
export function noLines(sublist: string): NetSuiteErrorDetail {
  return {
    detail: "Error while accessing a resource. You must enter at least one line item for this transaction.",
    "o:errorCode": "USER_ERROR",
    "o:errorPath": sublist,
  };
}

/** The sublist's lines, or a problem if the sublist is there but is not `{"items": [...]}` of objects. */
export function linesOf(
  body: JsonObject,
  sublist: string,
): { lines: JsonObject[] } | { problem: NetSuiteErrorDetail } {
  const holder = body[sublist];
  if (holder === undefined || holder === null) return { lines: [] };
  const items = isObject(holder) ? holder.items : undefined;
  if (!Array.isArray(items)) return { problem: invalidValue(holder, sublist.toLowerCase(), sublist) };
  for (const [index, line] of items.entries()) {
    if (!isObject(line))
      return { problem: invalidValue(line, sublist.toLowerCase(), `${sublist}.items[${index}]`) };
  }
  return { lines: items.filter(isObject) };
}

export function firstProblem(...checks: Array<() => Problem>): Problem {
  for (const check of checks) {
    const problem = check();
    if (problem) return problem;
  }
  return null;
}
