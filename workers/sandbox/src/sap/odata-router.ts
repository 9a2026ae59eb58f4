import { entitySet, knownService, setsOf } from "./entity-sets";
import { matches, parseFilter } from "./filter";
import { isObject, parseJson } from "./json";
import { render, uriOf, warningHeader } from "./odata-entity";
import { GATEWAY, sapError } from "./odata-errors";
import { functionParameter, keyMatches, parseResourcePath } from "./odata-request";
import { DELIVERY_SERVICE, postGoodsIssue } from "./outbound-delivery";
import { collection, single } from "./render";
import type { EntitySetDef, ODataEntity, Outcome, ServiceContext } from "./service-context";
import { emptyResponse, jsonResponse, type WireResponse } from "./wire";

/**
 * One OData v2 request against the sandbox's services, answered synchronously inside the system's
 * Durable Object (so each request is one transaction). Reads support `$filter` (eq/and), `$top`,
 * `$skip`, `$select`, `$expand` and `$inlinecount`; changes need If-Match (428 without, 412 on a stale ETag).
 */
export interface ODataCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: string | null;
  ifMatch: string | null;
}

const CHANGE = new Set(["PATCH", "MERGE", "PUT", "DELETE"]);

function failed(ctx: ServiceContext, outcome: Outcome<unknown>): WireResponse | null {
  return outcome.ok ? null : sapError(outcome.status, outcome.messages, ctx.now);
}

function etagCheck(ctx: ServiceContext, entity: ODataEntity, ifMatch: string | null): WireResponse | null {
  if (!ifMatch) return sapError(428, [GATEWAY.preconditionRequired()], ctx.now);
  if (ifMatch.trim() !== "*" && ifMatch.trim() !== entity.etag)
    return sapError(412, [GATEWAY.preconditionFailed()], ctx.now);
  return null;
}

