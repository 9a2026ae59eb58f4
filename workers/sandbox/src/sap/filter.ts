/**
 * The `$filter` subset integrations use for look-ups: `Field eq 'text'` (with `''` for a quote) or
 * `Field eq 123`, joined by `and`, optionally in parentheses. Anything else is refused with SAP's
 * 400, never silently widened: a look-up that matched everything would create duplicates.
 */
export interface Condition {
  field: string;
  value: string;
}

const TOKEN = /^\s*(\(?)\s*([A-Za-z_][A-Za-z0-9_]*)\s+eq\s+('(?:[^']|'')*'|[0-9A-Za-z.+-]+)\s*(\)?)\s*/;

export function parseFilter(filter: string): Condition[] | null {
  const conditions: Condition[] = [];
  let rest = filter.trim();
  let open = 0;
  while (rest.length > 0) {
    const match = TOKEN.exec(rest);
    if (!match) return null;
    const [whole, opening, field, raw, closing] = match;
    if (!field || raw === undefined) return null;
    open += (opening ? 1 : 0) - (closing ? 1 : 0);
    const value = raw.startsWith("'") ? raw.slice(1, -1).replaceAll("''", "'") : raw;
    conditions.push({ field, value });
    rest = rest.slice(whole.length);
    if (rest.length === 0) break;
    const and = /^and\s+/i.exec(rest);
    if (!and) return null;
    rest = rest.slice(and[0].length);
  }
  return open === 0 && conditions.length > 0 ? conditions : null;
}

/** Whether a flat entity matches every condition (values compared as text, as OData v2 keys are). */
export function matches(entity: Record<string, unknown>, conditions: readonly Condition[]): boolean {
  return conditions.every((c) => {
    const value = entity[c.field];
    if (value === undefined || value === null) return c.value === "";
    return String(value) === c.value;
  });
}
