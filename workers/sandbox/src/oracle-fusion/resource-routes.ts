import { type Context, Hono } from "hono";
import { acceptsBody } from "./adf";
import { type OracleHono, podOf } from "./context";
import { importJournalRequest, jobStatus } from "./erp-integrations";
import { type AdfError, badRequest, errorResponse, frameworkVersion, NOT_FOUND } from "./errors";
import { isObject, type JsonObject } from "./json";
import { onhandBalances } from "./onhand-balances";
import { parseQuery } from "./query";
import { bodyOf, collectionResponse, itemJson, itemResponse, resourceUrl } from "./render-items";
import { CREATABLE, RESOURCES } from "./resources";

/**
 * `/{fscmRestApi|crmRestApi}/resources/11.13.18.05/<resource>[/<key>[/child/<child>]]`: collection
 * GET with `q`, paging and `expand`, item GET, POST (201 with the item and its `Location`), PATCH.
 * Resources live under the API their module does (accounts under crmRestApi, the rest under fscmRestApi).
 */
export const resourceRoutes = new Hono<OracleHono>();

type Ctx = Context<OracleHono>;

export function fail(c: Ctx, error: AdfError): Response {
  c.set("outcome", `rejected:${error.code}`);
  return errorResponse(frameworkVersion(c.req.raw), error);
}

function specFor(c: Ctx) {
  const spec = RESOURCES.get(c.req.param("resource") ?? "");
  return spec && spec.api === c.req.param("api") ? spec : null;
}

async function jsonBody(c: Ctx): Promise<JsonObject | AdfError> {
  if (!acceptsBody(c.req.header("content-type") ?? null)) {
    return {
      status: 415,
      detail: "The media type of the request body is not supported.",
      code: "SANDBOX-MEDIA-TYPE",
    };
  }
  try {
    const body: unknown = JSON.parse(await c.req.text());
    return isObject(body) ? body : badRequest("The request body must be a JSON object.", "SANDBOX-BODY");
  } catch {
    return badRequest("The request body is not valid JSON.", "SANDBOX-BODY");
  }
}

const isError = (value: JsonObject | AdfError): value is AdfError =>
  typeof value.status === "number" && typeof value.code === "string";

resourceRoutes.get("/:api/resources/11.13.18.05/:resource", async (c) => {
  const resource = c.req.param("resource");
  const api = c.req.param("api");
  if (api === "fscmRestApi" && resource === "inventoryOnhandBalances") return onhandBalances(c);
  if (api === "fscmRestApi" && resource === "erpintegrations") return jobStatus(c);
  const spec = specFor(c);
  if (!spec) return fail(c, NOT_FOUND);
  const q = c.req.query("q");
  const clauses = q === undefined ? [] : parseQuery(q);
  if (!clauses) return fail(c, badRequest(`The query ${q} is not valid.`, "SANDBOX-QUERY"));
  const items = await podOf(c.env).query(spec.name, clauses);
  c.set("outcome", "queried");
  return collectionResponse(
    c,
    api,
    spec.name,
    items.map((item) => itemJson(c, api, item)),
  );
});

resourceRoutes.get("/:api/resources/11.13.18.05/:resource/:key", async (c) => {
  const spec = specFor(c);
  const item = spec ? await podOf(c.env).get(spec.name, c.req.param("key")) : null;
  if (!item) return fail(c, NOT_FOUND);
  c.set("outcome", "read");
  return itemResponse(c, itemJson(c, c.req.param("api"), item), 200);
});

resourceRoutes.get("/:api/resources/11.13.18.05/:resource/:key/child/:child", async (c) => {
  const spec = specFor(c);
  const child = c.req.param("child");
  const item = spec?.children.includes(child) ? await podOf(c.env).get(spec.name, c.req.param("key")) : null;
  if (!item) return fail(c, NOT_FOUND);
  const rows = bodyOf(item)[child];
  c.set("outcome", "read");
  const self = `${resourceUrl(c, c.req.param("api"), item.resource)}/${encodeURIComponent(item.itemKey)}/child`;
  return collectionResponse(
    c,
    c.req.param("api"),
    `${self}/${child}`,
    Array.isArray(rows) ? rows.filter(isObject) : [],
  );
});

resourceRoutes.post("/:api/resources/11.13.18.05/:resource", async (c) => {
  const api = c.req.param("api");
  const body = await jsonBody(c);
  if (isError(body)) return fail(c, body);
  if (api === "fscmRestApi" && c.req.param("resource") === "erpintegrations")
    return importJournalRequest(c, body);
  const spec = specFor(c);
  if (!spec || !CREATABLE.has(spec.name)) {
    return fail(c, {
      status: 405,
      detail: "The POST method is not supported for this resource.",
      code: "SANDBOX-METHOD",
    });
  }
  const result = await podOf(c.env).create(spec.name, JSON.stringify(body), Date.now());
  if (!result.ok) return fail(c, result.error);
  c.set("outcome", "created");
  const location = `${resourceUrl(c, api, spec.name)}/${encodeURIComponent(result.item.itemKey)}`;
  return itemResponse(c, itemJson(c, api, result.item), 201, location);
});

resourceRoutes.patch("/:api/resources/11.13.18.05/:resource/:key", async (c) => {
  const spec = specFor(c);
  if (!spec) return fail(c, NOT_FOUND);
  const body = await jsonBody(c);
  if (isError(body)) return fail(c, body);
  const result = await podOf(c.env).patch(spec.name, c.req.param("key"), JSON.stringify(body), Date.now());
  if (result === null) return fail(c, NOT_FOUND);
  if (!result.ok) return fail(c, result.error);
  c.set("outcome", "updated");
  return itemResponse(c, itemJson(c, c.req.param("api"), result.item), 200);
});
