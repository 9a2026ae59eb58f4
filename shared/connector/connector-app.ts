import { Hono } from "hono";
import { ProblemError, problem, problemResponse } from "../http/problem";
import { createLogger, errorFields } from "../log";
import { acceptDelivery } from "./accept-delivery";
import type { ConnectorIntake } from "./connector-intake";
import type { ConnectorEnv } from "./env";
import { createStoreCache } from "./store-cache";

/** How long store credentials are trusted in isolate memory before core is asked again. */
const STORE_TTL_MS = 60_000;
const STORE_MISS_TTL_MS = 10_000;

/**
 * The HTTP side of a connector worker: its webhook route (from the manifest) on the shared intake
 * pipeline, and problem+json for everything else. The connector supplies only channel knowledge.
 */
export function createConnectorApp<E extends ConnectorEnv>(intake: ConnectorIntake): Hono<{ Bindings: E }> {
  const log = createLogger(intake.manifest.channel);
  const stores = createStoreCache({ ttlMs: STORE_TTL_MS, missTtlMs: STORE_MISS_TTL_MS });
  const app = new Hono<{ Bindings: E }>();

  app.post(intake.manifest.webhookPath, (c) =>
    acceptDelivery({
      intake,
      env: c.env,
      request: c.req.raw,
      storeId: c.req.param("storeId") ?? "",
      stores,
      log,
    }),
  );
  app.notFound(() => problemResponse(problem("notFound", "no such route")));
  app.onError((err) => {
    if (err instanceof ProblemError) return problemResponse(err.problem, err.headers);
    log.error("unhandled error", errorFields(err));
    return problemResponse(problem("internal"));
  });
  return app;
}
