import type { ApiRoot, EntitySetDef, RuleContext } from "./entity-set";
import { unknownProperty } from "./entity-set";
import type { Entity, Json } from "./entity-store";
import { etagOf } from "./entity-store";
import {
  type BcError,
  badRequest,
  COMPANY_NOT_FOUND,
  ENTITY_CHANGED,
  errorBody,
  INVALID_TOKEN,
  methodNotAllowed,
  recordNotFound,
  resourceNotFound,
} from "./errors";
import { parsePath } from "./odata";
import { entitySet } from "./registry";
import { parseExpand, renderCollection, renderEntity } from "./render";

/**
 * One API request against the tenant's data, as BC's OData stack answers it: routing of company-
 * scoped entity paths, If-Match on PATCH and DELETE, deep insert on POST, bound actions. Runs inside
 * the tenant object's transaction; a response of 400 or more means nothing it did is kept.
 */
export interface ApiRequest {
  method: string;
  api: ApiRoot;
  /** The path below the API root, e.g. `companies(<id>)/salesOrders(<id>)/salesOrderLines`. */
  path: string;
  query: Record<string, string>;
  ifMatch: string | null;
  body: Json | null;
  /** The request URL, for `@odata.nextLink`. */
  url: string;
}

export interface ApiResult {
  status: number;
  body: Json | null;
}

export interface ApiContext extends RuleContext {
  companyId: string;
  pageSize: number;
}

const failed = (error: BcError): ApiResult => ({ status: error.status, body: errorBody(error) });

/** BC's Code fields hold upper-case text: whatever a client writes is stored upper-cased. */
const CODE_FIELDS = new Set(["number", "code", "externalDocumentNumber", "documentNumber"]);

function upperCodes(body: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(body))
    out[k] = CODE_FIELDS.has(k) && typeof v === "string" ? v.toUpperCase() : v;
  return out;
}

interface Target {
  def: EntitySetDef;
  entity: Entity | null;
  parent: Entity | null;
  action: string | null;
}

function resolve(ctx: ApiContext, req: ApiRequest): Target | ApiResult {
  const segments = parsePath(req.path);
  if ("status" in segments) return failed(segments);
  const [company, ...rest] = segments;
  if (company?.name !== "companies") return failed(resourceNotFound(company?.name ?? ""));
  if (company.key !== null && company.key.toLowerCase() !== ctx.companyId.toLowerCase()) {
    return failed(COMPANY_NOT_FOUND);
  }
  const companyDef = entitySet("v2.0", "companies");
  if (rest.length === 0 && companyDef) {
    const entity = company.key === null ? null : ctx.store.get("companies", company.key);
    return { def: companyDef, entity, parent: null, action: null };
  }
  let parent: Entity | null = null;
  let current = null as Target | null;
  for (const [index, segment] of rest.entries()) {
    if (segment.name.startsWith("Microsoft.NAV.") && current?.entity && index === rest.length - 1) {
      return { ...current, action: segment.name.slice("Microsoft.NAV.".length) };
    }
    const def = entitySet(req.api, segment.name);
    if (!def || (current && def.parent?.set !== current.def.name))
      return failed(resourceNotFound(segment.name));
    if (current && !current.entity) return failed(resourceNotFound(segment.name));
    parent = current?.entity ?? null;
    let entity: Entity | null = null;
    if (segment.key !== null) {
      entity = ctx.store.get(def.name, segment.key);
      if (!entity || (parent && entity.parentId !== parent.id))
        return failed(recordNotFound(def.label, segment.key));
    }
    current = { def, entity, parent, action: null };
  }
  return current ?? failed(resourceNotFound(""));
}

function checkIfMatch(req: ApiRequest, entity: Entity): BcError | null {
  const given = req.ifMatch?.trim();
  if (!given || !(given === "*" || /^W\/".+"$/.test(given))) return INVALID_TOKEN;
  return given === "*" || given === etagOf(entity) ? null : ENTITY_CHANGED;
}

function refreshParent(ctx: ApiContext, def: EntitySetDef, parentId: string | null): void {
  if (!def.parent || !parentId) return;
  const parentDef = entitySet(def.api, def.parent.set);
  const parent = ctx.store.get(def.parent.set, parentId);
  if (parentDef?.refresh && parent) parentDef.refresh(ctx, parent);
}

