import { describe, expect, it } from "vitest";
import { referenceFor } from "../../workers/erp-sync/src/adapters/tryton/reference";
import { pushUntilExactlyOnce } from "./exactly-once";
import { onHand, refundOf, returnOf, shippedSale } from "./return-fixtures";
import { claimFor, freshOrder, tryton, trytonAdapter } from "./support";

/**
 * The return path against the real trytond: a return sale for the returned units, its return
 * shipment received (stock comes back), a posted credit note for the refund, and the refund paid
 * back, which settles the credit note.
 */
const api = tryton();

describe("returns, credit notes and refunds", () => {
  it("authorizes, receives, credits and refunds a return, each read back from Tryton", async () => {
    const adapter = trytonAdapter();
    const order = freshOrder();
    const saleId = await shippedSale(adapter, order);

    const authorized = returnOf(order, 0);
    const ra = await adapter.push(
      claimFor({ kind: "return_authorization", order, return: authorized }, { sales_order: saleId }),
    );
    if (!ra.ok) throw new Error(`${ra.message} ${ra.detail}`);
    const [returnSale] = await api.read(
      "sale.sale",
      [Number(ra.erpId)],
      ["state", "origin", "total_amount", "lines", "shipment_returns", "party"],
    );
    const [sale] = await api.read("sale.sale", [Number(saleId)], ["party"]);
    expect(returnSale).toMatchObject({
      state: "processing",
      origin: `sale.sale,${saleId}`,
      party: sale?.party,
      total_amount: { decimal: "-398.00" },
    });
    const returnLines = await api.read("sale.line", returnSale?.lines as number[], [
      "quantity",
      "unit_price",
    ]);
    expect(returnLines).toEqual([
      expect.objectContaining({ quantity: -2, unit_price: { __class__: "Decimal", decimal: "199.00" } }),
    ]);
    expect(returnSale?.shipment_returns).toHaveLength(1);

    const redBefore = await onHand(adapter, "IPOD2008RED");
    const receipt = await adapter.push(
      claimFor(
        { kind: "item_receipt", order, return: returnOf(order, 2) },
        { return_authorization: ra.erpId },
      ),
    );
    if (!receipt.ok) throw new Error(`${receipt.message} ${receipt.detail}`);
    const [shipment] = await api.read(
      "stock.shipment.out.return",
      [Number(receipt.erpId)],
      ["state", "incoming_moves"],
    );
    expect(shipment?.state).toBe("done");
    expect(await onHand(adapter, "IPOD2008RED")).toBe(redBefore + 2);

    const refund = refundOf(order);
    const memo = await adapter.push(
      claimFor(
        { kind: "credit_memo", order, refund, return: returnOf(order, 2) },
        { return_authorization: ra.erpId },
      ),
    );
    if (!memo.ok) throw new Error(`${memo.message} ${memo.detail}`);
    const [note] = await api.read(
      "account.invoice",
      [Number(memo.erpId)],
      ["state", "type", "total_amount", "number", "lines", "party"],
    );
    expect(note).toMatchObject({
      state: "posted",
      type: "out",
      total_amount: { decimal: "-427.99" },
      number: memo.erpNumber,
      party: sale?.party,
    });
    const [afterCredit] = await api.read("sale.sale", [Number(ra.erpId)], ["invoices"]);
    expect(afterCredit?.invoices).toEqual([Number(memo.erpId)]);

    const [transaction] = refund.transactions;
    if (!transaction) throw new Error("the refund has a transaction");
    const paid = await adapter.push(
      claimFor({ kind: "customer_refund", order, refund, transaction }, { credit_memo: memo.erpId }),
    );
    if (!paid.ok) throw new Error(`${paid.message} ${paid.detail}`);
    const [move] = await api.read("account.move", [Number(paid.erpId)], ["state", "lines"]);
    expect(move?.state).toBe("posted");
    const [settled] = await api.read("account.invoice", [Number(memo.erpId)], ["state", "amount_to_pay"]);
    expect(settled).toMatchObject({ state: "paid", amount_to_pay: { decimal: "0" } });
  });

  it("writes each return document once however often its claim comes", async () => {
    const adapter = trytonAdapter();
    const order = freshOrder();
    const saleId = await shippedSale(adapter, order);
    const count = async (model: string, docKey: string, extra: unknown[] = []) =>
      (await api.search(model, [["reference", "=", await referenceFor(docKey)], ...extra])).length;

    const raClaim = claimFor(
      { kind: "return_authorization", order, return: returnOf(order, 0) },
      { sales_order: saleId },
    );
    const ra = await pushUntilExactlyOnce(raClaim, /^model\.sale\.sale\.create$/);
    expect(await count("sale.sale", raClaim.docKey)).toBe(1);

    const receiptClaim = claimFor(
      { kind: "item_receipt", order, return: returnOf(order, 2) },
      { return_authorization: ra },
    );
    const redBefore = await onHand(adapter, "IPOD2008RED");
    await pushUntilExactlyOnce(receiptClaim, /^model\.stock\.shipment\.out\.return\.done$/);
    expect(await count("stock.shipment.out.return", receiptClaim.docKey)).toBe(1);
    expect(await onHand(adapter, "IPOD2008RED")).toBe(redBefore + 2);

    const refund = refundOf(order);
    const memoClaim = claimFor(
      { kind: "credit_memo", order, refund, return: returnOf(order, 2) },
      { return_authorization: ra },
    );
    const memo = await pushUntilExactlyOnce(memoClaim, /^model\.account\.invoice\.post$/);
    expect(await count("account.invoice", memoClaim.docKey)).toBe(1);

    const [transaction] = refund.transactions;
    if (!transaction) throw new Error("the refund has a transaction");
    const refundClaim = claimFor(
      { kind: "customer_refund", order, refund, transaction },
      { credit_memo: memo },
    );
    await pushUntilExactlyOnce(refundClaim, /^model\.account\.move\.post$/);
    const moves = await api.search("account.move", [
      ["description", "=", await referenceFor(refundClaim.docKey)],
    ]);
    expect(moves).toHaveLength(1);
    const [settled] = await api.read("account.invoice", [Number(memo)], ["state"]);
    expect(settled?.state).toBe("paid");
  });
});
