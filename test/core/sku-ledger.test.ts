import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { SkuLedger } from "../../workers/core/src/inventory/sku-ledger";

const ledger = (sku: string) => (env.SKU_LEDGER as DurableObjectNamespace<SkuLedger>).getByName(sku);
const request = (lineKey: string, quantity: number, version = 1) => ({
  lineKey,
  orderRef: lineKey,
  storeId: "sto_a",
  channel: "shopify",
  quantity,
  version,
  correlationId: "c",
  hold: false,
});

describe("SkuLedger", () => {
  it("reserves exactly the stock under concurrent demand and marks the rest short", async () => {
    const stub = ledger("SKU-CONCURRENT");
    await stub.setOnHand({ quantity: 5 });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => stub.reserve(request(`line-${i}`, 1))),
    );
    expect(results.filter((r) => r.status === "reserved")).toHaveLength(5);
    expect(results.filter((r) => r.status === "backordered")).toHaveLength(15);
    const snap = await stub.snapshot();
    expect(snap).toMatchObject({ onHand: 5, reserved: 5, available: 0 });
  });

  it("never reserves the same line twice, even when the request repeats concurrently", async () => {
    const stub = ledger("SKU-IDEMPOTENT");
    await stub.setOnHand({ quantity: 10 });
    const results = await Promise.all([1, 2, 3].map(() => stub.reserve(request("line-a", 3))));
    expect(results.every((r) => r.status === "reserved" && r.reservedQuantity === 3)).toBe(true);
    expect(results.filter((r) => !r.unchanged)).toHaveLength(1);
    expect((await stub.snapshot()).reserved).toBe(3);
  });

  it("re-evaluates a line whose quantity changed, without counting its own hold against it", async () => {
    const stub = ledger("SKU-CHANGE");
    await stub.setOnHand({ quantity: 4 });
    await stub.reserve(request("line-b", 3, 1));
    const grown = await stub.reserve(request("line-b", 4, 2));
    expect(grown).toMatchObject({ status: "reserved", reservedQuantity: 4, available: 0 });
    const tooMuch = await stub.reserve(request("line-b", 5, 3));
    expect(tooMuch).toMatchObject({ status: "backordered", reservedQuantity: 0, available: 4 });
  });

  it("releases once and ignores an older reserve that arrives after the release", async () => {
    const stub = ledger("SKU-RELEASE");
    await stub.setOnHand({ quantity: 2 });
    await stub.reserve(request("line-c", 2, 1));
    const released = await stub.release({ lineKey: "line-c", orderRef: "o", version: 2, correlationId: "c" });
    expect(released).toMatchObject({
      status: "released",
      reservedQuantity: 0,
      available: 2,
      unchanged: false,
    });
    const again = await stub.release({ lineKey: "line-c", orderRef: "o", version: 2, correlationId: "c" });
    expect(again.unchanged).toBe(true);
    const late = await stub.reserve(request("line-c", 2, 1));
    expect(late).toMatchObject({ status: "released", unchanged: true, available: 2 });
  });

  it("records demand as untracked while the SKU's stock is unknown, then holds it once stock is known", async () => {
    const stub = ledger("SKU-UNKNOWN");
    const first = await stub.reserve(request("line-d", 1));
    expect(first).toMatchObject({ status: "untracked", reservedQuantity: 0, available: null });
    await stub.setOnHand({ quantity: 1 });
    const replay = await stub.reserve(request("line-d", 1));
    expect(replay).toMatchObject({ status: "reserved", reservedQuantity: 1, available: 0 });
  });
});
