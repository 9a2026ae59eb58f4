import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Order } from "../../shared/canonical";
import { erpOutbox } from "../../shared/db/schema";
import { salesOrderKey } from "../../shared/erp";
import { newId } from "../../shared/ids";
import { MeshInternal } from "../../workers/core/src/internal/mesh-internal";
import { db, seedOrder } from "./api-helpers";
import { createConnection, plainOrder, rowByKey } from "./erp-helpers";
import { apply, ingestedOrder, observedOrder, orderStatusObserved, T } from "./erp-observed-events";

describe("MeshInternal.listErpOrdersForReadBack", () => {
  /** An order and its sales order row in `connectionId`, written (`erpId`) or still waiting (null). */
  async function salesOrderIn(connectionId: string, n: number, erpId: string | null): Promise<Order> {
    const at = Date.UTC(2026, 10, 22, 8, 0, n);
    const storeId = "sto_read_back";
    const externalId = `RB-${connectionId.slice(-6)}-${n}`;
    const orderId = await seedOrder({ at, storeId, externalId });
    const order = plainOrder({ storeId, externalId });
    await db.insert(erpOutbox).values({
      id: newId("obx", at),
      connectionId,
      kind: "sales_order",
      docKey: salesOrderKey(order),
      orderId,
      dependsOn: "[]",
      document: JSON.stringify({ kind: "sales_order", order }),
      version: 1,
      status: erpId ? "done" : "pending",
      attempts: erpId ? 1 : 0,
      nextAttemptAt: at,
      correlationId: `corr-${externalId}`,
      erpId,
      createdAt: at,
      updatedAt: at,
    });
    return order;
  }

  it("offers the written sales orders whose status is not final, least recently observed first", async () => {
    const { id: c } = await createConnection();
    const never = await salesOrderIn(c, 1, "SO-1");
    const fulfilled = await salesOrderIn(c, 2, "SO-2");
    const cancelled = await salesOrderIn(c, 3, "SO-3");
    const closed = await salesOrderIn(c, 4, "SO-4");
    const lately = await salesOrderIn(c, 5, "SO-5");
    const earlier = await salesOrderIn(c, 6, "SO-6");
    await salesOrderIn(c, 7, null);
    const elsewhere = await createConnection({ kind: "tryton" });
    await salesOrderIn(elsewhere.id, 8, "SO-8");
    await apply(
      orderStatusObserved(c, T(10), [
        observedOrder(fulfilled, "fulfilled", "SO-2"),
        observedOrder(cancelled, "cancelled", "SO-3"),
        observedOrder(closed, "closed", "SO-4"),
        observedOrder(lately, "open", "SO-5"),
      ]),
      orderStatusObserved(c, T(5), [observedOrder(earlier, "partially_fulfilled", "SO-6")]),
    );
    const internal = new MeshInternal(createExecutionContext(), env);
    expect(await internal.listErpOrdersForReadBack({ connectionId: c, limit: 10 })).toEqual([
      { docKey: salesOrderKey(never), erpId: "SO-1" },
      { docKey: salesOrderKey(earlier), erpId: "SO-6" },
      { docKey: salesOrderKey(lately), erpId: "SO-5" },
    ]);
    expect(await internal.listErpOrdersForReadBack({ connectionId: c, limit: 2 })).toHaveLength(2);
    expect(await internal.listErpOrdersForReadBack({ connectionId: elsewhere.id, limit: 10 })).toEqual([
      { docKey: expect.stringMatching(/-8$/), erpId: "SO-8" },
    ]);
  });

  it("offers a sales order the ingest pipeline queued once erp-sync has written it", async () => {
    const { connectionId, order } = await ingestedOrder();
    const internal = new MeshInternal(createExecutionContext(), env);
    expect(await internal.listErpOrdersForReadBack({ connectionId, limit: 10 })).toEqual([]);
    const [claim] = await internal.claimOutbox({ connectionId, limit: 10, leaseMs: 60_000 });
    if (claim?.kind !== "sales_order") throw new Error("no sales order claim");
    await internal.completeOutbox({
      id: claim.id,
      leaseToken: claim.leaseToken,
      version: claim.version,
      erpSystem: "netsuite",
      erpId: "SO-900",
      erpNumber: null,
      durationMs: 1,
    });
    expect((await rowByKey(salesOrderKey(order)))?.status).toBe("done");
    expect(await internal.listErpOrdersForReadBack({ connectionId, limit: 10 })).toEqual([
      { docKey: salesOrderKey(order), erpId: "SO-900" },
    ]);
  });
});
