import type { AdapterDeps, PushFailure } from "../erp-adapter";
import { classifyFailure } from "./classify";
import { callOracle, type Json, parseJson } from "./client";
import type { OracleConfig } from "./config";

/**
 * The REST verbs the adapter needs, each answering a value or a classified failure: read one item,
 * find items with a `q` row-match expression (the look-up before every create), create, update.
 */
export type Step<T> = { ok: true; value: T } | PushFailure;

export interface Rest {
  config: OracleConfig;
  deps: AdapterDeps;
}

async function send(
  rest: Rest,
  method: "GET" | "POST" | "PATCH",
  url: string,
  what: string,
  body?: Json,
): Promise<Step<Json>> {
  const outcome = await callOracle(rest.config, rest.deps, method, url, body);
  if (outcome.kind === "response" && outcome.status >= 200 && outcome.status < 300) {
    const json = parseJson(outcome.body);
    if (json) return { ok: true, value: json };
  }
  return classifyFailure(outcome, rest.deps.now(), what);
}

export function getItem(rest: Rest, url: string, what: string): Promise<Step<Json>> {
  return send(rest, "GET", url, what);
}

/** Items matching `q`, all pages of them (the adapter's finders match a handful at most). */
export async function findItems(
  rest: Rest,
  collection: string,
  q: string,
  what: string,
  extra = "",
): Promise<Step<Json[]>> {
  const items: Json[] = [];
  for (let offset = 0; ; ) {
    const filter = q === "" ? "" : `q=${encodeURIComponent(q)}&`;
    const url = `${collection}?${filter}limit=100&offset=${offset}${extra}`;
    const page = await send(rest, "GET", url, what);
    if (!page.ok) return page;
    const batch = Array.isArray(page.value.items) ? (page.value.items as Json[]) : [];
    items.push(...batch);
    if (page.value.hasMore !== true || batch.length === 0) return { ok: true, value: items };
    offset += batch.length;
  }
}

export function createItem(rest: Rest, collection: string, body: Json, what: string): Promise<Step<Json>> {
  return send(rest, "POST", collection, what, body);
}

export function updateItem(rest: Rest, url: string, body: Json, what: string): Promise<Step<Json>> {
  return send(rest, "PATCH", url, what, body);
}
