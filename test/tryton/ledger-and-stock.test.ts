import { describe, expect, it } from "vitest";
import { InventoryAdjustment, JournalEntry, type Order } from "../../shared/canonical";
import type { ErpAdapter } from "../../workers/erp-sync/src/adapters/erp-adapter";
import { referenceFor } from "../../workers/erp-sync/src/adapters/tryton/reference";
import { minorOf } from "../../workers/erp-sync/src/adapters/tryton/wire";
import { pushUntilExactlyOnce } from "./exactly-once";
import { CHART, claimFor, freshOrder, tryton, trytonAdapter } from "./support";

/** Payments, journal entries and inventory adjustments as posted moves and stock moves in Tryton. */
const api = tryton();
const usd = (amount: number) => ({ amount, currency: "USD" });
const today = new Date().toISOString().slice(0, 10);
const lastJanuary = `${new Date().getUTCFullYear() - 1}-01-15`;

function settlement(id: string, date = today): JournalEntry {
  return JournalEntry.parse({
    source: "amazon-settlement",
    externalId: id,
    date,
    currency: "USD",
    memo: `Settlement ${id}`,
    lines: [
      { purpose: "bank", side: "debit", amount: usd(95012), memo: "payout" },
      { purpose: "marketplace_fees", side: "debit", amount: usd(4988), memo: "referral fees" },
      { purpose: "marketplace_clearing", side: "credit", amount: usd(100000), memo: null },
    ],
  });
}

async function moveLines(moveId: string) {
  const [move] = await api.read("account.move", [Number(moveId)], ["state", "lines", "description"]);
  const lines = await api.read("account.move.line", move?.lines as number[], [
    "account",
    "debit",
    "credit",
    "party",
  ]);
  const accounts = await api.read(
    "account.account",
    [...new Set(lines.map((l) => Number(l.account)))],
    ["code"],
  );
  const codeOf = (id: unknown) => accounts.find((a) => a.id === id)?.code;
  return {
    move,
    lines: lines.map((l) => [codeOf(l.account), minorOf(l.debit, "USD"), minorOf(l.credit, "USD"), l.party]),
  };
}

async function onHand(adapter: ErpAdapter, sku: string): Promise<number> {
  const read = await adapter.readOnHand({ skus: [sku] });
  if (!read.ok) throw new Error(read.message);
  return read.value.filter((l) => l.erpLocation === "WH").reduce((n, l) => n + l.onHand, 0);
}

describe("customer_payment", () => {
  it("posts the tender against the customer's receivable, once", async () => {
    const order: Order = freshOrder();
    const sale = await trytonAdapter().push(claimFor({ kind: "sales_order", order }));
    if (!sale.ok) throw new Error(sale.message);
    const [payment] = order.payments;
    if (!payment) throw new Error("the order has a payment");
    const claim = claimFor(
      { kind: "customer_payment", order, payment, tenderIndex: 0 },
      { sales_order: sale.erpId },
    );
    const erpId = await pushUntilExactlyOnce(claim, /^model\.account\.move\.create$/);

    const [saleRow] = await api.read("sale.sale", [Number(sale.erpId)], ["party"]);
    const { move, lines } = await moveLines(erpId);
    expect(move).toMatchObject({ state: "posted", description: await referenceFor(claim.docKey) });
    expect(lines).toEqual(
      expect.arrayContaining([
        ["1010", 62222, 0, null],
        ["1200", 0, 62222, saleRow?.party],
      ]),
    );
    expect(
      await api.search("account.move", [["description", "=", await referenceFor(claim.docKey)]]),
    ).toHaveLength(1);
  });
});

