import { Hono } from "hono";
import { accountOf, type NetSuiteHono } from "./context";
import { INVALID_BODY, invalidParameter } from "./errors";
import { isObject } from "./json";
import { fail } from "./record-routes";

/**
 * `POST /services/rest/query/v1/suiteql?limit=&offset=` with `{"q": "SELECT ..."}` (Oracle, "Using
 * SuiteQL with SuiteTalk REST Web Services"). Requires `Prefer: transient` (Oracle's examples always
 * send it; whether NetSuite refuses without it is [unverified]), `limit` 1..1000 (default 1000).
 * Answers NetSuite's paging envelope with `next`/`previous`/`first`/`last` links.
 */
export const suiteqlRoutes = new Hono<NetSuiteHono>();

const MAX_LIMIT = 1000;

function integer(raw: string | undefined, fallback: number): number | null {
  if (raw === undefined) return fallback;
  return /^\d+$/.test(raw) ? Number(raw) : null;
}

suiteqlRoutes.post("/query/v1/suiteql", async (c) => {
  if (!/\btransient\b/i.test(c.req.header("prefer") ?? "")) {
    return fail(c, 400, invalidParameter("The request must include the header 'Prefer: transient'."));
  }
  const limit = integer(c.req.query("limit"), MAX_LIMIT);
  const offset = integer(c.req.query("offset"), 0);
  if (limit === null || limit < 1 || limit > MAX_LIMIT) {
    return fail(c, 400, invalidParameter(`Invalid value for the 'limit' parameter: use 1 to ${MAX_LIMIT}.`));
  }
  if (offset === null) return fail(c, 400, invalidParameter("Invalid value for the 'offset' parameter."));
  const body: unknown = await c.req.json().catch(() => null);
  if (!isObject(body) || typeof body.q !== "string") return fail(c, 400, INVALID_BODY);
  const result = await accountOf(c.env).suiteql(body.q, limit, offset);
  if (!result.ok) return fail(c, 400, result.error);

  const base = new URL(c.req.url);
  const page = (at: number) => {
    const u = new URL(base);
    u.searchParams.set("limit", String(limit));
    u.searchParams.set("offset", String(at));
    return u.toString();
  };
  const hasMore = offset + result.rows.length < result.totalResults;
  const lastOffset = Math.max(0, Math.floor((result.totalResults - 1) / limit) * limit);
  const links = [
    ...(offset > 0 ? [{ rel: "previous", href: page(Math.max(0, offset - limit)) }] : []),
    { rel: "first", href: page(0) },
    ...(hasMore ? [{ rel: "next", href: page(offset + limit) }] : []),
    { rel: "last", href: page(lastOffset) },
    { rel: "self", href: base.toString() },
  ];
  c.set("outcome", "query");
  return c.json({
    links,
    count: result.rows.length,
    hasMore,
    items: result.rows.map((row) => ({ links: [], ...row })),
    offset,
    totalResults: result.totalResults,
  });
});
