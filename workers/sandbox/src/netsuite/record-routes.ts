import { type Context, Hono } from "hono";
import { accountOf, type NetSuiteHono } from "./context";
import {
  errorResponse,
  INVALID_BODY,
  type NetSuiteErrorDetail,
  NONEXISTENT_ID,
  unknownRecordType,
} from "./errors";
import { isObject, type JsonObject } from "./json";
import type { RecordKey } from "./record-store";
import { type RecordTypeInfo, recordTypeOf } from "./record-types";
import type { WriteResult } from "./record-writes";
import { recordUrl } from "./render";
import { replaceParam } from "./sublists";

/**
 * The record service: create, upsert by external id, update, read (with sublists), and transform.
 * Writes answer 204 with the record's URL in `Location` and no body (Oracle, "Creating a Record
 * Instance", "Transforming Records").
 */
export const recordRoutes = new Hono<NetSuiteHono>();

const EXTERNAL_ID = /^[A-Za-z0-9_-]+$/;
type Ctx = Context<NetSuiteHono>;

export function fail(c: Ctx, status: number, detail: NetSuiteErrorDetail): Response {
  c.set("outcome", `rejected:${detail["o:errorCode"]}`);
  return errorResponse(status, detail);
}

/** `123` or `eid:ABC-1`; null when the id can name no record. */
function recordKey(raw: string): RecordKey | null {
  if (raw.startsWith("eid:")) {
    const externalId = raw.slice(4);
    return EXTERNAL_ID.test(externalId) ? { externalId } : null;
  }
  return /^\d+$/.test(raw) ? { internalId: Number(raw) } : null;
}

async function jsonBody(c: Ctx): Promise<JsonObject | null> {
  try {
    const text = await c.req.text();
    const body: unknown = JSON.parse(text === "" ? "{}" : text);
    return isObject(body) ? body : null;
  } catch {
    return null;
  }
}

export function written(c: Ctx, type: string, result: WriteResult): Response {
  if (!result.ok) return fail(c, result.status, result.error);
  c.set("outcome", result.created ? "created" : "updated");
  return c.body(null, 204, { location: recordUrl(new URL(c.req.url).origin, type, result.internalId) });
}

type Resolved = { type: RecordTypeInfo; key: RecordKey | null; body: JsonObject | null } | Response;

/** Type, id and JSON body of a record request, or NetSuite's error for the first that is wrong. */
async function resolve(c: Ctx, withBody: boolean): Promise<Resolved> {
  const type = recordTypeOf(c.req.param("type") ?? "");
  if (!type) return fail(c, 404, unknownRecordType(c.req.param("type") ?? ""));
  const rawId = c.req.param("id");
  const key = rawId === undefined ? null : recordKey(rawId);
  if (rawId?.startsWith("eid:") && !key) {
    return fail(c, 400, {
      detail: `Invalid external ID '${rawId.slice(4)}': use letters, digits, '_' and '-' only.`,
      "o:errorCode": "INVALID_ID",
    });
  }
  if (!withBody) return { type, key, body: null };
  const body = await jsonBody(c);
  return body ? { type, key, body } : fail(c, 400, INVALID_BODY);
}

recordRoutes.on("OPTIONS", "/*", (c) => {
  c.set("outcome", "probe");
  return c.body(null, 204);
});

recordRoutes.post("/record/v1/:type", async (c) => {
  const r = await resolve(c, true);
  if (r instanceof Response) return r;
  return written(c, r.type.name, await accountOf(c.env).create(r.type.name, r.body ?? {}, Date.now()));
});

recordRoutes.post("/record/v1/:type/:id/!transform/:target", async (c) => {
  const r = await resolve(c, true);
  if (r instanceof Response) return r;
  const target = recordTypeOf(c.req.param("target"));
  if (!target) return fail(c, 404, unknownRecordType(c.req.param("target")));
  if (!r.key || !("internalId" in r.key)) return fail(c, 404, NONEXISTENT_ID);
  const replace = [...replaceParam(c.req.query("replace"))];
  const result = await accountOf(c.env).transform(
    r.type.name,
    r.key.internalId,
    target.name,
    r.body ?? {},
    replace,
    Date.now(),
  );
  return written(c, target.name, result);
});

recordRoutes.put("/record/v1/:type/:id", async (c) => {
  const r = await resolve(c, true);
  if (r instanceof Response) return r;
  if (!r.key || !("externalId" in r.key)) {
    return fail(c, 405, {
      detail: "PUT is supported only for upsert by external ID: use <record type>/eid:<external ID>.",
      "o:errorCode": "INVALID_REQUEST",
    });
  }
  const replace = [...replaceParam(c.req.query("replace"))];
  const result = await accountOf(c.env).upsert(
    r.type.name,
    r.key.externalId,
    r.body ?? {},
    replace,
    Date.now(),
  );
  return written(c, r.type.name, result);
});

recordRoutes.patch("/record/v1/:type/:id", async (c) => {
  const r = await resolve(c, true);
  if (r instanceof Response) return r;
  if (!r.key) return fail(c, 404, NONEXISTENT_ID);
  const replace = [...replaceParam(c.req.query("replace"))];
  return written(
    c,
    r.type.name,
    await accountOf(c.env).patch(r.type.name, r.key, r.body ?? {}, replace, Date.now()),
  );
});

function readJson(c: Ctx, json: string | null): Response {
  if (json === null) return fail(c, 404, NONEXISTENT_ID);
  c.set("outcome", "read");
  return c.body(json, 200, {
    "content-type": "application/vnd.oracle.resource+json; type=singular-resource",
  });
}

recordRoutes.get("/record/v1/:type/:id", async (c) => {
  const r = await resolve(c, false);
  if (r instanceof Response) return r;
  const fields =
    c.req
      .query("fields")
      ?.split(",")
      .map((f) => f.trim()) ?? null;
  const expand = c.req.query("expandSubResources") === "true";
  const origin = new URL(c.req.url).origin;
  return readJson(
    c,
    r.key ? await accountOf(c.env).read(r.type.name, r.key, origin, { expand, fields }) : null,
  );
});

recordRoutes.get("/record/v1/:type/:id/:sublist/:line?", async (c) => {
  const r = await resolve(c, false);
  if (r instanceof Response) return r;
  const rawLine = c.req.param("line");
  const line = rawLine === undefined ? null : Number(rawLine);
  const expand = c.req.query("expandSubResources") === "true";
  const origin = new URL(c.req.url).origin;
  const json =
    r.key && (line === null || Number.isInteger(line))
      ? await accountOf(c.env).readSublist(
          { type: r.type.name, key: r.key, sublist: c.req.param("sublist"), line },
          origin,
          expand,
        )
      : null;
  return readJson(c, json);
});
