import type { Order, Refund, Return } from "../../../../../shared/canonical";
import type { ErpMappings } from "../../../../../shared/erp";
import { validationFailure } from "./classify";
import { decimal } from "./map";
import type { Mapped } from "./map-fulfillment";
import { returnedLines } from "./map-returns";
import type { JsonObject } from "./records";
import { itemRef, memo } from "./refs";

/**
 * Credit memo lines of a refund. Goods lines carry their net refunded amount (tax is NetSuite's to
 * compute, SuiteTax, as on the sales order). With a return, a returned line is keyed by the return
 * authorization's line (`orderLine`) so NetSuite checks it against what was authorized; anything else
 * (goods not on the return, shipping, goodwill) is a line by item. Shipping and adjustments need an
 * item in NetSuite: the pseudo-SKUs below, mapped like any SKU (item mapping, else external id).
 */
export const SHIPPING_REFUND_SKU = "mesh-shipping-refund";
export const REFUND_ADJUSTMENT_SKU = "mesh-refund-adjustment";

export function creditLines(
  order: Order,
  refund: Refund,
  ret: Return | null,
  raLines: readonly JsonObject[],
  mappings: ErpMappings,
): Mapped<JsonObject[]> {
  const raKeys = new Map<string, number>();
  if (ret) {
    returnedLines(ret).forEach((line, index) => {
      const key = Number(raLines[index]?.line);
      if (Number.isInteger(key)) raKeys.set(line.externalLineId, key);
    });
  }
  const money = (minor: number) => decimal(minor, refund.currency);
  const items: JsonObject[] = [];
  for (const line of refund.lines) {
    if (line.quantity === 0 && line.amount.amount === 0) continue;
    const orderLine = raKeys.get(line.externalLineId);
    if (orderLine !== undefined && line.quantity > 0) {
      items.push({ orderLine, quantity: line.quantity, amount: money(line.amount.amount) });
      continue;
    }
    const sku = line.sku ?? order.lines.find((l) => l.externalLineId === line.externalLineId)?.sku ?? null;
    if (!sku)
      return validationFailure(
        `refund ${refund.externalId} credits line ${line.externalLineId}, which has no SKU`,
      );
    items.push({
      item: itemRef(mappings, sku),
      ...(line.quantity > 0 ? { quantity: line.quantity } : {}),
      amount: money(line.amount.amount),
    });
  }
  if (refund.shipping.amount !== 0) {
    items.push({
      item: itemRef(mappings, SHIPPING_REFUND_SKU),
      description: "Shipping refund",
      amount: money(refund.shipping.amount),
    });
  }
  if (refund.adjustment.amount !== 0) {
    items.push({
      item: itemRef(mappings, REFUND_ADJUSTMENT_SKU),
      description: "Refund adjustment",
      amount: money(refund.adjustment.amount),
    });
  }
  if (items.length === 0) return validationFailure(`refund ${refund.externalId} credits nothing`);
  return { ok: true, value: items };
}

export function creditMemoHeader(order: Order, refund: Refund, correlationId: string): JsonObject {
  return {
    tranDate: refund.createdAt.slice(0, 10),
    memo: memo(
      correlationId,
      `${order.channel} order ${order.orderNumber}`,
      `refund ${refund.externalId}`,
      refund.note,
    ),
  };
}
