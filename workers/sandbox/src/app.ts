import { Hono } from "hono";
import { ProblemError, problem, problemResponse } from "../../../shared/http/problem";
import { createLogger, errorFields } from "../../../shared/log";
import { businessCentralApp } from "./business-central/app";
import { netsuiteApp } from "./netsuite/app";
import { oracleFusionApp } from "./oracle-fusion/app";
import { sapApp } from "./sap/app";
import { shopifyApp } from "./shopify/app";

/**
 * The sandbox: local stand-ins for outside systems, each on the paths the real system uses (so an
 * adapter differs only in its base URL) plus `/_sandbox/<system>/...` control routes.
 */
const log = createLogger("sandbox");

export const app = new Hono<{ Bindings: SandboxEnv }>();

app.get("/health", (c) =>
  c.json({ ok: true, systems: ["netsuite", "business_central", "sap_s4hana", "oracle_fusion", "shopify"] }),
);

app.route("/", netsuiteApp);
app.route("/", businessCentralApp);
app.route("/", sapApp);
app.route("/", oracleFusionApp);
app.route("/", shopifyApp);

app.notFound((c) => problemResponse(problem("notFound", `no route for ${c.req.method} ${c.req.path}`)));

app.onError((err, c) => {
  if (err instanceof ProblemError) return problemResponse(err.problem, err.headers);
  log.error("unhandled error", { path: c.req.path, ...errorFields(err) });
  return problemResponse(problem("internal"));
});
