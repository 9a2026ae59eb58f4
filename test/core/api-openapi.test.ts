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
      "/v1/erp-connections",
      "/v1/erp-connections/{id}",
      "/v1/erp-connections/{id}/mappings",
      "/v1/erp-connections/{id}/mappings/{kind}/{key}",
      "/v1/erp/documents",
      "/v1/erp/journal-entries",
      "/v1/exceptions",
      "/v1/exceptions/{id}",
      "/v1/exceptions/{id}/replay",
      "/v1/inventory/adjustments",
      "/v1/inventory/listings",
      "/v1/inventory/listings/{storeId}/{sku}",
      "/v1/inventory/policy",
      "/v1/inventory/reconciliations",
      "/v1/inventory/reconciliations/{id}",
      "/v1/inventory/{sku}",
      "/v1/orders",
      "/v1/orders/{id}",
      "/v1/orders/{id}/trace",
      "/v1/stores",
      "/v1/stores/{id}",
      "/v1/stores/{id}/admin-access-token",
      "/v1/stores/{id}/webhook-secret",
      "/v1/traces/{correlationId}",
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

  it("describes the ERP connection and mapping routes with their methods, scopes and schemas", async () => {
    const doc = (await (await api("/v1/openapi.json")).json()) as OpenApiDocument;
    const methods = (path: string) => Object.keys(doc.paths[path] ?? {}).sort();
    expect(methods("/v1/erp-connections")).toEqual(["get", "post"]);
    expect(methods("/v1/erp-connections/{id}")).toEqual(["get", "patch"]);
    expect(methods("/v1/erp-connections/{id}/mappings")).toEqual(["get", "put"]);
    expect(methods("/v1/erp-connections/{id}/mappings/{kind}/{key}")).toEqual(["delete"]);
    const scopes = (path: string, method: string) => doc.paths[path]?.[method]?.security;
    expect(scopes("/v1/erp-connections", "get")).toEqual([{ bearerAuth: ["erp:read"] }]);
    expect(scopes("/v1/erp-connections", "post")).toEqual([{ bearerAuth: ["erp:write"] }]);
    expect(scopes("/v1/erp-connections/{id}", "get")).toEqual([{ bearerAuth: ["erp:read"] }]);
    expect(scopes("/v1/erp-connections/{id}", "patch")).toEqual([{ bearerAuth: ["erp:write"] }]);
    expect(scopes("/v1/erp-connections/{id}/mappings", "get")).toEqual([{ bearerAuth: ["erp:read"] }]);
    expect(scopes("/v1/erp-connections/{id}/mappings", "put")).toEqual([{ bearerAuth: ["erp:write"] }]);
    expect(scopes("/v1/erp-connections/{id}/mappings/{kind}/{key}", "delete")).toEqual([
      { bearerAuth: ["erp:write"] },
    ]);
    const create = doc.paths["/v1/erp-connections"]?.post;
    expect(create?.responses["201"]?.content).toHaveProperty(["application/json"]);
    expect(create?.responses["422"]?.content).toHaveProperty(["application/problem+json"]);
    expect(JSON.stringify(create)).toContain("idempotency-key");
    for (const name of [
      "ErpConnection",
      "CreateErpConnectionRequest",
      "UpdateErpConnectionRequest",
      "ErpMapping",
      "PutErpMappingsRequest",
      "ErpLimits",
    ]) {
      expect(doc.components.schemas[name], name).toBeDefined();
    }
    // The answer names credential fields; the values exist only on the (write-only) requests.
    const connection = doc.components.schemas.ErpConnection as { properties: Record<string, unknown> };
    expect(Object.keys(connection.properties)).toContain("credentialFields");
    expect(Object.keys(connection.properties)).not.toContain("credentials");
    const request = doc.components.schemas.CreateErpConnectionRequest as {
      properties: Record<string, { writeOnly?: boolean }>;
    };
    expect(request.properties.credentials?.writeOnly).toBe(true);
  });
});
