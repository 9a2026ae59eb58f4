import { Hono } from "hono";
import { ProblemError, problem, problemResponse } from "../../../shared/http/problem";
import { createLogger, errorFields } from "../../../shared/log";
import type { NetSuiteHono } from "./netsuite/context";
import { controlRoutes } from "./netsuite/control-routes";
import { errorResponse, NONEXISTENT_ID, UNEXPECTED_ERROR } from "./netsuite/errors";
import { netsuiteGate } from "./netsuite/gate";
import { recordRoutes } from "./netsuite/record-routes";

/** The sandbox: local stand-ins for outside systems. Only NetSuite's REST record service so far. */
const log = createLogger("sandbox");
const NETSUITE_REST = "/services/rest";

export const app = new Hono<NetSuiteHono>();

app.get("/health", (c) => c.json({ ok: true, systems: ["netsuite"] }));

app.use(`${NETSUITE_REST}/*`, netsuiteGate);
app.route(NETSUITE_REST, recordRoutes);
app.route("/_sandbox/netsuite", controlRoutes);

app.notFound((c) => {
  if (c.req.path.startsWith(`${NETSUITE_REST}/`)) {
    c.set("outcome", "not_found");
    return errorResponse(404, NONEXISTENT_ID);
  }
  return problemResponse(problem("notFound", `no route for ${c.req.method} ${c.req.path}`));
});

app.onError((err, c) => {
  if (err instanceof ProblemError) return problemResponse(err.problem, err.headers);
  log.error("unhandled error", { path: c.req.path, ...errorFields(err) });
  if (c.req.path.startsWith(`${NETSUITE_REST}/`)) return errorResponse(500, UNEXPECTED_ERROR);
  return problemResponse(problem("internal"));
});
