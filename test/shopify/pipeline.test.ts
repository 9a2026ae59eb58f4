import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MeshEvent } from "../../shared/canonical";
import worker from "../../workers/shopify/src/index";
import orderCreate from "../fixtures/shopify/orders-create.json?raw";
import { newStore, shopifyWebhook } from "./support";

afterEach(() => {
  vi.restoreAllMocks();
});

// The worker's own queue consumer is bound to shopify-inbox (wrangler.toml), so a delivery accepted
// at the edge travels through the real local queue to the consumer, which claims it in the ledger,
// archives it to R2 and sends its event on to mesh-events.
describe("edge to mesh-events through the real inbox queue", () => {
  it("a signed orders/create comes out as one order.created with the intake's correlation id, archived", async () => {
    const store = await newStore();
    const events = vi.spyOn(env.EVENTS, "send");
    const ctx = createExecutionContext();
    const response = await worker.fetch(await shopifyWebhook(store, { body: orderCreate }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(200);
    const { correlationId } = await response.json<{ correlationId: string }>();

    await vi.waitFor(() => expect(events).toHaveBeenCalledTimes(1), { timeout: 10_000, interval: 50 });
    const event = MeshEvent.parse(events.mock.calls[0]?.[0]);
    expect(event).toMatchObject({ type: "order.created", storeId: store.storeId, correlationId });
    const listing = await env.ARCHIVE.list({ prefix: `shopify/${store.storeId}/` });
    expect(listing.objects.map((o) => o.key)).toEqual([event.intake?.archiveKey]);
  });
});
