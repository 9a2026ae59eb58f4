import { describe, expect, it } from "vitest";
import { JournalEntry } from "../../shared/canonical";
import type { ErpCustomer } from "../../shared/erp";
import type { OutboxClaim } from "../../shared/internal-api";
import { referenceFor } from "../../workers/erp-sync/src/adapters/tryton/reference";
import { refundOf, returnOf, shippedSale } from "./return-fixtures";
import { claimFor, freshOrder, losingAnswerOf, tryton, trytonAdapter } from "./support";

/**
 * The mesh's correlation id in the Tryton records, read back from the real trytond: `mesh <id>` in
 * the free-text field each record offers (a sale's and a credit note's `comment`, every account
 * move line's `description`, the party's contact mechanisms' `comment`), while the keys stay what
 * they were. Each document is pushed under one trace with the answer lost after trytond committed,
 * then claimed again under a second trace and replayed under a third: one record, one set of lines,
 * and the stamp of the push that created it.
 */
const api = tryton();
const usd = (amount: number) => ({ amount, currency: "USD" });

async function underThreeTraces(claim: OutboxClaim, committedWrite: RegExp): Promise<string> {
  const losing = losingAnswerOf(committedWrite);
  await trytonAdapter({ fetch: losing.fetch }).push(claim);
  expect(losing.dropped()).toBe(true);
  const retried = await trytonAdapter().push({
    ...claim,
    id: `${claim.id}_again`,
    correlationId: `${claim.correlationId}_again`,
    attempts: 1,
  });
  if (!retried.ok) throw new Error(`retry failed: ${retried.message} ${retried.detail ?? ""}`);
  const replayed = await trytonAdapter().push({
    ...claim,
    id: `${claim.id}_replay`,
    correlationId: `${claim.correlationId}_replay`,
    erpId: retried.erpId,
  });
  expect(replayed).toMatchObject({ ok: true, erpId: retried.erpId });
  return retried.erpId;
}

async function moveLineDescriptions(moveId: string): Promise<unknown[]> {
  const [move] = await api.read("account.move", [Number(moveId)], ["lines"]);
  const lines = await api.read("account.move.line", move?.lines as number[], ["description"]);
  return lines.map((l) => l.description).sort();
}

async function movesKeyed(docKey: string): Promise<number[]> {
  return api.search("account.move", [["description", "=", await referenceFor(docKey)]]);
}

