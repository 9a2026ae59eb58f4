import { z } from "zod";

/**
 * ISO 4217 currency code plus the number of minor units it uses. Amounts are always integers in
 * minor units; this table is the only place that knows how many decimals a currency has.
 */
const ZERO_DECIMAL = new Set([
  "BIF",
  "CLP",
  "DJF",
  "GNF",
  "ISK",
  "JPY",
  "KMF",
  "KRW",
  "PYG",
  "RWF",
  "UGX",
  "UYI",
  "VND",
  "VUV",
  "XAF",
  "XOF",
  "XPF",
]);
const THREE_DECIMAL = new Set(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]);

export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, "ISO 4217 alphabetic code, e.g. USD");
export type CurrencyCode = z.infer<typeof CurrencyCode>;

export const Money = z.object({
  amount: z.number().int("integer minor units"),
  currency: CurrencyCode,
});
export type Money = z.infer<typeof Money>;

export function minorUnitsOf(currency: string): number {
  if (ZERO_DECIMAL.has(currency)) return 0;
  if (THREE_DECIMAL.has(currency)) return 3;
  return 2;
}

/**
 * Parses a vendor decimal amount ("199.00", 199, "-3.5") into integer minor units without going
 * through binary floating point. More fractional digits than the currency allows is an error, not
 * a rounding: a payload that claims sub-cent precision is not ours to guess.
 */
export function parseDecimal(value: string | number, currency: string): number {
  const text = typeof value === "number" ? numberToPlain(value) : value.trim();
  const match = /^([+-])?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new RangeError(`not a decimal amount: ${JSON.stringify(value)}`);
  const [, sign, whole = "0", fraction = ""] = match;
  const digits = minorUnitsOf(currency);
  const trimmed = fraction.replace(/0+$/, "");
  if (trimmed.length > digits) {
    throw new RangeError(`${text} has more precision than ${currency} allows (${digits} decimals)`);
  }
  const minor = Number(whole) * 10 ** digits + Number(trimmed.padEnd(digits, "0") || "0");
  if (!Number.isSafeInteger(minor)) throw new RangeError(`amount out of range: ${text}`);
  return sign === "-" ? -minor : minor;
}

function numberToPlain(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite amount: ${value}`);
  // toFixed(6) is exact for any amount a payload can carry; trailing zeros are trimmed by the parser.
  return value.toFixed(6);
}

/** Formats minor units as a plain decimal string ("1999" USD -> "19.99") for wire formats that want one. */
export function formatDecimal(amount: number, currency: string): string {
  const digits = minorUnitsOf(currency);
  const sign = amount < 0 ? "-" : "";
  const abs = Math.abs(amount);
  if (digits === 0) return `${sign}${abs}`;
  const text = abs.toString().padStart(digits + 1, "0");
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

export function sumMoney(items: readonly Money[], currency: string): Money {
  let total = 0;
  for (const item of items) {
    if (item.currency !== currency) throw new RangeError(`cannot add ${item.currency} to ${currency}`);
    total += item.amount;
  }
  return { amount: total, currency };
}

/**
 * Splits an amount across weights so the parts sum exactly to the amount (largest remainder method;
 * ties go to the earlier weight). Used for discounts, tax and refunds spread over lines or tenders.
 */
export function allocate(amount: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(amount)) throw new RangeError("amount must be an integer");
  if (weights.length === 0) throw new RangeError("need at least one weight");
  if (weights.some((w) => w < 0 || !Number.isFinite(w))) throw new RangeError("weights must be >= 0");
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0) {
    const parts = weights.map(() => 0);
    parts[0] = amount;
    return parts;
  }
  const sign = amount < 0 ? -1 : 1;
  const abs = Math.abs(amount);
  const exact = weights.map((w) => (abs * w) / total);
  const parts = exact.map((x) => Math.floor(x));
  let remainder = abs - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => ({ i, frac: x - Math.floor(x) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (remainder === 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    remainder -= 1;
  }
  return parts.map((p) => p * sign);
}
