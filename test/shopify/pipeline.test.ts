import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MeshEvent } from "../../shared/canonical";
import type { StoreCredentials } from "../../shared/internal-api";
import worker from "../../workers/shopify/src/index";
import fulfillmentCreate from "../fixtures/shopify/fulfillments-create.json?raw";
import orderCreate from "../fixtures/shopify/orders-create.json?raw";
import refundSplitTender from "../fixtures/shopify/refunds-create-split-tender.json?raw";
import refundUnbalanced from "../fixtures/shopify/refunds-create-unbalanced.json?raw";
import { fakeCore, newStore, shopifyWebhook, watchEvents } from "./support";

afterEach(() => {
  vi.restoreAllMocks();
});

/** Delivers a signed webhook to the worker's edge and returns the correlation id it answered with. */
async function deliver(store: StoreCredentials, topic: string, body: string): Promise<string> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(await shopifyWebhook(store, { topic, body }), env, ctx);
  await waitOnExecutionContext(ctx);
  expect(response.status).toBe(200);
  return (await response.json<{ correlationId: string }>()).correlationId;
}

/** The events of one store that reached mesh-events, once `count` of them have. */
async function eventsOf(events: ReturnType<typeof watchEvents>, storeId: string, count: number) {
  await vi.waitFor(() => expect(events.of(storeId)).toHaveLength(count), { timeout: 10_000, interval: 50 });
  return events.of(storeId);
}

// The worker's own queue consumer is bound to shopify-inbox (wrangler.toml), so a delivery accepted
// at the edge travels through the real local queue to the consumer, which claims it in the ledger,
// archives it to R2 and sends its event on to mesh-events.
describe("edge to mesh-events through the real inbox queue", () => {
  it("a signed orders/create comes out as one order.created with the intake's correlation id, archived", async () => {
    const store = await newStore();
    const events = vi.spyOn(env.EVENTS, "send");
    const correlationId = await deliver(store, "orders/create", orderCreate);

    await vi.waitFor(() => expect(events).toHaveBeenCalledTimes(1), { timeout: 10_000, interval: 50 });
    const event = MeshEvent.parse(events.mock.calls[0]?.[0]);
    expect(event).toMatchObject({ type: "order.created", storeId: store.storeId, correlationId });
    const listing = await env.ARCHIVE.list({ prefix: `shopify/${store.storeId}/` });
    expect(listing.objects.map((o) => o.key)).toEqual([event.intake?.archiveKey]);
  });

  it("a signed refunds/create comes out as one refund.created, its tenders separate and exact", async () => {
    const store = await newStore();
    const events = watchEvents();
    const correlationId = await deliver(store, "refunds/create", refundSplitTender);

    const [event] = await eventsOf(events, store.storeId, 1);
    expect(event).toMatchObject({
      type: "refund.created",
      correlationId,
      intake: { topic: "refunds/create" },
      data: {
        storeId: store.storeId,
        orderExternalId: "450789469",
        externalId: "509562970",
        total: { amount: 39929, currency: "USD" },
      },
    });
    if (event?.type !== "refund.created") throw new Error("expected a refund.created");
    expect(event.data.transactions.map((t) => [t.gateway, t.amount.amount])).toEqual([
      ["gift_card", 10000],
      ["shopify_payments", 29929],
    ]);
  });

  it("a signed fulfillments/create comes out as one fulfillment.upserted for the order's line", async () => {
    const store = await newStore();
    const events = watchEvents();
    const correlationId = await deliver(store, "fulfillments/create", fulfillmentCreate);

    const [event] = await eventsOf(events, store.storeId, 1);
    expect(event).toMatchObject({
      type: "fulfillment.upserted",
      correlationId,
      data: {
        storeId: store.storeId,
        orderExternalId: "450789469",
        externalId: "1069019878",
        status: "shipped",
        locationId: "24826418",
        lines: [{ externalLineId: "518995019", sku: "IPOD2008RED", quantity: 1 }],
      },
    });
  });

  it("a signed refunds/create that does not balance sends nothing and is parked in core with the reason", async () => {
    const store = await newStore();
    const events = watchEvents();
    const correlationId = await deliver(store, "refunds/create", refundUnbalanced);

    await vi.waitFor(
      async () => {
        const parked = (await fakeCore.parkedExceptions()).filter((p) => p.storeId === store.storeId);
        expect(parked).toEqual([
          expect.objectContaining({
            kind: "validation",
            source: "shopify-inbox",
            correlationId,
            reason: "Shopify refund 509562969 of order 450789469 does not balance",
            detail: expect.stringContaining("sum to 209.00 USD"),
          }),
        ]);
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(events.of(store.storeId)).toEqual([]);
  });
});