describe("the correlation id in Tryton", () => {
  it("rides in the fields Tryton 6.0 offers for free text, and the shipments offer none", async () => {
    const textFields = async (model: string) => {
      const fields = (await api.call(`model.${model}.fields_get`, [[]])) as Record<string, { type: string }>;
      return Object.entries(fields)
        .filter(([, f]) => f.type === "char" || f.type === "text")
        .map(([name, f]) => `${name}:${f.type}`)
        .sort();
    };
    expect(await textFields("sale.sale")).toContain("comment:text");
    expect(await textFields("account.invoice")).toContain("comment:text");
    expect(await textFields("account.move.line")).toContain("description:char");
    expect(await textFields("party.contact_mechanism")).toContain("comment:text");
    // The customer and return shipments and the internal shipment: a number, the reference that
    // keys them, and computed names. The party has names, its code (the key) and computed fields.
    for (const model of ["stock.shipment.out", "stock.shipment.out.return"])
      expect(await textFields(model)).toEqual([
        "number:char",
        "origins:char",
        "rec_name:char",
        "reference:char",
      ]);
    expect(await textFields("stock.shipment.internal")).toEqual([
      "number:char",
      "rec_name:char",
      "reference:char",
    ]);
    expect((await textFields("party.party")).filter((f) => f.endsWith(":text"))).toEqual([]);
  });

  it("sales_order: the sale's comment, before the order's note; the reference still keys it", async () => {
    const order = freshOrder({ note: "Gift wrap, please" });
    const claim = claimFor({ kind: "sales_order", order });
    const erpId = await underThreeTraces(claim, /^model\.sale\.sale\.create$/);
    const [sale] = await api.read("sale.sale", [Number(erpId)], ["comment", "reference", "lines", "state"]);
    expect(sale).toMatchObject({
      comment: `mesh ${claim.correlationId} | Gift wrap, please`,
      reference: await referenceFor(claim.docKey),
      state: "processing",
    });
    expect(await api.search("sale.sale", [["reference", "=", await referenceFor(claim.docKey)]])).toEqual([
      Number(erpId),
    ]);
    // One line per planned line: each line's note names it, and none is there twice.
    const notes = (await api.read("sale.line", sale?.lines as number[], ["note"])).map((l) => l.note);
    expect(notes.length).toBeGreaterThan(0);
    expect(new Set(notes).size).toBe(notes.length);
  });

  it("customer_payment: every line of the move; the move's description still keys it", async () => {
    const order = freshOrder();
    const sale = await trytonAdapter().push(claimFor({ kind: "sales_order", order }));
    if (!sale.ok) throw new Error(sale.message);
    const [payment] = order.payments;
    if (!payment) throw new Error("the order has a payment");
    const claim = claimFor(
      { kind: "customer_payment", order, payment, tenderIndex: 0 },
      { sales_order: sale.erpId },
    );
    const erpId = await underThreeTraces(claim, /^model\.account\.move\.create$/);
    const memo = `mesh ${claim.correlationId} | ${order.channel} order ${order.orderNumber} ${payment.gateway}`;
    expect(await moveLineDescriptions(erpId)).toEqual([memo, memo]);
    expect(await movesKeyed(claim.docKey)).toEqual([Number(erpId)]);
  });

  it("journal_entry: every line, before the line's memo (else the entry's)", async () => {
    const id = `s-${Date.now()}`;
    const journal = JournalEntry.parse({
      source: "amazon-settlement",
      externalId: id,
      date: new Date().toISOString().slice(0, 10),
      currency: "USD",
      memo: `Settlement ${id}`,
      lines: [
        { purpose: "bank", side: "debit", amount: usd(95012), memo: "payout" },
        { purpose: "marketplace_fees", side: "debit", amount: usd(4988), memo: "referral fees" },
        { purpose: "marketplace_clearing", side: "credit", amount: usd(100000), memo: null },
      ],
    });
    const claim = claimFor({ kind: "journal_entry", journal });
    const erpId = await underThreeTraces(claim, /^model\.account\.move\.create$/);
    const stamp = `mesh ${claim.correlationId}`;
    expect(await moveLineDescriptions(erpId)).toEqual(
      [`${stamp} | payout`, `${stamp} | referral fees`, `${stamp} | Settlement ${id}`].sort(),
    );
    expect(await movesKeyed(claim.docKey)).toEqual([Number(erpId)]);
  });

  it("customer: the comment of the email and phone the party is created with; its code still keys it", async () => {
    const email = `mary.${Date.now()}@mail.example.com`;
    const customer: ErpCustomer = {
      channel: "shopify",
      storeId: "sto_test",
      customer: {
        externalId: `${Date.now()}`,
        email,
        phone: "+1 613 555 0101",
        firstName: "Mary",
        lastName: "Somerville",
      },
      billingAddress: null,
      shippingAddress: null,
    };
    const claim = claimFor({ kind: "customer", customer });
    const erpId = await underThreeTraces(claim, /^model\.party\.party\.create$/);
    const [party] = await api.read("party.party", [Number(erpId)], ["contact_mechanisms"]);
    const mechanisms = await api.read("party.contact_mechanism", party?.contact_mechanisms as number[], [
      "type",
      "comment",
    ]);
    const comment = `mesh ${claim.correlationId} | shopify store sto_test`;
    expect(mechanisms.map((m) => [m.type, m.comment])).toEqual([
      ["email", comment],
      ["phone", comment],
    ]);
    expect(await api.search("party.party", [["code", "=", await referenceFor(claim.docKey)]])).toEqual([
      Number(erpId),
    ]);
  });

  it("return sale and credit note: their comment; the refund: its move's lines", async () => {
    const adapter = trytonAdapter();
    const order = freshOrder();
    const saleId = await shippedSale(adapter, order);

    const raClaim = claimFor(
      { kind: "return_authorization", order, return: returnOf(order, 0) },
      { sales_order: saleId },
    );
    const ra = await underThreeTraces(raClaim, /^model\.sale\.sale\.create$/);
    const [returnSale] = await api.read("sale.sale", [Number(ra)], ["comment", "lines"]);
    expect(returnSale).toMatchObject({
      comment: `mesh ${raClaim.correlationId}`,
      lines: [expect.any(Number)],
    });
    expect(await api.search("sale.sale", [["reference", "=", await referenceFor(raClaim.docKey)]])).toEqual([
      Number(ra),
    ]);

    const refund = refundOf(order);
    const memoClaim = claimFor(
      { kind: "credit_memo", order, refund, return: returnOf(order, 2) },
      { return_authorization: ra },
    );
    const memo = await underThreeTraces(memoClaim, /^model\.account\.invoice\.create$/);
    const [note] = await api.read("account.invoice", [Number(memo)], ["comment", "state", "lines"]);
    expect(note).toMatchObject({
      comment: `mesh ${memoClaim.correlationId} | Customer returned both red units`,
      state: "posted",
    });
    expect(note?.lines).toHaveLength(4);
    expect(
      await api.search("account.invoice", [["reference", "=", await referenceFor(memoClaim.docKey)]]),
    ).toEqual([Number(memo)]);

    const [transaction] = refund.transactions;
    if (!transaction) throw new Error("the refund has a transaction");
    const refundClaim = claimFor(
      { kind: "customer_refund", order, refund, transaction },
      { credit_memo: memo },
    );
    const paid = await underThreeTraces(refundClaim, /^model\.account\.move\.create$/);
    const line = `mesh ${refundClaim.correlationId} | refund ${refund.externalId} ${transaction.gateway}`;
    expect(await moveLineDescriptions(paid)).toEqual([line, line]);
    expect(await movesKeyed(refundClaim.docKey)).toEqual([Number(paid)]);
    const [settled] = await api.read("account.invoice", [Number(memo)], ["state", "payment_lines"]);
    expect(settled).toMatchObject({ state: "paid", payment_lines: [expect.any(Number)] });
  });
});
