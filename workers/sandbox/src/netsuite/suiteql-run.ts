import { invalidParameter, type NetSuiteErrorDetail } from "./errors";
import type { RecordStore } from "./record-store";
import { type Condition, type Literal, parseSuiteQl, type Query } from "./suiteql-parse";
import { type Row, tables } from "./suiteql-tables";

/** Runs a SuiteQL query over the account's records and returns one page of it. */
export type QueryResult =
  | { ok: true; rows: Row[]; totalResults: number }
  | { ok: false; error: NetSuiteErrorDetail };

const invalid = (why: string): QueryResult => ({
  ok: false,
  error: invalidParameter(`Invalid search query. Detailed unprocessed description follows. ${why}`),
});

function matches(row: Row, c: Condition): boolean {
  const value = row[c.column] ?? null;
  const equal = (v: Literal) => value !== null && value === String(v);
  if (c.op === "<>") return value !== null && !c.values.some(equal);
  return c.values.some(equal);
}

function compare(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const na = Number(a);
  const nb = Number(b);
  return Number.isFinite(na) && Number.isFinite(nb) ? na - nb : a < b ? -1 : 1;
}

function project(row: Row, query: Query, columns: readonly string[]): Row {
  const selected = query.columns === "*" ? columns.map((name) => ({ name, alias: name })) : query.columns;
  const out: Row = {};
  for (const { name, alias } of selected) {
    const value = row[name];
    if (value !== null && value !== undefined) out[alias] = value;
  }
  return out;
}

export function runSuiteQl(store: RecordStore, sql: string, limit: number, offset: number): QueryResult {
  const query = parseSuiteQl(sql);
  if (!query) return invalid("Search error occurred: the query is not supported by the sandbox.");
  const table = tables(store)[query.table];
  if (!table) return invalid(`Search error occurred: Record '${query.table}' was not found.`);
  const used = [
    ...(query.columns === "*" ? [] : query.columns.map((c) => c.name)),
    ...query.where.map((c) => c.column),
    ...query.orderBy.map((o) => o.column),
  ];
  const unknown = used.find((c) => !table.columns.includes(c));
  if (unknown)
    return invalid(`Search error occurred: Field '${unknown}' for record '${query.table}' was not found.`);
  const rows = table.rows().filter((row) => query.where.every((c) => matches(row, c)));
  for (const { column, desc } of [...query.orderBy].reverse()) {
    rows.sort((a, b) => (desc ? -1 : 1) * compare(a[column] ?? null, b[column] ?? null));
  }
  return {
    ok: true,
    totalResults: rows.length,
    rows: rows.slice(offset, offset + limit).map((row) => project(row, query, table.columns)),
  };
}
