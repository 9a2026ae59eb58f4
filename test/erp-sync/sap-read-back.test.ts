import { beforeEach, describe, expect, it } from "vitest";
import { erpIdOf, pushChain } from "./sap-chain";
import { adjustmentDoc, fulfillmentDoc, orderDoc } from "./sap-documents";
import { claimFor, resetSap, sapAdapter, sapConnection, sapMappings } from "./sap-sandbox";

describe("SAP adapter: read-back of stock and order status", () => {
  beforeEach(async () => {
    await resetSap();
  });

  it("reads unrestricted stock per plant and storage location, mapped back to SKUs and mesh locations", async () => {
    const mappings = sapMappings({ item: { "red-ipod": "IPOD2008RED" } });
    const adapter = sapAdapter(sapConnection(mappings));
    const { sales_order } = await pushChain(adapter, "sales_order");
    erpIdOf(await adapter.push(claimFor(adjustmentDoc({ sku: "red-ipod", quantityDelta: 5 }))));
    erpIdOf(
      await adapter.push(
        claimFor(adjustmentDoc({ externalId: "adj_2", sku: "red-ipod", quantityDelta: -1 })),
      ),
    );
    erpIdOf(await adapter.push(claimFor(fulfillmentDoc(), { sales_order })));

    const levels = await adapter.readOnHand({ skus: ["red-ipod"] });
    // 5 counted in, 1 taken out, 1 shipped (goods issue from the plant SAP determined: 1710/171A).
    expect(levels).toEqual({
      ok: true,
      value: [{ sku: "red-ipod", locationId: "loc_main", erpLocation: "1710/171A", onHand: 3 }],
    });
    const all = await adapter.readOnHand({ skus: null });
    expect(all.ok && all.value.map((l) => l.sku)).toEqual(["red-ipod"]);
  });

  it("reports an order open, partially fulfilled with what shipped, and cancelled", async () => {
    const adapter = sapAdapter();
    const { customer, sales_order } = await pushChain(adapter, "sales_order");
    if (!sales_order) throw new Error("no order");
    const query = [{ docKey: "sales_order:shopify:sto_test:450789469", erpId: sales_order }];
    expect(await adapter.readOrderStatus(query)).toEqual({
      ok: true,
      value: [{ ...query[0], status: "open", shipped: [] }],
    });

    erpIdOf(await adapter.push(claimFor(fulfillmentDoc(), { sales_order })));
    expect(await adapter.readOrderStatus(query)).toEqual({
      ok: true,
      value: [{ ...query[0], status: "partially_fulfilled", shipped: [{ sku: "IPOD2008RED", quantity: 1 }] }],
    });

    erpIdOf(await adapter.push(claimFor(orderDoc({ status: "cancelled" }), { customer }, sales_order)));
    const cancelled = await adapter.readOrderStatus(query);
    expect(cancelled.ok && cancelled.value[0]?.status).toBe("cancelled");
  });

  it("classifies a read of an unknown order as SAP's 404", async () => {
    const result = await sapAdapter().readOrderStatus([{ docKey: "sales_order:x", erpId: "424242" }]);
    expect(result).toMatchObject({ ok: false, errorClass: "business", httpStatus: 404 });
  });
});
