/** JSON shapes the sandbox reads from request bodies and stores. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A record reference as a client may send it: `{"id": "12"}` or `{"externalId": "SKU-1"}`. */
export function isReference(value: unknown): value is JsonObject {
  if (!isObject(value)) return false;
  const { id, externalId } = value;
  return (
    (typeof id === "string" && id !== "") ||
    (typeof id === "number" && Number.isInteger(id)) ||
    (typeof externalId === "string" && externalId !== "")
  );
}

/** The internal id a reference names directly (`{"id": 12}` or `{"id": "12"}`), else null. */
export function referencedId(value: unknown): number | null {
  if (!isObject(value)) return null;
  const id = typeof value.id === "number" ? value.id : typeof value.id === "string" ? Number(value.id) : NaN;
  return Number.isInteger(id) && id > 0 ? id : null;
}

/** The lines of a sublist as written (`{"items": [...]}`), objects only. */
export function sublistLines(body: JsonObject, sublist: string): JsonObject[] {
  const holder = body[sublist];
  const items = isObject(holder) ? holder.items : undefined;
  return Array.isArray(items) ? items.filter(isObject) : [];
}

export function withSublist(body: JsonObject, sublist: string, lines: JsonObject[]): JsonObject {
  return { ...body, [sublist]: { items: lines } };
}

/** A number field as NetSuite reads it: JSON numbers, or numeric strings. */
export function numberField(owner: JsonObject, field: string): number | null {
  const value = owner[field];
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    return Number(value);
  return null;
}
