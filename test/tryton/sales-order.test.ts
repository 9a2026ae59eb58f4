import { describe, expect, it } from "vitest";
import type { OutboxClaim } from "../../shared/internal-api";
import { idsOf } from "../../workers/erp-sync/src/adapters/tryton/model-api";
import { claimFor, freshOrder, losingAnswerOf, tryton, trytonAdapter } from "./support";

/** sales_order against the real trytond: amounts to the cent, workflow, updates, cancellations. */
const api = tryton();

async function salesByReference(reference: string) {
  const ids = await api.search("sale.sale", [["reference", "=", reference]]);
  return api.read("sale.sale", ids, [
    "state",
    "total_amount",
    "shipment_state",
    "number",
    "lines",
    "shipments",
  ]);
}

async function referenceOf(claim: OutboxClaim) {
  const { referenceFor } = await import("../../workers/erp-sync/src/adapters/tryton/reference");
  return referenceFor(claim.docKey);
}

describe("sales_order", () => {
  it("creates, quotes, confirms and processes the sale with the channel's total to the cent", async () => {
    const claim = claimFor({ kind: "sales_order", order: freshOrder() });
    const result = await trytonAdapter().push(claim);
    expect(result).toMatchObject({ ok: true, erpNumber: expect.any(String) });

    const [sale] = await salesByReference(await referenceOf(claim));
    expect(sale).toMatchObject({
      state: "processing",
      shipment_state: "waiting",
      // 199.00 + 2 x 199.00 - 10.00 discount + 35.22 tax = the order's 622.22
      total_amount: { __class__: "Decimal", decimal: "622.22" },
    });
    const lines = await api.read("sale.line", sale?.lines as number[], [
      "product",
      "quantity",
      "amount",
      "note",
    ]);
    expect(lines.map((l) => [l.note, l.quantity, (l.amount as { decimal: string }).decimal])).toEqual([
      ["mesh:line:466157049", 1, "199.00"],
      ["mesh:discount:466157049:0", 1, "-10.00"],
      ["mesh:line:518995019", 2, "398.00"],
      ["mesh:tax:State Tax 0.06", 1, "35.22"],
    ]);
    expect(idsOf(sale?.shipments).length).toBe(1);
  });

  it("is pushed once however often the claim comes: twice, after a lost answer, and replayed", async () => {
    const claim = claimFor({ kind: "sales_order", order: freshOrder() });
    const losing = losingAnswerOf(/^model\.sale\.sale\.create$/);
    const lost = await trytonAdapter({ fetch: losing.fetch }).push(claim);
    expect(losing.dropped()).toBe(true);
    expect(lost).toMatchObject({ ok: false, errorClass: "transient", httpStatus: null });

    const retried = await trytonAdapter().push(claim);
    const again = await trytonAdapter().push(claim);
    const replayed = await trytonAdapter().push({
      ...claim,
      id: "obx_replay",
      erpId: retried.ok ? retried.erpId : null,
    });
    expect(retried.ok && again.ok && replayed.ok).toBe(true);
    if (!retried.ok || !again.ok || !replayed.ok) return;
    expect(new Set([retried.erpId, again.erpId, replayed.erpId]).size).toBe(1);
    const sales = await salesByReference(await referenceOf(claim));
    expect(sales).toHaveLength(1);
    expect(sales[0]?.state).toBe("processing");
    expect(idsOf(sales[0]?.shipments).length).toBe(1);
  });

  it("keeps an unpaid order a draft, rewrites it on update, and processes it once paid", async () => {
    const order = freshOrder({ financialStatus: "pending" });
    const adapter = trytonAdapter();
    const first = await adapter.push(claimFor({ kind: "sales_order", order }));
    expect(first.ok).toBe(true);
    const reference = await referenceOf(claimFor({ kind: "sales_order", order }));
    expect((await salesByReference(reference))[0]).toMatchObject({ state: "draft", number: null });

    const [green, red] = order.lines;
    if (!green || !red) throw new Error("the canonical order has two lines");
    const updated = { ...order, lines: [green, { ...red, quantity: 3 }], totals: order.totals };
    await adapter.push(claimFor({ kind: "sales_order", order: updated }, {}, first.ok ? first.erpId : null));
    const [draft] = await salesByReference(reference);
    expect(draft).toMatchObject({ state: "draft", total_amount: { decimal: "821.22" } });

    await adapter.push(claimFor({ kind: "sales_order", order: { ...updated, financialStatus: "paid" } }));
    const [processed] = await salesByReference(reference);
    expect(processed).toMatchObject({ state: "processing", total_amount: { decimal: "821.22" } });
  });

  it("lowers open quantities on a partial cancellation and reads the order back", async () => {
    const order = freshOrder();
    const adapter = trytonAdapter();
    const created = await adapter.push(claimFor({ kind: "sales_order", order }));
    if (!created.ok) throw new Error(created.message);
    const [green, red] = order.lines;
    if (!green || !red) throw new Error("the canonical order has two lines");
    const partial = { ...order, lines: [green, { ...red, cancelledQuantity: 1 }] };
    const result = await adapter.push(claimFor({ kind: "sales_order", order: partial }, {}, created.erpId));
    expect(result).toMatchObject({ ok: true, erpId: created.erpId });

    const [sale] = await api.read("sale.sale", [Number(created.erpId)], ["lines", "shipments", "state"]);
    const lines = await api.read("sale.line", sale?.lines as number[], ["note", "quantity", "moves"]);
    const redLine = lines.find((l) => l.note === "mesh:line:518995019");
    expect(redLine?.quantity).toBe(1);
    const moves = await api.read("stock.move", redLine?.moves as number[], ["quantity", "state"]);
    expect(moves).toEqual([expect.objectContaining({ quantity: 1, state: "draft" })]);

    const status = await adapter.readOrderStatus([{ docKey: "k", erpId: created.erpId }]);
    expect(status).toEqual({
      ok: true,
      value: [{ docKey: "k", erpId: created.erpId, status: "open", shipped: [] }],
    });
  });

  it("cancels a processing order by cancelling every open unit, and a draft with Tryton's cancel", async () => {
    const adapter = trytonAdapter();
    const order = freshOrder();
    const created = await adapter.push(claimFor({ kind: "sales_order", order }));
    if (!created.ok) throw new Error(created.message);
    const [before] = await api.read("sale.sale", [Number(created.erpId)], ["shipments"]);
    const cancelled = { ...order, status: "cancelled" as const, cancelledAt: order.placedAt };
    expect(
      await adapter.push(claimFor({ kind: "sales_order", order: cancelled }, {}, created.erpId)),
    ).toMatchObject({ ok: true });
    // The shipment lost its moves and was cancelled; the sale holds no open move any more.
    const shipments = await api.read("stock.shipment.out", before?.shipments as number[], [
      "state",
      "outgoing_moves",
    ]);
    expect(shipments).toEqual([expect.objectContaining({ state: "cancelled", outgoing_moves: [] })]);
    const [sale] = await api.read("sale.sale", [Number(created.erpId)], ["moves", "shipments"]);
    expect(sale).toMatchObject({ moves: [], shipments: [] });
    const status = await adapter.readOrderStatus([{ docKey: "k", erpId: created.erpId }]);
    expect(status.ok && status.value[0]?.status).toBe("cancelled");

    const draftOrder = freshOrder({ financialStatus: "pending" });
    const draft = await adapter.push(claimFor({ kind: "sales_order", order: draftOrder }));
    if (!draft.ok) throw new Error(draft.message);
    await adapter.push(
      claimFor({ kind: "sales_order", order: { ...draftOrder, status: "cancelled" } }, {}, draft.erpId),
    );
    const [cancelledDraft] = await api.read("sale.sale", [Number(draft.erpId)], ["state"]);
    expect(cancelledDraft?.state).toBe("cancelled");
  });
});
