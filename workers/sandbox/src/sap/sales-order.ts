import { formatDecimal, parseDecimal } from "../../../../shared/canonical";
import { deliveredKey, deliveredQuantities } from "./delivered";
import type { StoredDoc } from "./document-store";
import { decimal, type JsonObject, quantityText, text } from "./json";
import { MSG } from "./messages";
import { edmDate, edmDateTimeOffset, etagOf, keyPredicate } from "./render";
import { checkHeader, checkItems, dateFrom, itemFields, totalNet } from "./sd-document";
import {
  type EntitySetDef,
  fail,
  type ODataEntity,
  type Outcome,
  type ServiceContext,
} from "./service-context";

/**
 * API_SALES_ORDER_SRV: A_SalesOrder created by deep insert with `to_Item`; header and items changed
 * with If-Match. Partial cancellation is what SAP does: reduce an item's RequestedQuantity or reject
 * the item with a SalesDocumentRjcnReason. Delivery and process statuses are derived from the
 * outbound deliveries, as SAP derives them. Items carry the header's ETag (a sandbox convention:
 * SAP's item ETag semantics are not publicly documented).
 */
const SERVICE = "API_SALES_ORDER_SRV";
const HEADER_UPDATABLE = new Set([
  "PurchaseOrderByCustomer",
  "CustomerPurchaseOrderDate",
  "HeaderBillingBlockReason",
  "DeliveryBlockReason",
  "RequestedDeliveryDate",
]);
const ITEM_CARRY = ["SalesOrderItemText", "ProductionPlant", "StorageLocation", "SalesDocumentRjcnReason"];

type Status = "A" | "B" | "C" | "";

function itemStatus(item: JsonObject, delivered: number): Status {
  if (text(item, "SalesDocumentRjcnReason")) return "";
  const requested = decimal(item, "RequestedQuantity") ?? 0;
  if (delivered >= requested) return "C";
  return delivered > 0 ? "B" : "A";
}

function overall(statuses: readonly Status[]): Status {
  const relevant = statuses.filter((s) => s !== "");
  if (relevant.length === 0) return "";
  if (relevant.every((s) => s === "C")) return "C";
  return relevant.every((s) => s === "A") ? "A" : "B";
}

export function salesOrderEntity(
  ctx: ServiceContext,
  doc: StoredDoc,
  delivered = deliveredQuantities(ctx.store),
): ODataEntity {
  const etag = etagOf(doc.changedAt);
  const statuses: Status[] = [];
  const items = doc.items.map((item) => {
    const number = text(item, "SalesOrderItem");
    const done = delivered.get(deliveredKey(doc.id, number)) ?? 0;
    const status = itemStatus(item, done);
    statuses.push(status);
    return {
      address: {
        origin: ctx.origin,
        service: SERVICE,
        set: "A_SalesOrderItem",
        key: keyPredicate({ SalesOrder: doc.id, SalesOrderItem: number }),
        type: "A_SalesOrderItemType",
      },
      fields: {
        SalesOrder: doc.id,
        ...item,
        SDProcessStatus: status === "" ? "C" : status,
        DeliveryStatus: status,
      },
      etag,
      navigations: {},
      source: { kind: doc.kind, id: doc.id, item: number },
    };
  });
  const rejected = doc.items.filter((i) => text(i, "SalesDocumentRjcnReason")).length;
  const delivery = overall(statuses);
  const currency = text(doc.header, "TransactionCurrency");
  return {
    address: {
      origin: ctx.origin,
      service: SERVICE,
      set: "A_SalesOrder",
      key: keyPredicate({ SalesOrder: doc.id }),
      type: "A_SalesOrderType",
    },
    fields: {
      ...doc.header,
      TotalNetAmount: totalNet(
        doc.items.filter((i) => !text(i, "SalesDocumentRjcnReason")),
        currency,
      ),
      OverallDeliveryStatus: delivery,
      OverallSDProcessStatus: delivery === "" ? "C" : delivery,
      OverallSDDocumentRejectionSts: rejected === 0 ? "A" : rejected === doc.items.length ? "C" : "B",
      LastChangeDateTime: edmDateTimeOffset(doc.changedAt),
    },
    etag,
    navigations: { to_Item: items },
    source: { kind: doc.kind, id: doc.id, item: null },
  };
}

