import { describe, expect, it } from "vitest";
import { api } from "./api-helpers";

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<
    string,
    Record<
      string,
      {
        security?: Record<string, string[]>[];
        responses: Record<string, { content?: Record<string, unknown> }>;
      }
    >
  >;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
  security: unknown[];
}

describe("GET /v1/openapi.json", () => {
  it("serves an OpenAPI 3.1 document without a key, describing every route", async () => {
    const res = await api("/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const doc = JSON.parse(await res.text()) as OpenApiDocument;
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/v1/exceptions",
      "/v1/exceptions/{id}",
      "/v1/exceptions/{id}/replay",
      "/v1/inventory/adjustments",
      "/v1/inventory/{sku}",
      "/v1/orders",
      "/v1/orders/{id}",
      "/v1/orders/{id}/trace",
      "/v1/stores",
      "/v1/stores/{id}",
      "/v1/stores/{id}/webhook-secret",
    ]);
    expect(Object.keys(doc.paths["/v1/stores"] ?? {}).sort()).toEqual(["get", "post"]);
  });

  it("declares the bearer scheme, each route's scope and the problem schema", async () => {
    const doc = (await (await api("/v1/openapi.json")).json()) as OpenApiDocument;
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.components.schemas.Problem).toBeDefined();
    const post = doc.paths["/v1/stores"]?.post;
    expect(post?.security).toEqual([{ bearerAuth: ["stores:write"] }]);
    expect(doc.paths["/v1/orders/{id}/trace"]?.get?.security).toEqual([{ bearerAuth: ["orders:read"] }]);
    for (const status of ["401", "403", "409", "422", "500"]) {
      expect(post?.responses[status]?.content, status).toHaveProperty(["application/problem+json"]);
    }
    expect(JSON.stringify(post)).toContain("idempotency-key");
  });
});