function create(ctx: ApiContext, def: EntitySetDef, parent: Entity | null, body: Json): Entity | BcError {
  const unknown = unknownProperty(def, body);
  if (unknown)
    return badRequest(
      `Invalid Request Body. The property '${unknown}' does not exist on type 'Microsoft.NAV.${def.typeName}'.`,
    );
  const own: Json = {};
  const deep: [string, unknown][] = [];
  for (const [k, v] of Object.entries(body)) {
    if ((def.children ?? []).includes(k)) deep.push([k, v]);
    else if (k !== "@odata.etag") own[k] = CODE_FIELDS.has(k) && typeof v === "string" ? v.toUpperCase() : v;
  }
  const base: Json = { ...def.template, ...own, lastModifiedDateTime: new Date().toISOString() };
  if (def.parent && parent) base[def.parent.field] = parent.id;
  const built = def.create ? def.create(ctx, base, parent) : { ok: true as const, value: base };
  if (!built.ok) return built.error;
  const { id: _ignored, ...fields } = built.value;
  const entity = ctx.store.insert(def.name, fields, parent?.id ?? null);
  for (const [childName, items] of deep) {
    const childDef = entitySet(def.api, childName);
    if (!childDef || !Array.isArray(items)) return badRequest("Invalid Request Body");
    for (const item of items) {
      const child = create(ctx, childDef, entity, (item ?? {}) as Json);
      if ("status" in child) return child;
    }
  }
  def.refresh?.(ctx, entity);
  refreshParent(ctx, def, parent?.id ?? null);
  return ctx.store.get(def.name, entity.id) ?? entity;
}

export function executeApi(ctx: ApiContext, req: ApiRequest): ApiResult {
  const target = resolve(ctx, req);
  if ("status" in target) return target;
  const { def, entity, parent, action } = target;
  const method = req.method.toUpperCase();
  if (action !== null) {
    const run = def.actions?.[action];
    if (!entity || method !== "POST") return failed(resourceNotFound(`Microsoft.NAV.${action}`));
    if (!run) return failed(resourceNotFound(`Microsoft.NAV.${action}`));
    const done = run(ctx, entity);
    return done.ok ? { status: 204, body: null } : failed(done.error);
  }
  const kind = entity ? "Entity" : "Collection";
  if (!def.methods.has(method as "GET")) return failed(methodNotAllowed(method, def.name, kind));
  if (method === "GET") {
    if (entity) {
      const expand = parseExpand(def, req.query.$expand ?? null);
      if ("status" in expand) return failed(expand);
      return { status: 200, body: renderEntity(ctx.store, def, entity, expand) };
    }
    const rows = ctx.store.list(def.name, parent?.id);
    const query = {
      filter: req.query.$filter ?? null,
      expand: req.query.$expand ?? null,
      top: req.query.$top ?? null,
      skiptoken: req.query.$skiptoken ?? null,
    };
    const page = renderCollection(ctx.store, def, rows, query, ctx.pageSize, req.url);
    return "status" in page ? failed(page as BcError) : { status: 200, body: page };
  }
  if (method === "POST") {
    if (entity) return failed(methodNotAllowed(method, def.name, "Entity"));
    if (def.parent && !parent)
      return failed(badRequest(`A ${def.parent.field} must be provided through the parent path.`));
    const created = create(ctx, def, parent, req.body ?? {});
    if ("status" in created) return failed(created);
    return { status: 201, body: renderEntity(ctx.store, def, created, []) };
  }
  if (!entity) return failed(methodNotAllowed(method, def.name, "Collection"));
  const precondition = checkIfMatch(req, entity);
  if (precondition) return failed(precondition);
  if (method === "DELETE") {
    const allowed = def.remove ? def.remove(ctx, entity) : { ok: true as const, value: null };
    if (!allowed.ok) return failed(allowed.error);
    ctx.store.remove(entity.id);
    refreshParent(ctx, def, entity.parentId);
    return { status: 204, body: null };
  }
  const changes = req.body ?? {};
  const unknown = unknownProperty(def, changes);
  if (unknown)
    return failed(
      badRequest(
        `Invalid Request Body. The property '${unknown}' does not exist on type 'Microsoft.NAV.${def.typeName}'.`,
      ),
    );
  const { "@odata.etag": _etag, id: _id, ...fields } = upperCodes(changes);
  const next = def.update
    ? def.update(ctx, entity, fields)
    : { ok: true as const, value: { ...entity.body, ...fields } };
  if (!next.ok) return failed(next.error);
  const saved = ctx.store.replace(entity, { ...next.value, lastModifiedDateTime: new Date().toISOString() });
  def.refresh?.(ctx, saved);
  refreshParent(ctx, def, entity.parentId);
  return { status: 200, body: renderEntity(ctx.store, def, ctx.store.get(def.name, saved.id) ?? saved, []) };
}