function create(ctx: ServiceContext, body: JsonObject): Outcome<ODataEntity> {
  const header = checkHeader(ctx, body, "SalesOrderType");
  if (!header.ok) return header;
  const h = header.value;
  const items = checkItems(body, "SalesOrderItem", h.currency, ITEM_CARRY);
  if (!items.ok) return items;
  const id = ctx.store.nextNumber("sales_order", 1);
  const today = new Date(ctx.now).toISOString().slice(0, 10);
  const stored = {
    SalesOrder: id,
    SalesOrderType: h.type,
    SalesOrganization: h.salesOrganization,
    DistributionChannel: h.distributionChannel,
    OrganizationDivision: h.organizationDivision,
    SoldToParty: h.soldToParty,
    PurchaseOrderByCustomer: h.purchaseOrderByCustomer,
    CustomerPurchaseOrderDate: edmDate(dateFrom(body, "CustomerPurchaseOrderDate") ?? today),
    SalesOrderDate: edmDate(dateFrom(body, "SalesOrderDate") ?? today),
    CreationDate: edmDate(today),
    TransactionCurrency: h.currency,
    HeaderBillingBlockReason: text(body, "HeaderBillingBlockReason"),
    DeliveryBlockReason: text(body, "DeliveryBlockReason"),
  };
  const rows = items.value.map((i) => ({ SalesOrderItem: i.item, ...itemFields(i, h.currency) }));
  const doc = ctx.store.insert("sales_order", id, h.purchaseOrderByCustomer || null, stored, rows, ctx.now);
  return {
    ok: true,
    value: salesOrderEntity(ctx, doc),
    ...(items.warnings ? { warnings: items.warnings } : {}),
  };
}

function updateHeader(ctx: ServiceContext, target: ODataEntity, changes: JsonObject): Outcome<null> {
  const doc = ctx.store.get("sales_order", target.source.id);
  if (!doc) return fail(MSG.documentNotFound(target.source.id), 404);
  for (const field of Object.keys(changes)) {
    if (field === "__metadata" || field === "SalesOrder") continue;
    if (!HEADER_UPDATABLE.has(field)) return fail(MSG.notChangeable(field));
    if (field === "PurchaseOrderByCustomer" && text(changes, field).length > 35)
      return fail(MSG.tooLong(field, 35));
    doc.header[field] = changes[field];
  }
  doc.refKey = text(doc.header, "PurchaseOrderByCustomer") || null;
  ctx.store.update(doc, ctx.now);
  return { ok: true, value: null };
}

function updateItem(ctx: ServiceContext, target: ODataEntity, changes: JsonObject): Outcome<null> {
  const doc = ctx.store.get("sales_order", target.source.id);
  const item = doc?.items.find((i) => text(i, "SalesOrderItem") === target.source.item);
  if (!doc || !item) return fail(MSG.itemNotFound(target.source.id, target.source.item ?? ""), 404);
  const number = text(item, "SalesOrderItem");
  const delivered = deliveredQuantities(ctx.store).get(deliveredKey(doc.id, number)) ?? 0;
  for (const field of Object.keys(changes)) {
    if (field === "__metadata" || field === "SalesOrder" || field === "SalesOrderItem") continue;
    if (field === "RequestedQuantity") {
      const quantity = decimal(changes, field);
      if (quantity === null || quantity <= 0) return fail(MSG.invalidQuantity(number));
      if (quantity < delivered) return fail(MSG.belowDelivered(number, quantityText(delivered)));
      // The price per unit stays; the net value follows the quantity, exact in minor units.
      const currency = text(item, "TransactionCurrency");
      const net = parseDecimal(text(item, "NetAmount") || "0", currency);
      item.NetAmount = formatDecimal(
        Math.round((net * quantity) / (decimal(item, "RequestedQuantity") || 1)),
        currency,
      );
      item.RequestedQuantity = quantityText(quantity);
    } else if (field === "SalesDocumentRjcnReason") {
      if (text(changes, field) && delivered >= (decimal(item, "RequestedQuantity") ?? 0))
        return fail(MSG.fullyDelivered(number));
      item.SalesDocumentRjcnReason = text(changes, field);
    } else if (field === "SalesOrderItemText") {
      item.SalesOrderItemText = text(changes, field);
    } else return fail(MSG.notChangeable(field));
  }
  ctx.store.update(doc, ctx.now);
  return { ok: true, value: null };
}

export const salesOrderSets: EntitySetDef[] = [
  {
    service: SERVICE,
    set: "A_SalesOrder",
    list: (ctx) => {
      const delivered = deliveredQuantities(ctx.store);
      return ctx.store.list("sales_order").map((doc) => salesOrderEntity(ctx, doc, delivered));
    },
    create,
    update: updateHeader,
  },
  {
    service: SERVICE,
    set: "A_SalesOrderItem",
    list: (ctx) => {
      const delivered = deliveredQuantities(ctx.store);
      return ctx.store
        .list("sales_order")
        .flatMap((doc) => salesOrderEntity(ctx, doc, delivered).navigations.to_Item ?? []);
    },
    update: updateItem,
  },
];