describe("journal_entry", () => {
  it("posts a balanced move on the mapped account codes, once", async () => {
    const journal = settlement(`s-${Date.now()}`);
    const claim = claimFor({ kind: "journal_entry", journal });
    const erpId = await pushUntilExactlyOnce(claim, /^model\.account\.move\.post$/);
    const { move, lines } = await moveLines(erpId);
    expect(move?.state).toBe("posted");
    expect(lines).toEqual(
      expect.arrayContaining([
        [CHART.bank, 95012, 0, null],
        [CHART.marketplace_fees, 4988, 0, null],
        [CHART.marketplace_clearing, 0, 100000, null],
      ]),
    );
    expect(
      await api.search("account.move", [["description", "=", await referenceFor(claim.docKey)]]),
    ).toHaveLength(1);
  });

  it("reports a date in a closed period as closed_period, with Tryton's message", async () => {
    const result = await trytonAdapter().push(
      claimFor({ kind: "journal_entry", journal: settlement(`c-${Date.now()}`, lastJanuary) }),
    );
    expect(result).toMatchObject({
      ok: false,
      errorClass: "closed_period",
      httpStatus: 200,
      message: expect.stringMatching(
        /^Tryton UserError: You cannot create a journal-period in closed period/,
      ),
      detail: expect.stringContaining('"UserError"'),
    });
  });

  it("parks a journal entry whose purpose has no gl_account mapping as validation, naming it", async () => {
    const { marketplace_fees: _unmapped, ...rest } = CHART;
    const result = await trytonAdapter({ mappings: { glAccount: rest } }).push(
      claimFor({ kind: "journal_entry", journal: settlement(`m-${Date.now()}`) }),
    );
    expect(result).toMatchObject({
      ok: false,
      errorClass: "validation",
      message: "no gl_account mapping for marketplace_fees",
    });
  });
});

describe("inventory_adjustment", () => {
  it("adds found units from lost-and-found and removes lost ones, once each", async () => {
    const adapter = trytonAdapter();
    const before = await onHand(adapter, "MUG-WHITE");
    const found = InventoryAdjustment.parse({
      externalId: `adj-${Date.now()}-in`,
      sku: "MUG-WHITE",
      locationId: "loc_main",
      quantityDelta: 7,
      reason: "found in back room",
      occurredAt: new Date().toISOString(),
    });
    const claim = claimFor({ kind: "inventory_adjustment", adjustment: found });
    const erpId = await pushUntilExactlyOnce(claim, /^model\.stock\.shipment\.internal\.done$/);
    expect(await onHand(adapter, "MUG-WHITE")).toBe(before + 7);
    const [shipment] = await api.read(
      "stock.shipment.internal",
      [Number(erpId)],
      ["state", "reference", "from_location", "to_location"],
    );
    expect(shipment).toMatchObject({ state: "done", reference: await referenceFor(claim.docKey) });
    const [from] = await api.read("stock.location", [Number(shipment?.from_location)], ["type", "code"]);
    const [to] = await api.read("stock.location", [Number(shipment?.to_location)], ["type", "code"]);
    expect([from, to].map((l) => [l?.type, l?.code])).toEqual([
      ["lost_found", null],
      ["storage", "STO"],
    ]);

    const lost = { ...found, externalId: `adj-${Date.now()}-out`, quantityDelta: -3 };
    expect(await adapter.push(claimFor({ kind: "inventory_adjustment", adjustment: lost }))).toMatchObject({
      ok: true,
    });
    expect(await onHand(adapter, "MUG-WHITE")).toBe(before + 4);

    const impossible = { ...found, externalId: `adj-${Date.now()}-big`, quantityDelta: -100_000 };
    const refused = await adapter.push(claimFor({ kind: "inventory_adjustment", adjustment: impossible }));
    expect(refused).toMatchObject({ ok: false, errorClass: "business" });
    expect(await onHand(adapter, "MUG-WHITE")).toBe(before + 4);
  });

  it("reads on-hand per warehouse, mapped back to the mesh location", async () => {
    const adapter = trytonAdapter({
      mappings: { location: { loc_main: { warehouse: "WH", subsidiary: null } } },
    });
    const read = await adapter.readOnHand({ skus: ["TEE-BLACK-M", "MUG-WHITE"] });
    expect(read.ok && read.value.map((l) => [l.sku, l.locationId, l.erpLocation])).toEqual([
      ["TEE-BLACK-M", "loc_main", "WH"],
      ["MUG-WHITE", "loc_main", "WH"],
    ]);
    expect(read.ok && read.value.every((l) => l.onHand > 0)).toBe(true);
  });
});
