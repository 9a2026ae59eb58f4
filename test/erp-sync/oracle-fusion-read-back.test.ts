import { beforeEach, describe, expect, it } from "vitest";
import type { Fulfillment, Order } from "../../shared/canonical";
import {
  ADJUSTMENT,
  adjustmentDoc,
  FULFILLMENT,
  fulfillmentDoc,
  LOCATIONS,
  ORDER,
  orderDoc,
} from "./oracle-fusion-documents";
import { pushOk, pushOrderChain } from "./oracle-fusion-flow";
import { claimOf, oracleAdapter, oracleConnection, resetPod } from "./oracle-fusion-harness";

/** On-hand from inventoryOnhandBalances and order status from the order's own lines. */
describe("Oracle Fusion adapter: read-backs", () => {
  const adapter = oracleAdapter(
    oracleConnection({ location: LOCATIONS, item: { IPOD2008GREEN: "AS54888" } }),
  );

  beforeEach(async () => {
    await resetPod();
  });

  it("reads on-hand per SKU and organization, mapped back to mesh locations", async () => {
    await pushOk(adapter, adjustmentDoc());
    await pushOk(adapter, adjustmentDoc({ ...ADJUSTMENT, externalId: "adj-2", quantityDelta: -4 }));
    await pushOk(
      adapter,
      adjustmentDoc({
        ...ADJUSTMENT,
        externalId: "adj-3",
        sku: "IPOD2008GREEN",
        locationId: "store-9",
        quantityDelta: 2,
      }),
    );
    const all = await adapter.readOnHand({ skus: null });
    expect(all).toEqual({
      ok: true,
      value: expect.arrayContaining([
        { sku: "IPOD2008RED", locationId: "loc-east", erpLocation: "M1", onHand: 6 },
        { sku: "IPOD2008GREEN", locationId: null, erpLocation: "store-9", onHand: 2 },
      ]),
    });
    if (all.ok) expect(all.value).toHaveLength(2);
    expect(await adapter.readOnHand({ skus: ["IPOD2008GREEN"] })).toEqual({
      ok: true,
      value: [{ sku: "IPOD2008GREEN", locationId: null, erpLocation: "store-9", onHand: 2 }],
    });
  });

  it("follows an order from open to partially and fully fulfilled", async () => {
    const { order } = await pushOrderChain(adapter);
    const query = [{ docKey: "sales_order:x", erpId: order.erpId }];
    expect(await adapter.readOrderStatus(query)).toEqual({
      ok: true,
      value: [{ ...query[0], status: "open", shipped: [] }],
    });
    await pushOk(adapter, fulfillmentDoc(), { sales_order: order.erpId });
    expect(await adapter.readOrderStatus(query)).toMatchObject({
      ok: true,
      value: [
        {
          status: "partially_fulfilled",
          shipped: [
            { sku: "IPOD2008GREEN", quantity: 1 },
            { sku: "IPOD2008RED", quantity: 1 },
          ],
        },
      ],
    });
    const rest: Fulfillment = {
      ...FULFILLMENT,
      externalId: "2",
      lines: [{ externalLineId: "518995019", sku: "IPOD2008RED", quantity: 1 }],
    };
    await pushOk(adapter, fulfillmentDoc(rest), { sales_order: order.erpId });
    expect(await adapter.readOrderStatus(query)).toMatchObject({
      ok: true,
      value: [{ status: "fulfilled" }],
    });
  });

  it("reads a cancelled order as cancelled", async () => {
    const { order, customer } = await pushOrderChain(adapter);
    const cancelled: Order = { ...ORDER, status: "cancelled" };
    await pushOk(adapter, orderDoc(cancelled), { customer: customer.erpId });
    expect(
      await adapter.push(claimOf(orderDoc(cancelled), { customer: customer.erpId }, { version: 2 })),
    ).toMatchObject({ ok: true });
    expect(await adapter.readOrderStatus([{ docKey: "k", erpId: order.erpId }])).toMatchObject({
      ok: true,
      value: [{ status: "cancelled" }],
    });
  });
});
