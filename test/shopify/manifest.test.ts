import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { emittedEvents, eventTypeFor, renderManifestTables } from "../../shared/connector/manifest";
import readme from "../../workers/shopify/README.md?raw";
import worker from "../../workers/shopify/src/index";
import { shopifyManifest } from "../../workers/shopify/src/manifest";

describe("the Shopify manifest is the one declaration", () => {
  it("the README tables are generated from it (regenerate them when this fails)", () => {
    const block = /<!-- manifest:start -->\n([\s\S]*?)\n<!-- manifest:end -->/.exec(readme)?.[1];
    expect(block).toBe(renderManifestTables(shopifyManifest));
  });

  it("maps orders, fulfilments and refunds, and records everything else (returns too) as unsupported", () => {
    expect(emittedEvents(shopifyManifest)).toEqual([
      "order.created",
      "order.updated",
      "order.cancelled",
      "fulfillment.upserted",
      "refund.created",
      "delivery.unsupported",
    ]);
    expect(eventTypeFor(shopifyManifest, "orders/cancelled")).toBe("order.cancelled");
    expect(eventTypeFor(shopifyManifest, "fulfillments/update")).toBe("fulfillment.upserted");
    expect(eventTypeFor(shopifyManifest, "refunds/create")).toBe("refund.created");
    expect(eventTypeFor(shopifyManifest, "returns/request")).toBeNull();
    expect(eventTypeFor(shopifyManifest, "products/update")).toBeNull();
    expect(eventTypeFor(shopifyManifest, "constructor")).toBeNull();
  });

  it("routes only its webhook path; anything else is a problem+json 404", async () => {
    const ctx = createExecutionContext();
    const response = await worker.fetch(
      new Request("https://shopify.mesh.test/shopify/sto_x/other", { method: "POST" }),
      env,
      ctx,
    );
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const get = await worker.fetch(new Request("https://shopify.mesh.test/shopify/sto_x/webhooks"), env, ctx);
    expect(get.status).toBe(404);
  });
});
