import type { Fulfillment, Order, Package } from "../../../../../shared/canonical";
import type { ErpMappings } from "../../../../../shared/erp";
import type { PushFailure } from "../erp-adapter";
import { validationFailure } from "./classify";
import type { JsonObject } from "./records";
import { locationRef, memo } from "./refs";

/**
 * The body of `salesOrder/{id}/!transform/itemFulfillment`: every line of the order keyed by its
 * `orderLine` (the sales order line's key, read from NetSuite), `itemReceive: true` with the shipped
 * quantity for lines in this shipment and `itemReceive: false` for the rest (Oracle's partial
 * fulfilment example), the `package` sublist with one line per parcel and its tracking number, and
 * `shipStatus` C (Shipped; A Picked, B Packed, codes [unverified]).
 */
export function packageLines(packages: readonly Package[]): JsonObject[] {
  return packages.map((p) => ({
    ...(p.trackingNumber ? { packageTrackingNumber: p.trackingNumber } : {}),
    packageDescr: [p.carrier, p.service].filter(Boolean).join(" ") || "parcel",
  }));
}

/** The NetSuite line key of each canonical order line: the n-th line the sales order was written with. */
export type Mapped<T> = { ok: true; value: T } | PushFailure;

export function orderLineKeys(order: Order, soLines: readonly JsonObject[]): Mapped<Map<string, number>> {
  if (soLines.length < order.lines.length) {
    return validationFailure(
      `the NetSuite sales order of ${order.orderNumber} has ${soLines.length} lines, the order ${order.lines.length}`,
    );
  }
  const keys = new Map<string, number>();
  order.lines.forEach((line, index) => {
    const key = Number(soLines[index]?.line);
    if (Number.isInteger(key)) keys.set(line.externalLineId, key);
  });
  return { ok: true, value: keys };
}

export function mapFulfillment(
  order: Order,
  fulfillment: Fulfillment,
  keys: Map<string, number>,
  mappings: ErpMappings,
  correlationId: string,
): Mapped<JsonObject> {
  const shipped = new Map<string, number>();
  for (const line of fulfillment.lines) {
    if (!keys.has(line.externalLineId)) {
      return validationFailure(
        `fulfilment ${fulfillment.externalId} ships line ${line.externalLineId}, not a line of ${order.orderNumber}`,
      );
    }
    shipped.set(line.externalLineId, (shipped.get(line.externalLineId) ?? 0) + line.quantity);
  }
  const location = locationRef(mappings, fulfillment.locationId);
  const items = order.lines.flatMap((line) => {
    const orderLine = keys.get(line.externalLineId);
    if (orderLine === undefined) return [];
    const quantity = shipped.get(line.externalLineId) ?? 0;
    return quantity > 0
      ? [{ orderLine, quantity, itemReceive: true, ...(location ? { location } : {}) }]
      : [{ orderLine, itemReceive: false }];
  });
  const body: JsonObject = {
    tranDate: fulfillment.shippedAt.slice(0, 10),
    shipStatus: { id: fulfillment.status === "pending" ? "B" : "C" },
    memo: memo(
      correlationId,
      `${order.channel} order ${order.orderNumber}`,
      `shipment ${fulfillment.externalId}`,
    ),
    item: { items },
    ...(fulfillment.packages.length > 0 ? { package: { items: packageLines(fulfillment.packages) } } : {}),
  };
  return { ok: true, value: body };
}
