/** JSON helpers shared by the pod's resources. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function objects(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

export function text(value: unknown): string | null {
  if (typeof value === "string" && value.trim() !== "") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}

/** A decimal amount as Fusion reads it: a JSON number or a numeric string. */
export function amount(value: unknown): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return null;
}

/** Sum of decimals in thousandths, so "19.99" + "0.01" is 20 exactly. */
export function sumAmounts(values: readonly number[]): number {
  return values.reduce((total, v) => total + Math.round(v * 1000), 0) / 1000;
}
