import { Hono } from "hono";
import { effectiveMethod, MODIFYING, type SapHono, systemOf } from "./context";
import { JOURNAL_PATH } from "./journal-post";
import { ODATA_ROOT } from "./render";
import type { WireResponse } from "./wire";

/**
 * The SAP services behind the gate: every OData v2 service under `/sap/opu/odata/sap/<SERVICE>/...`
 * and the journal entry SOAP endpoint. The work happens in the system's Durable Object; these routes
 * only carry the request in and the answer out (headers the gate set, like the CSRF token, are kept).
 */
export const serviceRoutes = new Hono<SapHono>();

function answer(c: import("hono").Context<SapHono>, wire: WireResponse, head: boolean): Response {
  c.set("outcome", wire.outcome);
  if (head || wire.status === 204 || wire.body === "") return c.body(null, wire.status as 200, wire.headers);
  return c.body(wire.body, wire.status as 200, wire.headers);
}

serviceRoutes.all(`${ODATA_ROOT}/*`, async (c) => {
  const url = new URL(c.req.url);
  let path: string;
  try {
    path = decodeURIComponent(url.pathname.slice(ODATA_ROOT.length + 1));
  } catch {
    path = url.pathname.slice(ODATA_ROOT.length + 1);
  }
  const method = effectiveMethod(c.req.raw);
  const wire = await systemOf(c.env).odata(
    {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      body: MODIFYING.has(method) ? await c.req.text() : null,
      ifMatch: c.req.header("if-match") ?? null,
    },
    url.origin,
    Date.now(),
  );
  return answer(c, wire, c.req.method === "HEAD");
});

serviceRoutes.post(JOURNAL_PATH, async (c) => {
  const wire = await systemOf(c.env).journal(await c.req.text(), new URL(c.req.url).origin, Date.now());
  return answer(c, wire, false);
});
