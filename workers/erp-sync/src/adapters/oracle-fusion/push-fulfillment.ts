import type { ErpConnectionOf, ErpDocumentOf } from "../../../../../shared/erp";
import type { PushResult } from "../erp-adapter";
import { validation } from "./classify";
import type { Json } from "./client";
import { findOrCreate } from "./find-or-create";
import { organizationCode, SUBINVENTORY } from "./lookups";
import { lineFor, readOrder } from "./read-order";
import { LIMITS, reference, rowMatch } from "./references";
import type { Rest } from "./rest";

/**
 * A fulfilment as a Shipping shipment from the mapped organization: one line per shipped channel line
 * (the Fusion order number and line number read from the order), one packing unit per parcel with its
 * own tracking number, so a multi-package shipment keeps every tracking number. Keyed by the shipment
 * name = the fulfilment's natural key compacted to 30 characters, unique within the organization.
 */
export async function pushFulfillment(
  rest: Rest,
  connection: ErpConnectionOf<"oracle_fusion">,
  doc: ErpDocumentOf<"fulfillment">,
  docKey: string,
  orderRef: string | undefined,
): Promise<PushResult> {
  const { fulfillment } = doc;
  if (fulfillment.status === "cancelled" || fulfillment.status === "pending") {
    return validation(
      `a ${fulfillment.status} fulfilment has not shipped; Oracle records only shipped goods`,
    );
  }
  if (!orderRef) return validation("the fulfilment's sales order has no Oracle id yet (refs.sales_order)");
  const organization = organizationCode(connection.mappings, fulfillment.locationId);
  if (!organization)
    return validation("the fulfilment has no location: map its location to an Oracle organization");
  const order = await readOrder(rest, orderRef, "sales order");
  if (!order.ok) return order;
  const lines: Json[] = [];
  for (const line of fulfillment.lines) {
    const target = lineFor(order.value, line.externalLineId);
    if (!target)
      return validation(
        `fulfilment line ${line.externalLineId} matches no line of Oracle order ${order.value.orderNumber}`,
      );
    lines.push({
      Order: order.value.orderNumber,
      OrderLine: target.LineNumber,
      ShippedQuantity: line.quantity,
      Subinventory: SUBINVENTORY.stock,
    });
  }
  const name = await reference(docKey, LIMITS.shipment);
  const first = fulfillment.packages[0];
  const method = first?.service ? connection.mappings.shippingMethod[first.service] : undefined;
  return findOrCreate(rest, {
    collection: `${rest.config.fscm}/shipments`,
    q: rowMatch({ Shipment: name, OrganizationCode: organization }),
    body: {
      Shipment: name,
      OrganizationCode: organization,
      ActualShipDate: fulfillment.shippedAt,
      ...(first?.carrier ? { Carrier: first.carrier } : {}),
      ...(method ? { ShipMethod: method } : {}),
      ...(first?.trackingNumber ? { WaybillNumber: first.trackingNumber } : {}),
      lines,
      packingUnits: fulfillment.packages.map((pkg, i) => ({
        PackingUnit: `${name.slice(0, 26)}-${i + 1}`,
        TrackingNumber: pkg.trackingNumber,
        ...(pkg.carrier ? { Carrier: pkg.carrier } : {}),
        ...(pkg.trackingUrl ? { TrackingURL: pkg.trackingUrl } : {}),
      })),
    },
    idField: "ShipmentId",
    numberField: "Shipment",
    what: "shipment",
  });
}
