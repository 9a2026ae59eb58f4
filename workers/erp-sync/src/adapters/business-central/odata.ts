import { compactReference } from "../../../../../shared/erp/reference";
import type { BcClient, Json, Step } from "./client";

/**
 * OData pieces the adapter writes: string literals (a quote inside is doubled, OData ABNF
 * `SQUOTE-in-string`), `$filter` look-ups, and the references BC stores for us. BC's External
 * Document No. is Code[35] and Document No. Code[20]; Code fields are upper-case in BC, so the
 * references are upper-cased here and compare equal however BC stores them.
 */
export function odataString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function withQuery(url: string, query: Record<string, string>): string {
  const parts = Object.entries(query).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  return parts.length === 0 ? url : `${url}${url.includes("?") ? "&" : "?"}${parts.join("&")}`;
}

/** The External Document No. a document is known by in BC: its natural key, compacted to 35. */
export async function externalDocumentNumber(docKey: string): Promise<string> {
  return (await compactReference([docKey], 35)).toUpperCase();
}

/** The Document No. of journal lines (Code[20]): the natural key compacted to 20. */
export async function documentNumber(docKey: string): Promise<string> {
  return (await compactReference([docKey], 20)).toUpperCase();
}

/** The entities of a collection that match `filter` (first page: look-ups by key match a handful). */
export async function findAll(
  client: BcClient,
  url: string,
  filter: string,
  extra: Record<string, string> = {},
): Promise<Step<Json[]>> {
  const page = await client.get(withQuery(url, { $filter: filter, ...extra }));
  if (!page.ok) return page;
  const value = page.value.value;
  return { ok: true, value: Array.isArray(value) ? (value as Json[]) : [] };
}

export async function findOne(
  client: BcClient,
  url: string,
  filter: string,
  extra: Record<string, string> = {},
): Promise<Step<Json | null>> {
  const all = await findAll(client, url, filter, extra);
  return all.ok ? { ok: true, value: all.value[0] ?? null } : all;
}

export const text = (value: unknown): string => (typeof value === "string" ? value : "");
export const amount = (value: unknown): number => (typeof value === "number" ? value : 0);
export const etag = (entity: Json): string => text(entity["@odata.etag"]);
