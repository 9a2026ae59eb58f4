import { formatDecimal, parseDecimal } from "../../../../../shared/canonical";

/**
 * Tryton's JSON-RPC value encoding (trytond/protocols/jsonrpc.py, JSONEncoder/JSONDecoder): Decimal
 * travels as `{"__class__": "Decimal", "decimal": "19.99"}` and dates as
 * `{"__class__": "date", "year", "month", "day"}`, both ways. Amounts leave the mesh as minor units
 * through `formatDecimal` and come back through `parseDecimal`, never through a binary float.
 */
export interface TrytonDecimal {
  __class__: "Decimal";
  decimal: string;
}
export interface TrytonDate {
  __class__: "date";
  year: number;
  month: number;
  day: number;
}

export function decimal(minor: number, currency: string): TrytonDecimal {
  return { __class__: "Decimal", decimal: formatDecimal(minor, currency) };
}

/** A plain decimal text (a price with Tryton's 4 price digits, a rate) as a Tryton Decimal. */
export function decimalText(text: string): TrytonDecimal {
  return { __class__: "Decimal", decimal: text };
}

/** `YYYY-MM-DD`, or the calendar date of an ISO timestamp as written (its own offset). */
export function date(iso: string): TrytonDate {
  const [year, month, day] = iso.slice(0, 10).split("-").map(Number);
  return { __class__: "date", year: year ?? 0, month: month ?? 0, day: day ?? 0 };
}

/** Minor units of a Decimal (or plain number) that Tryton returned. */
export function minorOf(value: unknown, currency: string): number {
  if (typeof value === "number") return parseDecimal(value, currency);
  if (isDecimal(value)) return parseDecimal(value.decimal, currency);
  throw new RangeError(`not a Tryton amount: ${JSON.stringify(value)}`);
}

function isDecimal(value: unknown): value is TrytonDecimal {
  return (
    typeof value === "object" && value !== null && "decimal" in value && typeof value.decimal === "string"
  );
}

/** A Tryton date as `YYYY-MM-DD`. */
export function isoDateOf(value: unknown): string | null {
  if (typeof value !== "object" || value === null || !("year" in value) || !("month" in value)) return null;
  const { year, month } = value;
  const day = "day" in value ? value.day : null;
  if (typeof year !== "number" || typeof month !== "number" || typeof day !== "number") return null;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
