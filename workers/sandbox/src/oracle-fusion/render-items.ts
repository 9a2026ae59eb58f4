import type { Context } from "hono";
import {
  COLLECTION_MEDIA_TYPE,
  ITEM_MEDIA_TYPE,
  type RenderOptions,
  renderCollection,
  renderItem,
} from "./adf";
import type { OracleHono } from "./context";
import { isObject, type JsonObject } from "./json";
import type { ItemView } from "./pod";
import { API_VERSION, RESOURCES } from "./resources";

/** Turns pod items into Fusion's item and collection answers for one request. */
type Ctx = Context<OracleHono>;

export function resourceUrl(c: Ctx, api: string, resource: string): string {
  return `${new URL(c.req.url).origin}/${api}/resources/${API_VERSION}/${resource}`;
}

export function renderOptions(c: Ctx): RenderOptions {
  const expand = c.req.query("expand");
  return {
    expand: expand === "all" ? "all" : new Set((expand ?? "").split(",").filter((s) => s !== "")),
    onlyData: c.req.query("onlyData") === "true",
  };
}

export function bodyOf(item: ItemView): JsonObject {
  const body: unknown = JSON.parse(item.bodyJson);
  return isObject(body) ? body : {};
}

export function itemJson(c: Ctx, api: string, item: ItemView, options = renderOptions(c)): JsonObject {
  const children = RESOURCES.get(item.resource)?.children ?? [];
  const self = `${resourceUrl(c, api, item.resource)}/${encodeURIComponent(item.itemKey)}`;
  return renderItem(self, item.resource, bodyOf(item), children, options);
}

export function itemResponse(c: Ctx, json: JsonObject, status: 200 | 201, location?: string): Response {
  const headers: Record<string, string> = { "content-type": ITEM_MEDIA_TYPE };
  if (location) headers.location = location;
  return c.body(JSON.stringify(json), status, headers);
}

/** Paging as Fusion does it: `limit` (default 25, at most 500) and `offset`. */
export function collectionResponse(c: Ctx, api: string, resource: string, items: JsonObject[]): Response {
  const limit = Math.min(Math.max(Number.parseInt(c.req.query("limit") ?? "25", 10) || 25, 1), 500);
  const offset = Math.max(Number.parseInt(c.req.query("offset") ?? "0", 10) || 0, 0);
  const page = items.slice(offset, offset + limit);
  const json = renderCollection(resourceUrl(c, api, resource), resource, page, {
    limit,
    offset,
    total: items.length,
    totalResults: c.req.query("totalResults") === "true",
    onlyData: c.req.query("onlyData") === "true",
  });
  return c.body(JSON.stringify(json), 200, { "content-type": COLLECTION_MEDIA_TYPE });
}
