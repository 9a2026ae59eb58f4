import { type Context, Hono } from "hono";
import { accountOf, type NetSuiteHono } from "./context";
import {
  errorResponse,
  INVALID_BODY,
  type NetSuiteErrorDetail,
  NONEXISTENT_ID,
  unknownRecordType,
} from "./errors";
import type { RecordKey, WriteResult } from "./record-store";
import { recordUrl } from "./render";
import { isObject, type JsonObject } from "./sales-order";

/**
 * The record service subset: salesOrder only. Record type names are case-insensitive, as in
 * NetSuite; writes answer 204 with the record's URL in `Location` and no body.
 */
export const recordRoutes = new Hono<NetSuiteHono>();

const SALES_ORDER = "salesOrder";
const EXTERNAL_ID = /^[A-Za-z0-9_-]+$/;

type Ctx = Context<NetSuiteHono>;

function fail(c: Ctx, status: number, detail: NetSuiteErrorDetail): Response {
  c.set("outcome", `rejected:${detail["o:errorCode"]}`);
  return errorResponse(status, detail);
}

function recordType(raw: string): string | null {
  return raw.toLowerCase() === SALES_ORDER.toLowerCase() ? SALES_ORDER : null;
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
    const body: unknown = JSON.parse(await c.req.text());
    return isObject(body) ? body : null;
  } catch {
    return null;
  }
}

function written(c: Ctx, type: string, result: WriteResult): Response {
  if (!result.ok) return fail(c, result.status, result.error);
  c.set("outcome", result.created ? "created" : "updated");
  const origin = new URL(c.req.url).origin;
  return c.body(null, 204, { location: recordUrl(origin, type, result.internalId) });
}

recordRoutes.on("OPTIONS", "/*", (c) => {
  c.set("outcome", "probe");
  return c.body(null, 204);
});

recordRoutes.post("/record/v1/:type", async (c) => {
  const type = recordType(c.req.param("type"));
  if (!type) return fail(c, 404, unknownRecordType(c.req.param("type")));
  const body = await jsonBody(c);
  if (!body) return fail(c, 400, INVALID_BODY);
  return written(c, type, await accountOf(c.env).create(type, body, Date.now()));
});

recordRoutes.put("/record/v1/:type/:id", async (c) => {
  const type = recordType(c.req.param("type"));
  if (!type) return fail(c, 404, unknownRecordType(c.req.param("type")));
  const raw = c.req.param("id");
  const key = recordKey(raw);
  if (raw.startsWith("eid:") && !key) {
    return fail(c, 400, {
      detail: `Invalid external ID '${raw.slice(4)}': use letters, digits, '_' and '-' only.`,
      "o:errorCode": "INVALID_ID",
    });
  }
  if (!key || !("externalId" in key)) {
    return fail(c, 405, {
      detail: "PUT is supported only for upsert by external ID: use <record type>/eid:<external ID>.",
      "o:errorCode": "INVALID_REQUEST",
    });
  }
  const body = await jsonBody(c);
  if (!body) return fail(c, 400, INVALID_BODY);
  return written(c, type, await accountOf(c.env).upsert(type, key.externalId, body, Date.now()));
});

recordRoutes.patch("/record/v1/:type/:id", async (c) => {
  const type = recordType(c.req.param("type"));
  if (!type) return fail(c, 404, unknownRecordType(c.req.param("type")));
  const key = recordKey(c.req.param("id"));
  if (!key) return fail(c, 404, NONEXISTENT_ID);
  const body = await jsonBody(c);
  if (!body) return fail(c, 400, INVALID_BODY);
  return written(c, type, await accountOf(c.env).patch(type, key, body, Date.now()));
});

recordRoutes.get("/record/v1/:type/:id", async (c) => {
  const type = recordType(c.req.param("type"));
  if (!type) return fail(c, 404, unknownRecordType(c.req.param("type")));
  const key = recordKey(c.req.param("id"));
  const origin = new URL(c.req.url).origin;
  const expand = c.req.query("expandSubResources") === "true";
  const record = key ? await accountOf(c.env).read(type, key, origin, expand) : null;
  if (record === null) return fail(c, 404, NONEXISTENT_ID);
  c.set("outcome", "read");
  return c.body(record, 200, {
    "content-type": "application/vnd.oracle.resource+json; type=singular-resource",
  });
});
