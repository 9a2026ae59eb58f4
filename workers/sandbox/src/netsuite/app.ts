import { Hono } from "hono";
import { createLogger, errorFields } from "../../../../shared/log";
import { asyncRoutes, respondAsync } from "./async-routes";
import type { NetSuiteHono } from "./context";
import { controlRoutes } from "./control-routes";
import { errorResponse, NONEXISTENT_ID, UNEXPECTED_ERROR } from "./errors";
import { netsuiteGate } from "./gate";
import { recordRoutes } from "./record-routes";
import { suiteqlRoutes } from "./suiteql-route";
import { tokenRoutes } from "./token-route";

/** NetSuite's REST web services (`/services/rest/...`) and the sandbox's control routes for it. */
const log = createLogger("sandbox");
const NETSUITE_REST = "/services/rest";

export const netsuiteApp = new Hono<NetSuiteHono>();

netsuiteApp.use(`${NETSUITE_REST}/*`, netsuiteGate);
netsuiteApp.use(`${NETSUITE_REST}/record/*`, respondAsync);
netsuiteApp.route(NETSUITE_REST, tokenRoutes);
netsuiteApp.route(NETSUITE_REST, suiteqlRoutes);
netsuiteApp.route(NETSUITE_REST, recordRoutes);
netsuiteApp.route(NETSUITE_REST, asyncRoutes);
netsuiteApp.route("/_sandbox/netsuite", controlRoutes);
// Any other path under the REST root is an unknown record or service, answered in NetSuite's shape.
netsuiteApp.all(`${NETSUITE_REST}/*`, (c) => {
  c.set("outcome", "not_found");
  return errorResponse(404, NONEXISTENT_ID);
});

netsuiteApp.onError((err, c) => {
  if (!c.req.path.startsWith(`${NETSUITE_REST}/`)) throw err;
  log.error("unhandled error", { path: c.req.path, ...errorFields(err) });
  return errorResponse(500, UNEXPECTED_ERROR);
});
