import { deliveredKey, deliveredQuantities } from "./delivered";
import type { StoredDoc } from "./document-store";
import { decimal, type JsonObject, text } from "./json";
import { checkTexts, SALES_ORDER_TEXT, textEntities } from "./long-texts";
import { edmDate, edmDateTimeOffset, etagOf, keyPredicate } from "./render";
import { updateHeader, updateItem } from "./sales-order-changes";
import { checkHeader, checkItems, dateFrom, itemFields, totalNet } from "./sd-document";
import type { EntitySetDef, ODataEntity, Outcome, ServiceContext } from "./service-context";

/**
 * API_SALES_ORDER_SRV: A_SalesOrder created by deep insert with `to_Item` and optionally `to_Text`
 * (header texts, A_SalesOrderText); header and items changed with If-Match. Partial cancellation is what SAP does: reduce an item's RequestedQuantity or reject
 * the item with a SalesDocumentRjcnReason. Delivery and process statuses are derived from the
 * outbound deliveries, as SAP derives them. Items carry the header's ETag (a sandbox convention:
 * SAP's item ETag semantics are not publicly documented).
 */
const SERVICE = "API_SALES_ORDER_SRV";
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
    navigations: { to_Item: items, to_Text: textEntities(ctx, SALES_ORDER_TEXT, doc) },
    source: { kind: doc.kind, id: doc.id, item: null },
  };
}

function create(ctx: ServiceContext, body: JsonObject): Outcome<ODataEntity> {
  const header = checkHeader(ctx, body, "SalesOrderType");
  if (!header.ok) return header;
  const h = header.value;
  const items = checkItems(body, "SalesOrderItem", h.currency, ITEM_CARRY);
  if (!items.ok) return items;
  const texts = checkTexts(SALES_ORDER_TEXT, body, "to_Text");
  if (!texts.ok) return texts;
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
  const doc = ctx.store.insert(
    "sales_order",
    id,
    h.purchaseOrderByCustomer || null,
    stored,
    rows,
    ctx.now,
    texts.value,
  );
  return {
    ok: true,
    value: salesOrderEntity(ctx, doc),
    ...(items.warnings ? { warnings: items.warnings } : {}),
  };
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
  {
    service: SERVICE,
    set: "A_SalesOrderText",
    list: (ctx) => ctx.store.list("sales_order").flatMap((doc) => textEntities(ctx, SALES_ORDER_TEXT, doc)),
  },
];
