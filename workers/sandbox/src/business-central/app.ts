import { Hono } from "hono";
import { createLogger, errorFields } from "../../../../shared/log";
import { apiRoutes } from "./api-routes";
import type { BcHono } from "./context";
import { controlRoutes } from "./control-routes";
import { errorResponse, INTERNAL_ERROR } from "./errors";
import { bcGate } from "./gate";
import { tokenRoute } from "./token-route";

/**
 * Business Central online as an integration sees it: Entra ID's token endpoint (the sandbox is also
 * the authority), the API under `/v2.0/{tenant}/{environment}/api/...`, and the control routes.
 */
const log = createLogger("sandbox");

export const businessCentralApp = new Hono<BcHono>();

businessCentralApp.use("/v2.0/*", bcGate);
businessCentralApp.route("/", apiRoutes);
businessCentralApp.route("/", tokenRoute);
businessCentralApp.route("/_sandbox/business-central", controlRoutes);

businessCentralApp.onError((err, c) => {
  if (!c.req.path.startsWith("/v2.0/")) throw err;
  log.error("unhandled error", { path: c.req.path, ...errorFields(err) });
  return errorResponse(INTERNAL_ERROR);
});
