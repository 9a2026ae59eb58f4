import { allocate, type Order } from "../../../../../shared/canonical";
import { validation } from "./classify";
import type { Json, Step } from "./client";
import { type BcContext, decimal, glAccount, itemNumber } from "./context";
import { isComment } from "./trace";

/**
 * The sales order lines BC should hold for a canonical order, in order: one Item line per order
 * line (same position, so updates and shipments find their line by position), then one Account
 * line for shipping when shipping is charged. A line's quantity is what is still ordered
 * (`quantity - cancelledQuantity`); its discount, and for tax-inclusive prices its tax, are
 * allocated over ordered and cancelled units so the open part carries exactly its share, and BC's
 * net line amount is the channel's net. BC computes tax itself from its own tax setup.
 */
export interface DesiredLine {
  lineType: "Item" | "Account";
  lineObjectNumber: string;
  description: string;
  quantity: number;
  unitPrice: number;
  discountAmount: number;
}

const sum = (items: readonly { amount: { amount: number } }[]) =>
  items.reduce((t, i) => t + i.amount.amount, 0);

export function desiredLines(ctx: BcContext, order: Order): Step<DesiredLine[]> {
  const lines: DesiredLine[] = [];
  for (const [index, line] of order.lines.entries()) {
    if (!line.sku)
      return validation(`order line ${index + 1} (${line.title}) has no SKU, so no Business Central item`);
    const cancelled = Math.min(line.cancelledQuantity, line.quantity);
    const open = line.quantity - cancelled;
    const reduction = sum(line.discountAllocations) + (order.taxesIncluded ? sum(line.taxLines) : 0);
    const [openShare = 0] = allocate(reduction, [open, cancelled]);
    lines.push({
      lineType: "Item",
      lineObjectNumber: itemNumber(ctx, line.sku),
      description: (line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title).slice(0, 100),
      quantity: open,
      unitPrice: decimal(line.unitPrice.amount, order.currency),
      discountAmount: decimal(open === 0 ? 0 : openShare, order.currency),
    });
  }
  const shipping = order.shippingLines.reduce(
    (t, s) => t + s.price.amount - sum(s.discountAllocations) - (order.taxesIncluded ? sum(s.taxLines) : 0),
    0,
  );
  if (shipping > 0) {
    const account = glAccount(ctx, "shipping_income");
    if (typeof account !== "string") return account;
    lines.push({
      lineType: "Account",
      lineObjectNumber: account,
      description: (order.shippingLines[0]?.title ?? "Shipping").slice(0, 100),
      quantity: order.status === "cancelled" ? 0 : 1,
      unitPrice: decimal(shipping, order.currency),
      discountAmount: 0,
    });
  }
  return { ok: true, value: lines };
}

export function lineBody(line: DesiredLine): Json {
  return { ...line };
}

/** Every line of an expanded order, Comment lines included. */
export function allLines(order: Json): Json[] {
  return Array.isArray(order.salesOrderLines) ? (order.salesOrderLines as Json[]) : [];
}

/**
 * BC's document lines of an expanded order, by sequence (the order they were written in): Comment
 * lines (the trace line, or a BC user's text) are left out, so a line's position is its canonical
 * line's.
 */
export function bcLines(order: Json): Json[] {
  return allLines(order)
    .filter((l) => !isComment(l))
    .sort((a, b) => Number(a.sequence ?? 0) - Number(b.sequence ?? 0));
}
