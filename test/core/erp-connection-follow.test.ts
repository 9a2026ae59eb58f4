import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  createConnection,
  createStore,
  deliver,
  deliverOrder,
  fulfillment,
  fulfillmentEvent,
  plainOrder,
  rowsOfStore,
} from "./erp-helpers";

describe("which connection an order's documents go to", () => {
  it("follows the order's sales order even after the default connection moved", async () => {
    const first = await createConnection({ isDefault: true });
    const storeId = await createStore(null);
    const order = plainOrder({ storeId, externalId: "FOLLOW-1", customer: null });
    await deliverOrder(order);
    const second = await createConnection({ isDefault: true });
    // A shipment of the old order: its sales order lives in the first ERP, so must the fulfilment.
    await deliver([fulfillmentEvent(order, fulfillment(order))]);
    // A new order of the same store goes to the new default.
    const later = plainOrder({ storeId, externalId: "FOLLOW-2", customer: null });
    await deliverOrder(later);
    const rows = (await rowsOfStore(storeId)).map((r) => [
      r.kind,
      r.doc_key.split(":").at(-1),
      r.connection_id,
    ]);
    expect(rows).toEqual(
      expect.arrayContaining([
        ["fulfillment", expect.any(String), first.id],
        ["sales_order", "FOLLOW-1", first.id],
        ["sales_order", "FOLLOW-2", second.id],
      ]),
    );
    expect(rows.filter((r) => r[0] === "fulfillment")).toHaveLength(1);
  });

  it("a new version of a parked order makes its ERP status pending again", async () => {
    await createConnection({ isDefault: true });
    const storeId = await createStore(null);
    const order = plainOrder({ storeId, externalId: "PARKED-1", customer: null });
    await deliverOrder(order);
    await env.DB.prepare("UPDATE orders SET erp_status = 'parked' WHERE store_id = ?").bind(storeId).run();
    await deliverOrder(
      { ...order, sourceUpdatedAt: "2026-11-21T10:00:00-05:00", note: "fixed" },
      "order.updated",
    );
    const row = await env.DB.prepare("SELECT erp_status FROM orders WHERE store_id = ?")
      .bind(storeId)
      .first<{ erp_status: string }>();
    expect(row?.erp_status).toBe("pending");
  });
});
