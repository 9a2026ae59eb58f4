import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnv } from "./context";

export const OPENAPI_PATH = "/v1/openapi.json";

const DESCRIPTION = [
  "The governed API of the retail integration mesh: store onboarding and read access to canonical",
  "orders, their stock reservations, ERP sync state and traces.",
  "",
  "Authenticate with `Authorization: Bearer <api key>`. Each route lists the scope it needs as the",
  "role of its `bearerAuth` requirement. Every error is an RFC 9457 `application/problem+json` body.",
].join("\n");

/** Serves the OpenAPI 3.1 document generated from the routes' zod schemas (no key needed). */
export function registerOpenApiDocument(app: OpenAPIHono<ApiEnv>): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description:
      "An API key: the admin key, or one from `api_keys` with scopes stores:write, stores:read, orders:read.",
  });
  app.doc31(OPENAPI_PATH, (c) => ({
    openapi: "3.1.0",
    info: { title: "Retail mesh core API", version: "1.0.0", description: DESCRIPTION },
    servers: [{ url: new URL(c.req.url).origin }],
    security: [{ bearerAuth: [] }],
    tags: [
      { name: "stores", description: "Channel stores and their webhook credentials." },
      { name: "orders", description: "Canonical orders, reservations, ERP state and traces." },
    ],
  }));
}
