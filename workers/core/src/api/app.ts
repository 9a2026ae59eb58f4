import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { correlationIdFrom } from "../../../../shared/ids";
import { authenticate } from "./auth";
import type { ApiEnv } from "./context";
import { registerErpConnectionRoutes } from "./erp/handlers";
import { registerExceptionRoutes } from "./exceptions/handlers";
import { registerInventoryRoutes } from "./inventory/handlers";
import { registerInventoryPolicyRoutes } from "./inventory/policy-handlers";
import { registerOpenApiDocument } from "./openapi";
import { registerOrderRoutes } from "./orders/handlers";
import { handleError, renderNotFound, renderValidationProblem } from "./problems";
import { registerStoreRoutes } from "./stores/handlers";
import { registerTraceRoutes } from "./traces/handlers";

/** Onboarding bodies are a few hundred bytes; anything near this is not a client of ours. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * The governed `/v1` API of core. Routes carry full paths, so the app can serve the worker's fetch
 * directly or be mounted at `/` in a larger Hono app (its error handler travels with its routes).
 */
export function createApiApp(): OpenAPIHono<ApiEnv> {
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return renderValidationProblem(c, result.target, result.error);
    },
  });

  // A caller's x-request-id is kept; else the trace id of its traceparent, so logs join the trace.
  app.use("*", requestId({ generator: (c) => correlationIdFrom(c.req.header("traceparent")) }));
  app.use("*", secureHeaders());
  app.use("/v1/*", async (c, next) => {
    await next();
    c.header("cache-control", "no-store");
  });
  app.use("/v1/*", bodyLimit({ maxSize: MAX_BODY_BYTES }));
  app.use("/v1/*", authenticate);

  registerStoreRoutes(app);
  registerOrderRoutes(app);
  registerExceptionRoutes(app);
  // Fixed paths (listings, policy, reconciliations) before /v1/inventory/{sku}, which would match them.
  registerInventoryPolicyRoutes(app);
  registerInventoryRoutes(app);
  registerErpConnectionRoutes(app);
  registerTraceRoutes(app);
  registerOpenApiDocument(app);

  // Registered last: any other /v1 path is a problem+json 404 even when mounted in another app,
  // whose own notFound handler would otherwise answer.
  app.all("/v1/*", renderNotFound);
  app.notFound(renderNotFound);
  app.onError(handleError);
  return app;
}
