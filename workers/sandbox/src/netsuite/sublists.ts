import { isObject, type JsonObject, referencedId, sublistLines } from "./json";
import type { RecordTypeInfo } from "./record-types";

/**
 * Sublist semantics of NetSuite REST writes (Oracle, "Creating a Sublist", "Updating a Sublist",
 * "Replacing a Sublist"):
 * - create: lines are added and get their keys (`line` 1, 2, ...; NetSuite assigns them).
 * - update: a keyed line whose key matches an existing line updates it; other lines are added. A
 *   non-keyed sublist only ever appends.
 * - `?replace=<sublist>`: matching keyed lines are updated, the others removed, unmatched request
 *   lines added; a non-keyed sublist is replaced outright.
 * Line keys are never re-used or re-numbered, as in NetSuite ("Sublist Line Numbers").
 */
export function withLineKeys(type: RecordTypeInfo, body: JsonObject): JsonObject {
  const out = { ...body };
  for (const [name, key] of Object.entries(type.sublists)) {
    if (key !== "line" || out[name] === undefined) continue;
    const lines = sublistLines(out, name);
    let next = 1;
    out[name] = { items: lines.map((line) => ({ ...line, line: next++ })) };
  }
  return out;
}

export function applyUpdate(
  type: RecordTypeInfo,
  existing: JsonObject,
  changes: JsonObject,
  replace: ReadonlySet<string>,
): JsonObject {
  const out: JsonObject = { ...existing };
  for (const [field, value] of Object.entries(changes)) {
    const key = type.sublists[field];
    if (key === undefined || !isObject(value)) {
      out[field] = value;
      continue;
    }
    out[field] = {
      items: mergeLines(sublistLines(existing, field), sublistLines(changes, field), key, replace.has(field)),
    };
  }
  return out;
}

function keyOf(line: JsonObject, key: "line" | "doc"): string | null {
  if (key === "line")
    return typeof line.line === "number" || typeof line.line === "string" ? String(line.line) : null;
  const id = referencedId(line.doc);
  return id === null ? null : String(id);
}

function mergeLines(
  current: JsonObject[],
  incoming: JsonObject[],
  key: "line" | "doc" | null,
  replace: boolean,
): JsonObject[] {
  if (key === null) return replace ? incoming : [...current, ...incoming];
  let nextLine = current.reduce((max, line) => Math.max(max, Number(line.line) || 0), 0) + 1;
  const byKey = new Map(current.map((line) => [keyOf(line, key), line]));
  const updated = new Map<string, JsonObject>();
  const added: JsonObject[] = [];
  const ordered: JsonObject[] = [];
  for (const line of incoming) {
    const k = keyOf(line, key);
    const match = k === null ? undefined : byKey.get(k);
    if (match && k !== null) {
      const merged = { ...match, ...line, ...(key === "line" ? { line: match.line } : {}) };
      updated.set(k, merged);
      ordered.push(merged);
    } else {
      const fresh = key === "line" ? { ...line, line: nextLine++ } : line;
      added.push(fresh);
      ordered.push(fresh);
    }
  }
  if (replace) return ordered;
  return [...current.map((line) => updated.get(keyOf(line, key) ?? "") ?? line), ...added];
}

/** `?replace=item,package`: the sublists a write replaces. */
export function replaceParam(value: string | undefined): Set<string> {
  return new Set(
    (value ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== ""),
  );
}
