/** Plain JSON helpers shared by the sandbox SAP services: bodies arrive as untyped OData v2 JSON. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string property, trimmed; "" when absent or not a string (SAP treats initial values as empty). */
export function text(body: JsonObject, field: string): string {
  const value = body[field];
  return typeof value === "string" ? value.trim() : "";
}

/** Edm.Decimal arrives as a JSON string ("2", "19.990"); numbers are tolerated as SAP Gateway does. */
export function decimal(body: JsonObject, field: string): number | null {
  const value = body[field];
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value !== "string" || !/^-?\d+(\.\d+)?$/.test(value.trim())) return null;
  return Number(value);
}

/**
 * A deep-insert navigation property: OData v2 accepts the plain array or `{"results": [...]}`.
 * Returns null when the property is absent.
 */
export function navigation(body: JsonObject, field: string): JsonObject[] | null {
  const value = body[field];
  const list = isObject(value) ? value.results : value;
  if (value === undefined || value === null) return null;
  return Array.isArray(list) ? list.filter(isObject) : [];
}

/** Quantities and amounts go back out as SAP writes them: decimal strings, 3 places for quantities. */
export function quantityText(value: number): string {
  return value.toFixed(3);
}

export function parseJson(textBody: string | null): JsonObject | null {
  if (!textBody) return null;
  try {
    const parsed: unknown = JSON.parse(textBody);
    return isObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}
