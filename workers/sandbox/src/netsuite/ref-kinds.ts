import { isObject, isReference, type JsonObject } from "./json";

/**
 * Which catalogue a reference field points into: `entity` and `customer` name customers, `item` and
 * `discountItem` items, `location` and `adjLocation` locations; any other field is its own kind
 * (`account`, `currency`, `paymentMethod`, ...). Transactions referenced by `createdFrom`,
 * `salesOrder` or `doc` are records, not catalogue entries.
 */
const REF_KIND: Record<string, string> = {
  entity: "customer",
  customer: "customer",
  discountItem: "item",
  adjLocation: "location",
};
export const TRANSACTION_REFS = new Set(["createdFrom", "salesOrder", "doc"]);

export function refKind(field: string): string {
  return REF_KIND[field] ?? field;
}

/** Every catalogue reference in a body, its sublist lines included, as `[kind, reference]`. */
export function catalogueRefs(body: JsonObject): Array<[string, JsonObject]> {
  const out: Array<[string, JsonObject]> = [];
  const visit = (owner: JsonObject) => {
    for (const [field, value] of Object.entries(owner)) {
      if (isReference(value) && !TRANSACTION_REFS.has(field)) out.push([refKind(field), value]);
      else if (isObject(value) && Array.isArray(value.items)) value.items.filter(isObject).forEach(visit);
    }
  };
  visit(body);
  return out;
}
