import { beforeEach, describe, expect, it } from "vitest";
import type { Order } from "../../shared/canonical";
import type { FetchLike } from "../../workers/erp-sync/src/adapters/erp-adapter";
import {
  customerDoc,
  FULFILLMENT,
  fulfillmentDoc,
  LOCATIONS,
  ORDER,
  orderDoc,
} from "./oracle-fusion-documents";
import { pushOk } from "./oracle-fusion-flow";
import {
  claimOf,
  oracleAdapter,
  oracleConnection,
  podRecords,
  podRequests,
  resetPod,
} from "./oracle-fusion-harness";
import { sandboxFetch } from "./sandbox-env";

/**
 * A sales order's life in the Order Hub: created at its outbox version, revised by PATCH with a higher
 * SourceTransactionRevisionNumber, partially and fully cancelled by lowering quantities. A version
 * Fusion already holds is never written again, and "already exists" is read back, not reported.
 */
const adapter = oracleAdapter(oracleConnection({ location: LOCATIONS }));

async function customer(): Promise<string> {
  return (await pushOk(adapter, customerDoc())).erpId;
}

async function heldOrder() {
  const [order] = await podRecords("salesOrdersForOrderHub");
  if (!order) throw new Error("no order in the pod");
  return order;
}

function withLine(index: number, change: Partial<Order["lines"][number]>, extra: Partial<Order> = {}): Order {
  return {
    ...ORDER,
    ...extra,
    lines: ORDER.lines.map((line, i) => (i === index ? { ...line, ...change } : line)),
  };
}

describe("Oracle Fusion sales order lifecycle", () => {
  beforeEach(async () => {
    await resetPod();
  });

  it("revises an update once, at its version, and ignores stale versions", async () => {
    const refs = { customer: await customer() };
    const created = await adapter.push(claimOf(orderDoc(), refs, { version: 1 }));
    const update = claimOf(orderDoc(withLine(1, { quantity: 3 })), refs, {
      version: 2,
      erpId: created.ok ? created.erpId : null,
    });
    expect(await adapter.push(update)).toEqual(created);
    expect(await adapter.push(update)).toEqual(created);
    expect(await adapter.push(claimOf(orderDoc(), refs, { version: 1 }))).toEqual(created);
    const order = await heldOrder();
    expect(order.writeCount).toBe(2);
    expect(order.body).toMatchObject({
      SourceTransactionRevisionNumber: 2,
      lines: [{ OrderedQuantity: 1 }, { OrderedQuantity: 3 }],
    });
  });

  it("settles concurrent pushes of one update on one revision", async () => {
    const refs = { customer: await customer() };
    await adapter.push(claimOf(orderDoc(), refs, { version: 1 }));
    const update = claimOf(orderDoc(withLine(1, { quantity: 3 })), refs, { version: 2 });
    const results = await Promise.all([adapter.push(update), adapter.push(update), adapter.push(update)]);
    expect(results.every((r) => r.ok)).toBe(true);
    const order = await heldOrder();
    expect(order.body.SourceTransactionRevisionNumber).toBe(2);
    expect(order.writeCount).toBe(2);
  });

  it("cancels part of a line, then the whole order", async () => {
    const refs = { customer: await customer() };
    await adapter.push(claimOf(orderDoc(), refs, { version: 1 }));
    await adapter.push(claimOf(orderDoc(withLine(1, { cancelledQuantity: 1 })), refs, { version: 2 }));
    expect((await heldOrder()).body.lines).toMatchObject([
      { OrderedQuantity: 1 },
      { OrderedQuantity: 1, CanceledQuantity: 1 },
    ]);
    const cancelled: Order = {
      ...ORDER,
      status: "cancelled",
      cancelReason: "customer",
      cancelledAt: "2026-11-21T00:00:00Z",
    };
    expect(await adapter.push(claimOf(orderDoc(cancelled), refs, { version: 3 }))).toMatchObject({
      ok: true,
    });
    expect(await adapter.push(claimOf(orderDoc(cancelled), refs, { version: 4 }))).toMatchObject({
      ok: true,
    });
    const order = await heldOrder();
    expect(order.body).toMatchObject({ StatusCode: "CANCELED", SourceTransactionRevisionNumber: 3 });
    expect(order.writeCount).toBe(3);
  });

  it("creates an order that arrives already partially cancelled with only its open quantity", async () => {
    await adapter.push(
      claimOf(orderDoc(withLine(1, { cancelledQuantity: 2 })), { customer: await customer() }),
    );
    expect((await heldOrder()).body.lines).toMatchObject([
      { OrderedQuantity: 1 },
      { OrderedQuantity: 0, StatusCode: "CANCELED" },
    ]);
  });

  it("reads an existing order back when Fusion answers the create with its duplicate error", async () => {
    const refs = { customer: await customer() };
    const first = await adapter.push(claimOf(orderDoc(), refs));
    // The next look-up misses (as a look-up racing another push would), so the adapter tries to create.
    let blind = true;
    const missingLookup: FetchLike = async (request) => {
      if (blind && request.method === "GET" && request.url.includes("?q=")) {
        blind = false;
        return new Response(JSON.stringify({ items: [], count: 0, hasMore: false, limit: 100, offset: 0 }), {
          headers: { "content-type": "application/vnd.oracle.adf.resourcecollection+json" },
        });
      }
      return sandboxFetch(request);
    };
    const second = await oracleAdapter(oracleConnection(), missingLookup).push(claimOf(orderDoc(), refs));
    expect(second).toEqual(first);
    expect(await podRecords("salesOrdersForOrderHub")).toHaveLength(1);
    expect((await podRequests()).map((r) => r.outcome)).toContain("rejected:SANDBOX-DUPLICATE-SOURCE-ORDER");
  });

  it("parks a cancellation Fusion refuses because the units already shipped, with Fusion's message", async () => {
    const refs = { customer: await customer() };
    const order = await adapter.push(claimOf(orderDoc(), refs, { version: 1 }));
    if (!order.ok) throw new Error(order.message);
    await pushOk(adapter, fulfillmentDoc(FULFILLMENT), { sales_order: order.erpId });
    const cancelled: Order = { ...ORDER, status: "cancelled" };
    const refused = await adapter.push(claimOf(orderDoc(cancelled), refs, { version: 2 }));
    expect(refused).toMatchObject({ ok: false, errorClass: "business", httpStatus: 400 });
    if (refused.ok) return;
    const text = "You can't reduce the ordered quantity of line 1 to 0 because 1 have already been shipped.";
    expect(refused.message).toBe(`Oracle Fusion 400 on sales order revision 2: ${text}`);
    expect(JSON.parse(refused.detail ?? "{}")).toMatchObject({ "o:errorDetails": [{ detail: text }] });
  });

  it("refuses a discount that cannot be priced per unit, before calling Fusion", async () => {
    const odd = withLine(1, {
      discountAllocations: [{ source: "X", amount: { amount: 101, currency: "USD" } }],
    });
    const result = await adapter.push(claimOf(orderDoc(odd), { customer: await customer() }));
    expect(result).toMatchObject({ ok: false, errorClass: "validation" });
    expect(await podRecords("salesOrdersForOrderHub")).toHaveLength(0);
  });
});
