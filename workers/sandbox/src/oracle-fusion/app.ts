import { Hono } from "hono";
import { createLogger, errorFields } from "../../../../shared/log";
import type { OracleHono } from "./context";
import { controlRoutes } from "./control-routes";
import { errorResponse, frameworkVersion, NOT_FOUND, SERVER_ERROR } from "./errors";
import { oracleGate } from "./gate";
import { resourceRoutes } from "./resource-routes";

/**
 * Oracle Fusion Cloud REST (`/fscmRestApi/...` and `/crmRestApi/...`) and the sandbox's control routes
 * for it (`/_sandbox/oracle-fusion/...`).
 */
const log = createLogger("sandbox");
const ROOTS = ["/fscmRestApi", "/crmRestApi"] as const;

export const oracleFusionApp = new Hono<OracleHono>();

for (const root of ROOTS) oracleFusionApp.use(`${root}/*`, oracleGate);
oracleFusionApp.route("/", resourceRoutes);
oracleFusionApp.route("/_sandbox/oracle-fusion", controlRoutes);
for (const root of ROOTS) {
  oracleFusionApp.all(`${root}/*`, (c) => {
    c.set("outcome", "not_found");
    return errorResponse(frameworkVersion(c.req.raw), NOT_FOUND);
  });
}

oracleFusionApp.onError((err, c) => {
  if (!ROOTS.some((root) => c.req.path.startsWith(`${root}/`))) throw err;
  log.error("unhandled error", { path: c.req.path, ...errorFields(err) });
  return errorResponse(frameworkVersion(c.req.raw), SERVER_ERROR);
});
