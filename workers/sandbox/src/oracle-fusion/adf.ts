import { isObject, type JsonObject } from "./json";

/**
 * The ADF REST representation Fusion answers with: items carry `links` (self, canonical, one per
 * child collection), collections are `{items, count, hasMore, limit, offset, links}` (plus
 * `totalResults` when asked), and each kind has its own media type.
 */
export const ITEM_MEDIA_TYPE = "application/vnd.oracle.adf.resourceitem+json";
export const COLLECTION_MEDIA_TYPE = "application/vnd.oracle.adf.resourcecollection+json";
export const ACTION_MEDIA_TYPE = "application/vnd.oracle.adf.action+json";
export const ACTION_RESULT_MEDIA_TYPE = "application/vnd.oracle.adf.actionresult+json";

/** What a request body may be sent as: the ADF item and action types, or plain JSON. */
export function acceptsBody(contentType: string | null): boolean {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  return type === ITEM_MEDIA_TYPE || type === ACTION_MEDIA_TYPE || type === "application/json";
}

export interface RenderOptions {
  /** Child collections to include in place of their links (`expand=lines`, or all with `expand=all`). */
  expand: ReadonlySet<string> | "all";
  onlyData: boolean;
}

export function renderItem(
  self: string,
  resource: string,
  body: JsonObject,
  children: readonly string[],
  options: RenderOptions,
): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(body)) {
    if (children.includes(key)) continue;
    out[key] = value;
  }
  for (const child of children) {
    if (options.expand === "all" || options.expand.has(child)) {
      const rows = Array.isArray(body[child]) ? (body[child] as unknown[]).filter(isObject) : [];
      out[child] = rows.map((row, i) =>
        options.onlyData
          ? row
          : { ...row, links: [link("self", `${self}/child/${child}/${i + 1}`, child, "item")] },
      );
    }
  }
  if (options.onlyData) return out;
  out.links = [
    link("self", self, resource, "item"),
    link("canonical", self, resource, "item"),
    ...children.map((child) => link("child", `${self}/child/${child}`, child, "collection")),
  ];
  return out;
}

export function renderCollection(
  self: string,
  resource: string,
  items: JsonObject[],
  page: { limit: number; offset: number; total: number; totalResults: boolean; onlyData: boolean },
): JsonObject {
  return {
    items,
    ...(page.totalResults ? { totalResults: page.total } : {}),
    count: items.length,
    hasMore: page.offset + items.length < page.total,
    limit: page.limit,
    offset: page.offset,
    ...(page.onlyData ? {} : { links: [link("self", self, resource, "collection")] }),
  };
}

function link(rel: string, href: string, name: string, kind: string): JsonObject {
  return { rel, href, name, kind };
}
