import { type Context, Hono } from "hono";
import type { ApiRequest } from "./api";
import { type BcHono, tenantOf } from "./context";
import type { ApiRoot } from "./entity-set";
import type { Json } from "./entity-store";
import { badRequest, errorResponse } from "./errors";

/**
 * `/v2.0/{tenant}/{environment}/api/v2.0/...` (the standard API) and `.../api/mesh/inventory/v1.0/...`
 * (the custom item-journal API page), including `$batch` on each root. Bodies are JSON; answers carry
 * `application/json; odata.metadata=minimal` and `OData-Version: 4.0` as BC's do.
 */
export const apiRoutes = new Hono<BcHono>();

const ODATA_HEADERS = { "content-type": "application/json; odata.metadata=minimal", "odata-version": "4.0" };

async function jsonBody(c: Context<BcHono>): Promise<Json | null | "invalid"> {
  const text = await c.req.text();
  if (text.trim() === "") return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Json)
      : "invalid";
  } catch {
    return "invalid";
  }
}

async function serve(c: Context<BcHono>, api: ApiRoot, prefix: string): Promise<Response> {
  const url = new URL(c.req.url);
  const at = url.pathname.indexOf(prefix);
  const rootUrl = url.origin + url.pathname.slice(0, at + prefix.length - 1);
  const path = url.pathname.slice(at + prefix.length);
  const tenant = tenantOf(c.env);
  if (path === "$batch" && c.req.method === "POST") {
    if (!(c.req.header("content-type") ?? "").startsWith("application/json")) {
      c.set("outcome", "batch:not_json");
      return errorResponse(
        badRequest("Only JSON batch requests (Content-Type: application/json) are served."),
      );
    }
    const snapshot = (c.req.header("isolation") ?? "").toLowerCase() === "snapshot";
    const result = await tenant.batch(await c.req.text(), api, rootUrl, snapshot);
    c.set("outcome", `batch:${result.status}${snapshot ? ":snapshot" : ""}`);
    return new Response(result.bodyJson, { status: result.status, headers: ODATA_HEADERS });
  }
  const body = c.req.method === "GET" || c.req.method === "DELETE" ? null : await jsonBody(c);
  if (body === "invalid") {
    c.set("outcome", "rejected:BadRequest");
    return errorResponse(badRequest("Invalid Request Body"));
  }
  const request: ApiRequest = {
    method: c.req.method,
    api,
    path,
    query: Object.fromEntries(url.searchParams),
    ifMatch: c.req.header("if-match") ?? null,
    body,
    url: url.toString(),
  };
  const result = await tenant.api(request);
  c.set(
    "outcome",
    result.status >= 400 ? `rejected:${result.status}` : `${c.req.method.toLowerCase()}:${result.status}`,
  );
  if (result.bodyJson === null) return c.body(null, result.status as 204);
  return new Response(result.bodyJson, { status: result.status, headers: ODATA_HEADERS });
}

apiRoutes.all("/v2.0/:tenant/:environment/api/v2.0/*", (c) => serve(c, "v2.0", "/api/v2.0/"));
apiRoutes.all("/v2.0/:tenant/:environment/api/mesh/inventory/v1.0/*", (c) =>
  serve(c, "mesh/inventory/v1.0", "/api/mesh/inventory/v1.0/"),
);
