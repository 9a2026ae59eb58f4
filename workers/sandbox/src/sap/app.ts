import { Hono } from "hono";
import { createLogger, errorFields } from "../../../../shared/log";
import type { SapHono } from "./context";
import { controlRoutes } from "./control-routes";
import { sapGate } from "./gate";
import { GATEWAY, sapError } from "./odata-errors";
import { serviceRoutes } from "./service-routes";
import { toResponse } from "./wire";

/**
 * SAP S/4HANA Cloud as the integration sees it: OData v2 services under `/sap/opu/odata/sap/...`, the
 * journal entry SOAP service under `/sap/bc/srt/...`, and the sandbox's control routes for it.
 */
const log = createLogger("sandbox");

export const sapApp = new Hono<SapHono>();

sapApp.use("/sap/*", sapGate);
sapApp.route("/", serviceRoutes);
sapApp.route("/_sandbox/sap", controlRoutes);
// Any other path under /sap is a service the system does not have, answered as Gateway would.
sapApp.all("/sap/*", (c) => {
  c.set("outcome", "not_found");
  return toResponse(sapError(404, [GATEWAY.unknownSet(c.req.path)], Date.now()));
});

sapApp.onError((err, c) => {
  if (!c.req.path.startsWith("/sap/")) throw err;
  log.error("unhandled error", { path: c.req.path, ...errorFields(err) });
  return toResponse(sapError(500, [GATEWAY.internal()], Date.now()));
});
