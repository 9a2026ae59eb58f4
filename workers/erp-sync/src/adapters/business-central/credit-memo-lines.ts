import { allocate, type Order, type Refund, type Return } from "../../../../../shared/canonical";
import type { Json, Step } from "./client";
import { type BcContext, decimal, glAccount, itemNumber, lineSku } from "./context";

/**
 * Lines of the sales credit memos the adapter writes. Item lines return units to inventory when BC
 * posts the memo; Account lines (on the `refunds` G/L account) credit money only. Amounts are net:
 * BC adds tax from its own setup.
 */
export interface MemoLine extends Json {
  lineType: "Item" | "Account";
  lineObjectNumber: string;
  description: string;
  quantity: number;
  unitPrice: number;
  discountAmount: number;
}

/** A return's lines at the order's net unit price: the authorized (or received) units. */
export function returnLines(ctx: BcContext, order: Order, ret: Return, received: boolean): Step<MemoLine[]> {
  const lines: MemoLine[] = [];
  for (const r of ret.lines) {
    const line = order.lines.find((l) => l.externalLineId === r.externalLineId);
    const sku = r.sku ?? line?.sku ?? null;
    if (!line || !sku)
      return {
        ok: false,
        errorClass: "validation",
        httpStatus: null,
        message: `return line ${r.externalLineId} has no order line with a SKU`,
        detail: null,
      };
    const quantity = received ? r.receivedQuantity : r.quantity;
    const discounts = line.discountAllocations.reduce((t, d) => t + d.amount.amount, 0);
    const [share = 0] = allocate(discounts, [quantity, Math.max(0, line.quantity - quantity)]);
    lines.push({
      lineType: "Item",
      lineObjectNumber: itemNumber(ctx, sku),
      description: (r.reason ? `${line.title}: ${r.reason}` : line.title).slice(0, 100),
      quantity,
      unitPrice: decimal(line.unitPrice.amount, order.currency),
      discountAmount: decimal(quantity === 0 ? 0 : share, order.currency),
    });
  }
  return { ok: true, value: lines };
}

/**
 * A refund's credit: goods lines as Item lines when the units come back (a return, or a restocking
 * refund), priced at the order's unit price less the difference to the refunded amount; refunds of
 * money only, shipping and adjustments as Account lines on the `refunds` G/L account.
 */
export function refundLines(
  ctx: BcContext,
  order: Order,
  refund: Refund,
  ret: Return | null,
): Step<MemoLine[]> {
  const lines: MemoLine[] = [];
  let money = 0;
  for (const r of refund.lines) {
    const line = order.lines.find((l) => l.externalLineId === r.externalLineId);
    const sku = r.sku ?? lineSku(order, r.externalLineId);
    const gross = (line?.unitPrice.amount ?? 0) * r.quantity;
    const goodsBack =
      (ret !== null || r.restock) && r.quantity > 0 && sku !== null && line && gross >= r.amount.amount;
    if (goodsBack && line && sku) {
      lines.push({
        lineType: "Item",
        lineObjectNumber: itemNumber(ctx, sku),
        description: line.title.slice(0, 100),
        quantity: r.quantity,
        unitPrice: decimal(line.unitPrice.amount, refund.currency),
        discountAmount: decimal(gross - r.amount.amount, refund.currency),
      });
    } else {
      money += r.amount.amount;
    }
  }
  money += refund.shipping.amount + refund.adjustment.amount;
  if (money !== 0) {
    const account = glAccount(ctx, "refunds");
    if (typeof account !== "string") return account;
    lines.push({
      lineType: "Account",
      lineObjectNumber: account,
      description: (refund.note ?? "Refund").slice(0, 100),
      quantity: 1,
      unitPrice: decimal(money, refund.currency),
      discountAmount: 0,
    });
  }
  return { ok: true, value: lines };
}
