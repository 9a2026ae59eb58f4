import { formatDecimal, type Order } from "../../../../../shared/canonical";

/**
 * A canonical order as Tryton sale lines, pure. Goods lines carry the product (by SKU) at the unit
 * price for the units still open (`quantity - cancelledQuantity`; none when the order is cancelled).
 * Discounts, shipping, fees and, when prices exclude tax, the channel's tax amounts become lines
 * without a product at quantity 1, so the sale's total is the channel's total to the cent.
 * Tryton's own taxes are not used: the channel computed the tax and its amounts are the ones owed
 * (Tryton would recompute them with its own rounding). Each line's `note` names what it comes from,
 * so updates find the line again.
 */
export interface PlannedLine {
  note: string;
  sku: string | null;
  quantity: number;
  /** Decimal text in the order's currency. */
  unitPrice: string;
  description: string;
}

export function planSaleLines(order: Order): PlannedLine[] {
  const cur = order.currency;
  const money = (minor: number) => formatDecimal(minor, cur);
  const open = (quantity: number, cancelled: number) =>
    order.status === "cancelled" ? 0 : Math.max(0, quantity - cancelled);
  const lines: PlannedLine[] = [];
  for (const line of order.lines) {
    lines.push({
      note: goodsNote(line.externalLineId),
      sku: line.sku,
      quantity: open(line.quantity, line.cancelledQuantity),
      unitPrice: money(line.unitPrice.amount),
      description: [line.title, line.variantTitle].filter(Boolean).join(" - "),
    });
    line.discountAllocations.forEach((d, i) => {
      lines.push(charge(`discount:${line.externalLineId}:${i}`, `Discount ${d.source}`, -d.amount.amount));
    });
  }
  order.shippingLines.forEach((s, i) => {
    lines.push(charge(`shipping:${i}`, `Shipping: ${s.title}`, s.price.amount));
    s.discountAllocations.forEach((d, j) => {
      lines.push(charge(`shipping-discount:${i}:${j}`, `Shipping discount ${d.source}`, -d.amount.amount));
    });
  });
  order.fees.forEach((f, i) => {
    lines.push(charge(`fee:${i}`, `${f.kind}: ${f.title}`, f.amount.amount));
  });
  if (!order.taxesIncluded) {
    const taxes = new Map<string, number>();
    for (const t of [
      ...order.lines.flatMap((l) => l.taxLines),
      ...order.shippingLines.flatMap((s) => s.taxLines),
    ]) {
      const key = `${t.title} ${t.rate}`;
      taxes.set(key, (taxes.get(key) ?? 0) + t.amount.amount);
    }
    for (const [key, amount] of taxes) lines.push(charge(`tax:${key}`, `Tax: ${key}`, amount));
  }
  return lines;

  function charge(note: string, description: string, minor: number): PlannedLine {
    return {
      note: `mesh:${note}`,
      sku: null,
      quantity: order.status === "cancelled" ? 0 : 1,
      unitPrice: money(minor),
      description,
    };
  }
}

export function goodsNote(externalLineId: string): string {
  return `mesh:line:${externalLineId}`;
}
