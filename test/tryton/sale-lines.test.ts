import { describe, expect, it } from "vitest";
import { parseDecimal } from "../../shared/canonical";
import { planSaleLines } from "../../workers/erp-sync/src/adapters/tryton/sale-lines";
import { canonicalOrder } from "../support/canonical-order";

/** The order-to-sale-lines plan, pure: every cent of the channel's total lands on a line. */
const usd = (amount: number) => ({ amount, currency: "USD" });
const sumOf = (lines: ReturnType<typeof planSaleLines>) =>
  lines.reduce((n, l) => n + parseDecimal(l.unitPrice, "USD") * l.quantity, 0);

describe("planSaleLines", () => {
  it("adds shipping, its tax, fees and discounts as lines so the total is the order's", () => {
    const base = canonicalOrder();
    const order = canonicalOrder({
      shippingLines: [
        {
          externalLineId: "s1",
          code: "STD",
          title: "Standard",
          price: usd(1000),
          discountAllocations: [{ source: "FREESHIP", amount: usd(500) }],
          taxLines: [{ title: "State Tax", rate: "0.06", amount: usd(30), channelLiable: false }],
        },
      ],
      fees: [{ kind: "duty", title: "Import duty", amount: usd(250) }],
      totals: {
        ...base.totals,
        shipping: usd(500),
        tax: usd(3552),
        fees: usd(250),
        total: usd(62222 + 500 + 30 + 250),
      },
    });
    const lines = planSaleLines(order);
    expect(lines.map((l) => [l.note, l.quantity, l.unitPrice])).toEqual([
      ["mesh:line:466157049", 1, "199.00"],
      ["mesh:discount:466157049:0", 1, "-10.00"],
      ["mesh:line:518995019", 2, "199.00"],
      ["mesh:shipping:0", 1, "10.00"],
      ["mesh:shipping-discount:0:0", 1, "-5.00"],
      ["mesh:fee:0", 1, "2.50"],
      ["mesh:tax:State Tax 0.06", 1, "35.52"],
    ]);
    expect(sumOf(lines)).toBe(order.totals.total.amount);
  });

  it("adds no tax lines when prices include tax, and opens only uncancelled units", () => {
    const order = canonicalOrder({ taxesIncluded: true });
    const [green, red] = order.lines;
    if (!green || !red) throw new Error("the canonical order has two lines");
    const lines = planSaleLines({ ...order, lines: [green, { ...red, cancelledQuantity: 2 }] });
    expect(lines.map((l) => [l.note, l.quantity])).toEqual([
      ["mesh:line:466157049", 1],
      ["mesh:discount:466157049:0", 1],
      ["mesh:line:518995019", 0],
    ]);
  });

  it("opens nothing on a cancelled order", () => {
    const lines = planSaleLines(canonicalOrder({ status: "cancelled" }));
    expect(lines.every((l) => l.quantity === 0)).toBe(true);
    expect(lines).toHaveLength(4);
  });
});
