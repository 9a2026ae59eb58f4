import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import readme from "../../workers/shopify/README.md?raw";
import {
  ADMIN_API_VERSION,
  adminGraphqlUrl,
  createAdminClient,
  retryAfterSeconds,
  throttleSeconds,
} from "../../workers/shopify/src/client";
import worker from "../../workers/shopify/src/index";
import { renderCommandTable, shopifyManifest } from "../../workers/shopify/src/manifest";
import { referenceDocumentUriFor } from "../../workers/shopify/src/push-identity";
import wrangler from "../../workers/shopify/wrangler.toml?raw";

describe("Admin GraphQL client", () => {
  it("targets Shopify's path under the base URL template: the real host, or the local sandbox", () => {
    expect(adminGraphqlUrl("https://{shop}", "acme.myshopify.com")).toBe(
      "https://acme.myshopify.com/admin/api/2026-10/graphql.json",
    );
    expect(adminGraphqlUrl("http://localhost:8790/shopify/{shop}/", "acme.myshopify.com")).toBe(
      "http://localhost:8790/shopify/acme.myshopify.com/admin/api/2026-10/graphql.json",
    );
    expect(ADMIN_API_VERSION).toBe("2026-10");
  });

  it("a throttled call waits for the points it lacks at the restore rate, within 1 to 60 s", () => {
    const body = (requested: number, available: number, restoreRate: number) => ({
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
      extensions: {
        cost: {
          requestedQueryCost: requested,
          actualQueryCost: null,
          throttleStatus: { maximumAvailable: 2000, currentlyAvailable: available, restoreRate },
        },
      },
    });
    expect(throttleSeconds(body(752, 666, 50))).toBe(2);
    expect(throttleSeconds(body(10, 10, 100))).toBe(1);
    expect(throttleSeconds(body(2000, 0, 10))).toBe(60);
    expect(throttleSeconds({ errors: [] })).toBe(2);
    expect(retryAfterSeconds("7")).toBe(7);
    expect(retryAfterSeconds("Thu, 26 Nov 2026 10:00:30 GMT", Date.parse("2026-11-26T10:00:00Z"))).toBe(30);
    expect(retryAfterSeconds("soon")).toBeNull();
  });

  it("sorts answers into data, throttled, unauthorized, transient and refused", async () => {
    const answer = (status: number, body: unknown) => async () =>
      new Response(typeof body === "string" ? body : JSON.stringify(body), { status });
    const call = (fetch: () => Promise<Response>) =>
      createAdminClient({
        baseUrl: "https://{shop}",
        shopDomain: "a.myshopify.com",
        accessToken: "t",
        fetch,
      }).request("query { shop { id } }", {}, z.object({ shop: z.object({ id: z.string() }) }));
    const gqlError = (code: string) => ({ errors: [{ message: code, extensions: { code } }] });

    expect(await call(answer(200, { data: { shop: { id: "gid://shopify/Shop/1" } } }))).toEqual({
      ok: true,
      data: { shop: { id: "gid://shopify/Shop/1" } },
    });
    const kind = async (fetch: () => Promise<Response>) => {
      const result = await call(fetch);
      return result.ok
        ? "ok"
        : [result.failure.kind, "status" in result.failure ? result.failure.status : null];
    };
    expect(await kind(answer(401, { errors: "[API] Invalid API key or access token" }))).toEqual([
      "unauthorized",
      401,
    ]);
    expect(await kind(answer(200, gqlError("ACCESS_DENIED")))).toEqual(["unauthorized", 200]);
    expect(await kind(answer(200, gqlError("INTERNAL_SERVER_ERROR")))).toEqual(["transient", 200]);
    expect(await kind(answer(502, "Bad Gateway"))).toEqual(["transient", 502]);
    expect(await kind(answer(200, "<html>"))).toEqual(["transient", 200]);
    expect(await kind(async () => Promise.reject(new Error("reset")))).toEqual(["transient", null]);
    expect(await kind(answer(200, gqlError("BAD_REQUEST")))).toEqual(["refused", 200]);
    expect(await kind(answer(200, { data: { shop: null } }))).toEqual(["refused", 200]);
    expect(await kind(answer(404, "Not Found"))).toEqual(["refused", 404]);
    expect(await kind(answer(423, "Locked"))).toEqual(["refused", 423]);
    const throttled = await call(answer(429, ""));
    expect(throttled.ok ? null : throttled.failure).toMatchObject({
      kind: "throttled",
      retryAfterSeconds: 2,
    });
  });

  it("the reference document is a URI with a scheme, the SKU percent-encoded", () => {
    expect(referenceDocumentUriFor({ sku: "TEE/RED M", sequence: 12 })).toBe(
      "mesh://inventory/TEE%2FRED%20M/12",
    );
  });
});

describe("the command side of the manifest", () => {
  it("the README's command table is generated from it (regenerate it when this fails)", () => {
    const block = /<!-- commands:start -->\n([\s\S]*?)\n<!-- commands:end -->/.exec(readme)?.[1];
    expect(block).toBe(renderCommandTable(shopifyManifest.commands));
  });

  it("wrangler.toml consumes its queue with a dead-letter queue, and names the Admin base URL", () => {
    const consumer = /\[\[queues\.consumers\]\]\nqueue = "shopify-commands"\n([\s\S]*?)(\n\n|$)/.exec(
      wrangler,
    )?.[1];
    expect(consumer).toContain('dead_letter_queue = "shopify-commands-dlq"');
    expect(consumer).toMatch(/max_retries = \d+/);
    expect(wrangler).toContain('SHOPIFY_ADMIN_BASE_URL = "https://{shop}"');
  });
});

describe("queue dispatch", () => {
  it("a batch from a queue the worker does not consume is retried whole, never acked", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const batch = createMessageBatch("shopify-elsewhere", [
      { id: "m-1", timestamp: new Date(0), attempts: 1, body: {} },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryBatch.retry).toBe(true);
    expect(result.explicitAcks).toEqual([]);
    vi.restoreAllMocks();
  });
});
