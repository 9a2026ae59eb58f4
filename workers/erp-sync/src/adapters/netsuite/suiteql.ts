import type { PushFailure } from "../erp-adapter";
import { failureOf } from "./classify";
import { parseJson } from "./client";
import { SUITEQL_PATH } from "./config";
import type { NsContext } from "./context";

/**
 * SuiteQL over REST (reference/erp.md §1.5): `POST /query/v1/suiteql?limit=&offset=` with
 * `Prefer: transient` and `{"q": ...}`, paged by NetSuite's envelope (`items`, `hasMore`, `offset`).
 * Pages are at most 1,000 rows; every query the adapter makes orders by a unique column, as Oracle
 * asks for stable paging. Values arrive as strings (numbers are read the same); null columns are absent.
 */
export type Row = Record<string, string>;

export const PAGE_LIMIT = 1000;

/** A SuiteQL string literal: quotes doubled, so a value can never end the literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function rowOf(item: unknown): Row | null {
  if (typeof item !== "object" || item === null) return null;
  const row: Row = {};
  for (const [key, value] of Object.entries(item)) {
    if (key === "links") continue;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
      row[key] = String(value);
  }
  return row;
}

export async function suiteql(
  ctx: NsContext,
  q: string,
  pageLimit = PAGE_LIMIT,
): Promise<{ ok: true; rows: Row[] } | PushFailure> {
  const rows: Row[] = [];
  for (let offset = 0; ; ) {
    const outcome = await ctx.client.call("POST", SUITEQL_PATH, {
      body: { q },
      query: { limit: String(pageLimit), offset: String(offset) },
      headers: { prefer: "transient" },
    });
    const page = outcome.kind === "response" && outcome.status === 200 ? parseJson(outcome.body) : null;
    if (!page || !Array.isArray(page.items)) return failureOf(outcome, ctx.now());
    for (const item of page.items) {
      const row = rowOf(item);
      if (row) rows.push(row);
    }
    if (page.hasMore !== true || page.items.length === 0) return { ok: true, rows };
    offset += page.items.length;
  }
}

/** `a IN ('x', 'y')` clauses of at most `size` values, for look-ups of many keys. */
export function chunks<T>(values: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}
