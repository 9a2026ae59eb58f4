import { beforeEach, describe, expect, it } from "vitest";
import { type ErpMappings, emptyMappings } from "../../shared/erp";
import { createAuthorizer } from "../../workers/erp-sync/src/adapters/netsuite/auth";
import { createClient } from "../../workers/erp-sync/src/adapters/netsuite/client";
import { suiteql } from "../../workers/erp-sync/src/adapters/netsuite/suiteql";
import { testAdjustment, testFulfillment, testOrder } from "../support/netsuite-documents";
import { FLOW_MAPPINGS, OutboxFlow } from "./netsuite-flow";
import { claimFor, netsuiteAdapter, resetSandbox, sandboxFetch, tbaConnection } from "./sandbox-netsuite";

const withGl = (extra: Partial<ErpMappings>): ErpMappings => ({ ...FLOW_MAPPINGS, ...extra });

async function adjust(
  mappings: ErpMappings,
  externalId: string,
  sku: string,
  locationId: string,
  quantityDelta: number,
) {
  const adapter = netsuiteAdapter(tbaConnection(mappings));
  const adjustment = testAdjustment({ externalId, sku, locationId, quantityDelta });
  const result = await adapter.push(claimFor({ kind: "inventory_adjustment", adjustment }));
  if (!result.ok) throw new Error(result.message);
}

describe("NetSuite adapter: read-back", () => {
  beforeEach(async () => {
    await resetSandbox();
  });

  it("reads on hand by SKU and mesh location: unmapped by external id, mapped through the reverse of the mappings", async () => {
    await adjust(FLOW_MAPPINGS, "A1", "SKU-1", "loc-a", 10);
    await adjust(FLOW_MAPPINGS, "A2", "SKU-2", "loc-b", 3);
    // A retailer's own item and warehouse, known to the connection by mapping only.
    const mapped = withGl({
      item: { "SKU-9": "9001" },
      location: { "loc-main": { warehouse: "17", subsidiary: null } },
    });
    await adjust(mapped, "A3", "SKU-9", "loc-main", 5);
    const adapter = netsuiteAdapter(tbaConnection(mapped));

    const all = await adapter.readOnHand({ skus: null });
    expect(all).toEqual({
      ok: true,
      value: expect.arrayContaining([
        { sku: "SKU-1", locationId: "loc-a", erpLocation: expect.any(String), onHand: 10 },
        { sku: "SKU-2", locationId: "loc-b", erpLocation: expect.any(String), onHand: 3 },
        { sku: "SKU-9", locationId: "loc-main", erpLocation: "17", onHand: 5 },
      ]),
    });
    if (!all.ok) throw new Error("read failed");
    expect(all.value).toHaveLength(3);
    const some = await adapter.readOnHand({ skus: ["SKU-9", "SKU-2", "SKU-unknown"] });
    expect(some.ok && some.value.map((l) => [l.sku, l.onHand]).sort()).toEqual([
      ["SKU-2", 3],
      ["SKU-9", 5],
    ]);
  });

  it("shipments lower on hand at their location", async () => {
    const order = testOrder();
    await adjust(FLOW_MAPPINGS, "A1", "IPOD2008RED", "loc-main", 10);
    const flow = new OutboxFlow(netsuiteAdapter(tbaConnection(FLOW_MAPPINGS)));
    await flow.pushAll([
      { kind: "sales_order", order },
      { kind: "fulfillment", order, fulfillment: testFulfillment(order) },
    ]);
    const levels = await netsuiteAdapter(tbaConnection(FLOW_MAPPINGS)).readOnHand({ skus: ["IPOD2008RED"] });
    expect(levels).toEqual({
      ok: true,
      value: [{ sku: "IPOD2008RED", locationId: "loc-main", erpLocation: expect.any(String), onHand: 9 }],
    });
  });

  it("reads order status from the sales order and what its fulfilments shipped", async () => {
    const order = testOrder();
    const flow = new OutboxFlow(netsuiteAdapter());
    const [soId = ""] = await flow.pushAll([{ kind: "sales_order", order }]);
    const adapter = netsuiteAdapter(tbaConnection({ ...emptyMappings(), item: {} }));
    const read = async () => {
      const result = await adapter.readOrderStatus([{ docKey: "sales_order:x", erpId: soId }]);
      if (!result.ok) throw new Error(result.message);
      return result.value[0];
    };
    expect(await read()).toEqual({ docKey: "sales_order:x", erpId: soId, status: "open", shipped: [] });
    await flow.pushAll([{ kind: "fulfillment", order, fulfillment: testFulfillment(order) }]);
    expect(await read()).toMatchObject({
      status: "partially_fulfilled",
      shipped: [{ sku: "IPOD2008RED", quantity: 1 }],
    });
    const rest = testFulfillment(order, {
      externalId: "F2",
      lines: [
        { externalLineId: "466157049", sku: "IPOD2008GREEN", quantity: 1 },
        { externalLineId: "518995019", sku: "IPOD2008RED", quantity: 1 },
      ],
    });
    await flow.pushAll([{ kind: "fulfillment", order, fulfillment: rest }]);
    expect(await read()).toMatchObject({
      status: "fulfilled",
      shipped: expect.arrayContaining([
        { sku: "IPOD2008GREEN", quantity: 1 },
        { sku: "IPOD2008RED", quantity: 2 },
      ]),
    });
    const none = await adapter.readOrderStatus([{ docKey: "sales_order:gone", erpId: "999999" }]);
    expect(none).toEqual({ ok: true, value: [] });
  });

  it("reports a cancelled order (every line closed, nothing shipped) as cancelled", async () => {
    const order = testOrder({ status: "cancelled", cancelledAt: "2026-11-21T00:00:00Z" });
    const result = await netsuiteAdapter().push(claimFor({ kind: "sales_order", order }));
    if (!result.ok) throw new Error(result.message);
    const status = await netsuiteAdapter().readOrderStatus([{ docKey: "k", erpId: result.erpId }]);
    expect(status).toMatchObject({ ok: true, value: [{ status: "cancelled" }] });
  });

  it("pages through SuiteQL results until hasMore is false", async () => {
    for (const n of [1, 2, 3, 4, 5]) await adjust(FLOW_MAPPINGS, `P${n}`, `SKU-${n}`, "loc-a", n);
    const connection = tbaConnection();
    const deps = { fetch: sandboxFetch, now: () => Date.now(), timeoutMs: 4000 };
    const client = createClient(
      "https://1234567-sb1.suitetalk.api.netsuite.com",
      createAuthorizer(connection, "", deps),
      deps,
    );
    const rows = await suiteql(
      { client, connection, now: deps.now },
      "SELECT id, externalid FROM item ORDER BY id",
      2,
    );
    expect(rows.ok && rows.rows.map((r) => r.externalid)).toEqual([
      "SKU-1",
      "SKU-2",
      "SKU-3",
      "SKU-4",
      "SKU-5",
    ]);
  });
});
