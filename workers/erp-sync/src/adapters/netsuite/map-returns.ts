import type { Order, Return } from "../../../../../shared/canonical";
import type { ErpMappings } from "../../../../../shared/erp";
import { validationFailure } from "./classify";
import type { Mapped } from "./map-fulfillment";
import type { JsonObject } from "./records";
import { locationRef, memo } from "./refs";

/**
 * Bodies of the return transforms. A return authorization is transformed from the sales order with
 * `?replace=item`, so it holds exactly the returned lines: one per returned order line, in the order
 * they first appear in the return, keyed by the sales order line (`orderLine`). The item receipt is
 * transformed from that authorization; its `orderLine` is the authorization's line key, found by the
 * same order of lines. Received units are received at the return's location.
 */
export interface ReturnedLine {
  externalLineId: string;
  quantity: number;
  received: number;
}

/** The return's lines merged per order line, in first-appearance order. */
export function returnedLines(ret: Return): ReturnedLine[] {
  const byLine = new Map<string, ReturnedLine>();
  for (const line of ret.lines) {
    const entry = byLine.get(line.externalLineId) ?? {
      externalLineId: line.externalLineId,
      quantity: 0,
      received: 0,
    };
    entry.quantity += line.quantity;
    entry.received += line.receivedQuantity;
    byLine.set(line.externalLineId, entry);
  }
  return [...byLine.values()];
}

export function mapReturnAuthorization(
  order: Order,
  ret: Return,
  soKeys: Map<string, number>,
  mappings: ErpMappings,
  correlationId: string,
): Mapped<JsonObject> {
  const items: JsonObject[] = [];
  for (const line of returnedLines(ret)) {
    const orderLine = soKeys.get(line.externalLineId);
    if (orderLine === undefined) {
      return validationFailure(
        `return ${ret.externalId} returns line ${line.externalLineId}, not a line of ${order.orderNumber}`,
      );
    }
    items.push({ orderLine, quantity: line.quantity });
  }
  const location = locationRef(mappings, ret.locationId);
  return {
    ok: true,
    value: {
      tranDate: ret.authorizedAt.slice(0, 10),
      memo: memo(
        correlationId,
        `${order.channel} order ${order.orderNumber}`,
        `return ${ret.rmaNumber ?? ret.externalId}`,
      ),
      ...(location ? { location } : {}),
      item: { items },
    },
  };
}

export function mapItemReceipt(
  order: Order,
  ret: Return,
  raLines: readonly JsonObject[],
  mappings: ErpMappings,
  correlationId: string,
): Mapped<JsonObject> {
  const lines = returnedLines(ret);
  if (lines.every((l) => l.received === 0))
    return validationFailure(`return ${ret.externalId} has nothing received yet`);
  if (raLines.length < lines.length) {
    return validationFailure(
      `the NetSuite return authorization of ${ret.externalId} has ${raLines.length} lines, the return ${lines.length}`,
    );
  }
  const location = locationRef(mappings, ret.locationId);
  const items = lines.map((line, index) => {
    const orderLine = Number(raLines[index]?.line);
    return line.received > 0
      ? { orderLine, quantity: line.received, itemReceive: true, ...(location ? { location } : {}) }
      : { orderLine, itemReceive: false };
  });
  return {
    ok: true,
    value: {
      tranDate: (ret.receivedAt ?? ret.sourceUpdatedAt).slice(0, 10),
      memo: memo(
        correlationId,
        `${order.channel} order ${order.orderNumber}`,
        `return ${ret.rmaNumber ?? ret.externalId} received`,
      ),
      item: { items },
    },
  };
}
