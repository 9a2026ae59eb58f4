import { type AdfError, badRequest, invalidValue, missingAttribute } from "./errors";
import { amount, type JsonObject, objects, text } from "./json";
import type { PodContext, ResourceSpec } from "./resource-spec";
import { lineStatus, orderLines } from "./sales-order-lines";

/**
 * `shipments` (Shipping): goods that left an inventory organization, with their order lines (`Order`
 * is the sales order number, `OrderLine` its line number) and one packing unit per parcel, each with its
 * tracking number. Creating one ships the order lines (ShippedQuantity, StatusCode) and takes the units
 * off hand in the organization's subinventory. A shipment name is unique within its organization.
 */
const DEFAULT_SUBINVENTORY = "Stores";

function shipLine(
  line: JsonObject,
  index: number,
  organization: string,
  ctx: PodContext,
): { error: AdfError } | { line: JsonObject } {
  const at = (field: string) => `lines[${index}].${field}`;
  const orderNumber = text(line.Order);
  if (!orderNumber) return { error: missingAttribute(at("Order")) };
  const [order] = ctx.store.query("salesOrdersForOrderHub", [
    { attribute: "OrderNumber", value: orderNumber },
  ]);
  if (!order) return { error: invalidValue(at("Order"), orderNumber) };
  const lines = orderLines(order.body);
  const target = lines.find((l) => text(l.LineNumber) === text(line.OrderLine));
  if (!target) return { error: invalidValue(at("OrderLine"), line.OrderLine) };
  const quantity = amount(line.ShippedQuantity);
  if (quantity === null || quantity <= 0)
    return { error: invalidValue(at("ShippedQuantity"), line.ShippedQuantity) };
  const ordered = amount(target.OrderedQuantity) ?? 0;
  const shipped = amount(target.ShippedQuantity) ?? 0;
  if (shipped + quantity > ordered) {
    return {
      error: badRequest(
        `The shipped quantity ${quantity} of order ${orderNumber} line ${String(target.LineNumber)} exceeds the open quantity ${ordered - shipped}.`,
        "SANDBOX-OVERSHIPMENT",
        at("ShippedQuantity"),
      ),
    };
  }
  Object.assign(target, {
    ShippedQuantity: shipped + quantity,
    StatusCode: lineStatus(ordered, shipped + quantity, false),
  });
  ctx.store.replace(order, { ...order.body, lines }, ctx.now);
  const item = text(target.ProductNumber) ?? "";
  ctx.store.adjustOnhand(item, organization, text(line.Subinventory) ?? DEFAULT_SUBINVENTORY, -quantity);
  return { line: { ...line, Item: item } };
}

export const shipments: ResourceSpec = {
  name: "shipments",
  api: "fscmRestApi",
  idField: "ShipmentId",
  children: ["lines", "packingUnits"],
  naturalKey: (body) => {
    const org = text(body.OrganizationCode);
    const name = text(body.Shipment);
    return org && name ? `${org}:${name}` : null;
  },
  duplicate: (body) =>
    badRequest(
      `The shipment ${String(body.Shipment)} already exists in the organization ${String(body.OrganizationCode)}.`,
      "SANDBOX-DUPLICATE-SHIPMENT",
    ),
  create(body, id, ctx) {
    const name = text(body.Shipment);
    if (!name) return { ok: false, error: missingAttribute("Shipment") };
    if (name.length > 30) return { ok: false, error: invalidValue("Shipment", name) };
    const organization = text(body.OrganizationCode);
    if (!organization) return { ok: false, error: missingAttribute("OrganizationCode") };
    const lines = objects(body.lines);
    if (lines.length === 0) return { ok: false, error: missingAttribute("lines") };
    const shipped: JsonObject[] = [];
    for (const [index, line] of lines.entries()) {
      const result = shipLine(line, index, organization, ctx);
      if ("error" in result) return { ok: false, error: result.error };
      shipped.push(result.line);
    }
    return { ok: true, body: { ...body, ShipmentId: Number(id), lines: shipped, ShipmentStatus: "SHIPPED" } };
  },
};
