import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createApiApp } from "../../workers/core/src/api/app";
import { ADMIN, api, bearer, createApiKey, postJson } from "./api-helpers";

const onboarding = {
  channel: "shopify",
  name: "Scoped shop",
  shopDomain: "scoped-shop.myshopify.com",
  webhookSecret: "0123456789abcdef-scoped",
};

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = (await res.json()) as Record<string, unknown>;
  expect(body.status).toBe(status);
  expect(body.type).toMatch(/^https:\/\/mesh\.dev\/problems\//);
  return body;
}

describe("API authentication", () => {
  it("answers 401 with a Bearer challenge when no key is sent", async () => {
    const res = await api("/v1/stores");
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="mesh"');
    const body = await expectProblem(res, 401);
    expect(body.instance).toBe("/v1/stores");
  });

  it("answers 401 invalid_token for an unknown key, a revoked key and a non-Bearer scheme", async () => {
    const revoked = await createApiKey(["stores:read"], true);
    for (const authorization of ["Bearer not-a-key", `Bearer ${revoked}`, "Basic dGVzdC1hZG1pbi1rZXk6"]) {
      const res = await api("/v1/stores", { headers: { authorization } });
      await expectProblem(res, 401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer realm="mesh"/);
    }
    const unknown = await api("/v1/stores", { headers: { authorization: "Bearer not-a-key" } });
    expect(unknown.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("lets the admin key and scoped keys through to what their scopes allow", async () => {
    expect((await api("/v1/stores", { headers: ADMIN })).status).toBe(200);
    const reader = await createApiKey(["stores:read"]);
    expect((await api("/v1/stores", { headers: bearer(reader) })).status).toBe(200);
  });

  it("answers 403 insufficient_scope when the key lacks the route's scope", async () => {
    const reader = await createApiKey(["stores:read", "orders:read"]);
    const res = await postJson("/v1/stores", onboarding, bearer(reader));
    const body = await expectProblem(res, 403);
    expect(body.requiredScope).toBe("stores:write");
    expect(res.headers.get("www-authenticate")).toContain('error="insufficient_scope", scope="stores:write"');

    const storesOnly = await createApiKey(["stores:read"]);
    await expectProblem(await api("/v1/orders", { headers: bearer(storesOnly) }), 403);
  });

  it("ignores unknown scopes stored with a key", async () => {
    const odd = await createApiKey(["orders:read", "everything" as never]);
    await expectProblem(await api("/v1/stores", { headers: bearer(odd) }), 403);
  });
});

describe("API envelope", () => {
  it("echoes a caller's x-request-id and sets secure and no-store headers", async () => {
    const res = await api("/v1/stores", { headers: { ...ADMIN, "x-request-id": "req-abc-123" } });
    expect(res.headers.get("x-request-id")).toBe("req-abc-123");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("takes the request id from traceparent when there is no x-request-id", async () => {
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const res = await api("/v1/stores", {
      headers: { ...ADMIN, traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(res.headers.get("x-request-id")).toBe(traceId);
  });

  it("answers unknown /v1 routes with a 404 problem, after authentication", async () => {
    const missing = await api("/v1/nothing-here", { headers: { ...ADMIN, "x-request-id": "req-missing-1" } });
    expect(missing.headers.get("x-request-id")).toBe("req-missing-1");
    const body = await expectProblem(missing, 404);
    expect(body.requestId).toBe("req-missing-1");
    await expectProblem(await api("/v1/nothing-here"), 401);
    await expectProblem(await api("/v1/stores", { method: "DELETE", headers: ADMIN }), 404);
    await expectProblem(await api("/elsewhere"), 404);
  });

  it("keeps its problem rendering when mounted at / in another Hono app", async () => {
    const outer = new Hono<{ Bindings: CoreEnv }>();
    outer.route("/", createApiApp());
    await expectProblem(await outer.request("/v1/nothing-here", { headers: ADMIN }, env), 404);
    await expectProblem(await outer.request("/v1/orders", {}, env), 401);
    await expectProblem(await outer.request("/v1/orders?limit=0", { headers: ADMIN }, env), 422);
    expect((await outer.request("/v1/openapi.json", {}, env)).status).toBe(200);
  });
});