export function handleOData(ctx: ServiceContext, call: ODataCall): WireResponse {
  const method = call.method === "HEAD" ? "GET" : call.method;
  const path = parseResourcePath(call.path);
  if (!path || !knownService(path.service)) return sapError(404, [GATEWAY.unknownSet(call.path)], ctx.now);
  if (path.resource === "")
    return jsonResponse(200, { d: { EntitySets: setsOf(path.service) } }, "service_document");
  if (path.service === DELIVERY_SERVICE && path.resource === "PostGoodsIssue")
    return goodsIssue(ctx, call, method);
  const def = entitySet(path.service, path.resource);
  if (!def) return sapError(404, [GATEWAY.unknownSet(path.resource)], ctx.now);
  const select = call.query.$select ? new Set(call.query.$select.split(",").map((s) => s.trim())) : null;
  const expand = new Set(
    (call.query.$expand ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );

  if (path.key === null) {
    if (method === "POST") {
      if (!def.create) return sapError(405, [GATEWAY.methodNotAllowed(method)], ctx.now);
      const body = parseJson(call.body);
      if (!body) return sapError(400, [GATEWAY.badJson()], ctx.now);
      const created = def.create(ctx, body);
      if (!created.ok) return failed(ctx, created) ?? sapError(500, [GATEWAY.internal()], ctx.now);
      const navs = new Set(Object.keys(created.value.navigations));
      return jsonResponse(201, single(render(created.value, navs)), "created", {
        location: uriOf(created.value),
        ...(created.value.etag ? { etag: created.value.etag } : {}),
        ...warningHeader(created.warnings),
      });
    }
    if (method !== "GET") return sapError(405, [GATEWAY.methodNotAllowed(method)], ctx.now);
    return list(ctx, def.list(ctx), call.query, expand, select);
  }

  const key = path.key;
  const target = def.list(ctx).find((e) => keyMatches(key, e.address.key));
  if (!target)
    return sapError(404, [GATEWAY.notFound(`${path.resource}(${call.path.split("(")[1] ?? ""}`)], ctx.now);
  if (path.navigation) {
    const related = target.navigations[path.navigation];
    if (!related) return sapError(404, [GATEWAY.unknownSet(path.navigation)], ctx.now);
    if (method === "POST") return createRelated(ctx, def, target, path.navigation, call.body);
    if (method !== "GET") return sapError(405, [GATEWAY.methodNotAllowed(method)], ctx.now);
    return list(ctx, related, call.query, expand, select);
  }
  if (method === "GET") {
    return jsonResponse(
      200,
      single(render(target, expand, select)),
      "read",
      target.etag ? { etag: target.etag } : {},
    );
  }
  const effective = method;
  if (!CHANGE.has(effective)) return sapError(405, [GATEWAY.methodNotAllowed(method)], ctx.now);
  const precondition = etagCheck(ctx, target, call.ifMatch);
  if (precondition) return precondition;
  if (effective === "DELETE" || !def.update)
    return sapError(405, [GATEWAY.methodNotAllowed(effective)], ctx.now);
  const changes = parseJson(call.body);
  if (!changes) return sapError(400, [GATEWAY.badJson()], ctx.now);
  const updated = def.update(ctx, target, changes);
  if (!updated.ok) return failed(ctx, updated) ?? sapError(500, [GATEWAY.internal()], ctx.now);
  const fresh = def.list(ctx).find((e) => keyMatches(key, e.address.key));
  return emptyResponse(204, "updated", fresh?.etag ? { etag: fresh.etag } : {});
}

/** `POST <set>(<key>)/<navigation>`: 201 with the new related entity, 405 where SAP offers no such create. */
function createRelated(
  ctx: ServiceContext,
  def: EntitySetDef,
  target: ODataEntity,
  navigation: string,
  rawBody: string | null,
): WireResponse {
  const body = parseJson(rawBody);
  if (!body) return sapError(400, [GATEWAY.badJson()], ctx.now);
  const created = def.createRelated?.(ctx, target, navigation, body) ?? null;
  if (!created) return sapError(405, [GATEWAY.methodNotAllowed("POST")], ctx.now);
  if (!created.ok) return failed(ctx, created) ?? sapError(500, [GATEWAY.internal()], ctx.now);
  return jsonResponse(201, single(render(created.value, new Set())), "created", {
    location: uriOf(created.value),
  });
}

function list(
  ctx: ServiceContext,
  entities: ODataEntity[],
  query: Record<string, string>,
  expand: ReadonlySet<string>,
  select: ReadonlySet<string> | null,
) {
  let selected = entities;
  if (query.$filter !== undefined) {
    const conditions = parseFilter(query.$filter);
    if (!conditions) return sapError(400, [GATEWAY.badFilter(query.$filter)], ctx.now);
    selected = selected.filter((e) => matches(e.fields, conditions));
  }
  const total = selected.length;
  const skip = Number.parseInt(query.$skip ?? "0", 10) || 0;
  const top = query.$top === undefined ? undefined : Number.parseInt(query.$top, 10);
  selected = selected.slice(skip, top === undefined || Number.isNaN(top) ? undefined : skip + top);
  const count = query.$inlinecount === "allpages" ? total : null;
  return jsonResponse(
    200,
    collection(
      selected.map((e) => render(e, expand, select)),
      count,
    ),
    "read",
  );
}

/** `POST PostGoodsIssue?DeliveryDocument='…'` with the delivery's ETag in If-Match. */
function goodsIssue(ctx: ServiceContext, call: ODataCall, method: string): WireResponse {
  if (method !== "POST") return sapError(405, [GATEWAY.methodNotAllowed(method)], ctx.now);
  const id = functionParameter(call.query.DeliveryDocument);
  const delivery = entitySet(DELIVERY_SERVICE, "A_OutbDeliveryHeader")
    ?.list(ctx)
    .find((e) => keyMatches({ "": id ?? "" }, e.address.key));
  if (!id || !delivery)
    return sapError(404, [GATEWAY.notFound(`PostGoodsIssue DeliveryDocument='${id ?? ""}'`)], ctx.now);
  const precondition = etagCheck(ctx, delivery, call.ifMatch);
  if (precondition) return precondition;
  const posted = postGoodsIssue(ctx, id);
  if (!posted.ok) return failed(ctx, posted) ?? sapError(500, [GATEWAY.internal()], ctx.now);
  const value = render(posted.value, new Set());
  return jsonResponse(
    200,
    single(isObject(value) ? value : {}),
    "goods_issue",
    posted.value.etag ? { etag: posted.value.etag } : {},
  );
}
