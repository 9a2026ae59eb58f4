import { Hono } from "hono";
import { createLogger, errorFields } from "../../../../shared/log";
import { API_VERSION, SHOP_DOMAIN, type ShopifyHono, shopOf, sleep } from "./context";
import { controlRoutes } from "./control-routes";
import { internalError, invalidToken, missingQuery, notFound, shopifyJson } from "./responses";

/**
 * Shopify's Admin GraphQL API for one or more shops, and the sandbox's control routes for them
 * (`/_sandbox/shopify/...`). Shopify serves `https://{shop}/admin/api/{version}/graphql.json`; here the
 * shop's domain is the first path segment instead of the host, so a client's base URL template is
 * `http://localhost:8790/shopify/{shop}` locally and `https://{shop}` in production.
 */
const log = createLogger("sandbox");

export const shopifyApp = new Hono<ShopifyHono>();

interface GraphqlBody {
  query: string;
  variablesJson: string | null;
  operationName: string | null;
}

shopifyApp.post("/shopify/:shop/admin/api/:version/graphql.json", async (c) => {
  const receivedAt = Date.now();
  const shop = c.req.param("shop");
  const version = c.req.param("version");
  if (!SHOP_DOMAIN.test(shop) || !API_VERSION.test(version)) return notFound();
  const stub = shopOf(c.env, shop);
  const path = new URL(c.req.url).pathname;
  const logged = async (response: Response, outcome: string) => {
    await stub.logRequest({ at: receivedAt, method: "POST", path, status: response.status, outcome });
    return response;
  };

  const admission = await stub.admit({ token: c.req.header("x-shopify-access-token") ?? null });
  if (!admission.ok) {
    return logged(admission.reason === "auth" ? invalidToken() : notFound(), admission.reason);
  }
  if (admission.latencyMs > 0) await sleep(admission.latencyMs);
  const { fault } = admission;
  if (fault?.mode === "error_5xx" || fault?.mode === "auth_401") {
    await stub.countFault();
    return logged(
      fault.mode === "auth_401" ? invalidToken() : internalError(fault.status),
      `fault:${fault.mode}`,
    );
  }
  if (fault?.mode === "slow") await sleep(fault.delayMs);

  const body = await readBody(c.req.raw);
  if (!body) return logged(missingQuery(), "bad_request");

  const headers: Record<string, string> = { "x-shopify-api-version": version };
  let forcedThrottle: number | null = null;
  if (fault?.mode === "throttled") forcedThrottle = admission.throttledStatus;
  if (fault?.mode === "rate_limit_429") {
    forcedThrottle = 429;
    if (fault.retryAfterSeconds !== null) headers["retry-after"] = String(fault.retryAfterSeconds);
  }
  if (forcedThrottle !== null) await stub.countFault();

  const answer = await stub.graphql({ ...body, receivedAt, forcedThrottle });
  const response = shopifyJson(answer.status, answer.bodyJson, headers);
  if (fault?.mode === "commit_then_timeout") {
    // Executed and logged; only the answer is late, as when a response is lost on the way back.
    await logged(response, `${answer.outcome}+fault:commit_then_timeout`);
    await sleep(fault.delayMs);
    return response;
  }
  return logged(response, fault ? `${answer.outcome}+fault:${fault.mode}` : answer.outcome);
});

shopifyApp.route("/_sandbox/shopify", controlRoutes);

shopifyApp.all("/shopify/*", () => notFound());

shopifyApp.onError((err, c) => {
  if (!c.req.path.startsWith("/shopify/")) throw err;
  log.error("unhandled error", { path: c.req.path, ...errorFields(err) });
  return internalError(500);
});

/**
 * `application/json` `{query, variables?, operationName?}`, or `application/graphql` with the query as
 * the body; null when there is no query to run.
 */
async function readBody(request: Request): Promise<GraphqlBody | null> {
  const type = request.headers.get("content-type") ?? "";
  const text = new TextDecoder().decode(await request.arrayBuffer());
  if (/^application\/graphql\b/i.test(type)) {
    return text.trim() === "" ? null : { query: text, variablesJson: null, operationName: null };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== "object") return null;
  const { query, variables, operationName } = parsed as Record<string, unknown>;
  if (typeof query !== "string" || query.trim() === "") return null;
  const vars =
    variables !== null && typeof variables === "object" && !Array.isArray(variables) ? variables : null;
  return {
    query,
    variablesJson: vars ? JSON.stringify(vars) : null,
    operationName: typeof operationName === "string" && operationName !== "" ? operationName : null,
  };
}
