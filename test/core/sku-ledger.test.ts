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

  it("keeps a line cancelled when its order's creation, at the same one-second version, arrives after it", async () => {
    const stub = ledger("SKU-CANCEL-SAME-VERSION");
    await stub.setOnHand({ quantity: 3 });
    await stub.release({ lineKey: "line-e", orderRef: "o", version: 5, correlationId: "c" });
    const late = await stub.reserve(request("line-e", 2, 5));
    expect(late).toMatchObject({ status: "released", reservedQuantity: 0, unchanged: true, available: 3 });
    // Also when the line was reserved before it was cancelled at that version.
    await stub.reserve(request("line-f", 1, 7));
    await stub.release({ lineKey: "line-f", orderRef: "o", version: 7, correlationId: "c" });
    expect(await stub.reserve(request("line-f", 1, 7))).toMatchObject({
      status: "released",
      unchanged: true,
    });
    expect(await stub.snapshot()).toMatchObject({ reserved: 0, available: 3 });
    // A newer version of the order still counts.
    expect(await stub.reserve(request("line-f", 1, 8))).toMatchObject({ status: "reserved" });
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
