import type { Json } from "./entity-store";
import { type BcError, bcError, resourceNotFound } from "./errors";

/**
 * The slice of OData v4 URL conventions the sandbox serves: entity paths with keys in parentheses,
 * bound actions as `Microsoft.NAV.<name>` segments, and `$filter` with `eq` comparisons joined by
 * `and` / `or` (no parentheses), which is what integrations use for look-ups by number or external
 * document number. String literals use OData escaping: a quote inside is doubled (`'O''Brien'`).
 */
export interface PathSegment {
  name: string;
  key: string | null;
}

const SEGMENT = /^([A-Za-z][A-Za-z0-9.]*)(?:\((.*)\))?$/;

export function parsePath(path: string): PathSegment[] | BcError {
  const segments: PathSegment[] = [];
  for (const raw of path.split("/").filter((s) => s !== "")) {
    const match = SEGMENT.exec(decodeURIComponent(raw));
    if (!match?.[1]) return resourceNotFound(raw);
    const rawKey = match[2];
    const key = rawKey === undefined ? null : rawKey.replace(/^'(.*)'$/, "$1").replaceAll("''", "'");
    segments.push({ name: match[1], key });
  }
  return segments;
}

type Comparison = { field: string; value: string | number | boolean };
export type Filter = Comparison[][]; // OR of ANDs

const COMPARISON = /^\s*([A-Za-z][A-Za-z0-9]*)\s+eq\s+('(?:[^']|'')*'|[^\s']+)\s*$/;

function splitTopLevel(text: string, word: "and" | "or"): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  const needle = ` ${word} `;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === "'") inString = !inString;
    else if (!inString && ch === "(") depth += 1;
    else if (!inString && ch === ")") depth -= 1;
    else if (!inString && depth === 0 && text.slice(i, i + needle.length).toLowerCase() === needle) {
      parts.push(text.slice(start, i));
      start = i + needle.length;
      i += needle.length - 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function literal(raw: string): string | number | boolean {
  if (raw.startsWith("'")) return raw.slice(1, -1).replaceAll("''", "'");
  if (raw === "true" || raw === "false") return raw === "true";
  const n = Number(raw);
  return Number.isFinite(n) ? n : raw; // unquoted GUIDs compare as text
}

const SYNTAX = bcError(400, "BadRequest_NotFound", "Bad Request - Error in query syntax.");

export function parseFilter(text: string): Filter | BcError {
  const filter: Filter = [];
  for (const alternative of splitTopLevel(text, "or")) {
    const all: Comparison[] = [];
    for (const term of splitTopLevel(alternative, "and")) {
      const match = COMPARISON.exec(term.trim().replace(/^\((.*)\)$/, "$1"));
      if (!match?.[1] || match[2] === undefined) return SYNTAX;
      all.push({ field: match[1], value: literal(match[2]) });
    }
    filter.push(all);
  }
  return filter;
}

/** A filter on a property the entity type does not have is refused, as OData does. */
export function checkFilterFields(filter: Filter, known: Json, typeName: string): BcError | null {
  for (const all of filter) {
    for (const c of all) {
      if (!(c.field in known)) {
        return bcError(
          400,
          "BadRequest_NotFound",
          `Could not find a property named '${c.field}' on type 'Microsoft.NAV.${typeName}'.`,
        );
      }
    }
  }
  return null;
}

export function matches(filter: Filter, body: Json): boolean {
  return filter.some((all) =>
    all.every((c) => {
      const value = body[c.field];
      // Code fields are stored upper-case and BC compares them so; GUIDs compare case-insensitively.
      if (typeof value === "string" && typeof c.value === "string") {
        return (
          value === c.value ||
          ((isGuid(value) || value === value.toUpperCase()) && value.toLowerCase() === c.value.toLowerCase())
        );
      }
      return value === c.value;
    }),
  );
}

function isGuid(text: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
}
