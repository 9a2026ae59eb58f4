import type { CallOutcome } from "./client";

/**
 * Reading OData v2 JSON: `{"d": {...}}` for an entity, `{"d": {"results": [...]}}` for a collection;
 * the ETag from the `ETag` header or `__metadata.etag`. Writing: string literals in `$filter` with
 * quotes doubled, dates as `/Date(ms)/` (midnight UTC for a plain date).
 */
export type Entity = Record<string, unknown>;

function parse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}

function isEntity(value: unknown): value is Entity {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function entityOf(outcome: CallOutcome): Entity | null {
  if (outcome.kind !== "response") return null;
  const json = parse(outcome.body);
  return isEntity(json) && isEntity(json.d) ? json.d : null;
}

export function resultsOf(outcome: CallOutcome): Entity[] | null {
  const d = entityOf(outcome);
  if (!d) return null;
  return Array.isArray(d.results) ? d.results.filter(isEntity) : null;
}

/** A navigation property expanded in a response: `{"results": [...]}` (or a bare array). */
export function expanded(entity: Entity, navigation: string): Entity[] {
  const value = entity[navigation];
  const list = isEntity(value) ? value.results : value;
  return Array.isArray(list) ? list.filter(isEntity) : [];
}

export function etagOf(entity: Entity, outcome?: CallOutcome): string | null {
  const header = outcome?.kind === "response" ? outcome.headers.get("etag") : null;
  if (header) return header;
  const metadata = entity.__metadata;
  return isEntity(metadata) && typeof metadata.etag === "string" ? metadata.etag : null;
}

export function field(entity: Entity, name: string): string {
  const value = entity[name];
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

export function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function edmDate(isoDateOrTime: string): string {
  return `/Date(${Date.parse(`${isoDateOrTime.slice(0, 10)}T00:00:00Z`)})/`;
}

export function isStatus(outcome: CallOutcome, ...statuses: number[]): boolean {
  return outcome.kind === "response" && statuses.includes(outcome.status);
}
