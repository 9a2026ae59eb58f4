import { deliveredKey, deliveredQuantities } from "./delivered";
import type { StoredDoc } from "./document-store";
import { decimal, type JsonObject, navigation, quantityText, text } from "./json";
import { addText, DELIVERY_HEADER_TEXT, textEntities } from "./long-texts";
import { MSG } from "./messages";
import { edmDate, edmDateTimeOffset, etagOf, keyPredicate } from "./render";
import {
  type EntitySetDef,
  fail,
  type ODataEntity,
  type Outcome,
  type ServiceContext,
} from "./service-context";
import { UNRESTRICTED } from "./stock";

/**
 * API_OUTBOUND_DELIVERY_SRV;v=0002: A_OutbDeliveryHeader created with reference to sales order items
 * (`to_DeliveryDocumentItem` with ReferenceSDDocument / ReferenceSDDocumentItem and, for a partial
 * delivery, ActualDeliveryQuantity); header fields such as DeliveryDocumentBySupplier (the external
 * delivery id) and BillOfLading changed with If-Match; goods issue posted with the function import
 * `PostGoodsIssue?DeliveryDocument='…'`, which also needs If-Match. Header texts
 * (A_OutbDeliveryHeaderText, new in version 2) are created with `POST
 * A_OutbDeliveryHeader('…')/to_DeliveryDocumentText`; adding one changes the delivery, so its ETag moves
 * (a sandbox convention: whether SAP's LastChangeDateTime moves for a text is not documented).
 */
export const DELIVERY_SERVICE = "API_OUTBOUND_DELIVERY_SRV";
/** The plant and storage location SAP Best Practices' US company ships from, when the order names none. */
const DEFAULT_PLANT = "1710";
const DEFAULT_SLOC = "171A";
const HEADER_UPDATABLE = new Set(["DeliveryDocumentBySupplier", "BillOfLading", "MeansOfTransport"]);

export function deliveryEntity(ctx: ServiceContext, doc: StoredDoc): ODataEntity {
  const etag = etagOf(doc.changedAt);
  const items = doc.items.map((item) => ({
    address: {
      origin: ctx.origin,
      service: DELIVERY_SERVICE,
      set: "A_OutbDeliveryItem",
      key: keyPredicate({
        DeliveryDocument: doc.id,
        DeliveryDocumentItem: text(item, "DeliveryDocumentItem"),
      }),
      type: "A_OutbDeliveryItemType",
    },
    fields: {
      DeliveryDocument: doc.id,
      ...item,
      GoodsMovementStatus: text(doc.header, "OverallGoodsMovementStatus"),
    },
    etag,
    navigations: {},
    source: { kind: doc.kind, id: doc.id, item: text(item, "DeliveryDocumentItem") },
  }));
  return {
    address: {
      origin: ctx.origin,
      service: DELIVERY_SERVICE,
      set: "A_OutbDeliveryHeader",
      key: keyPredicate({ DeliveryDocument: doc.id }),
      type: "A_OutbDeliveryHeaderType",
    },
    fields: { ...doc.header, LastChangeDateTime: edmDateTimeOffset(doc.changedAt) },
    etag,
    navigations: {
      to_DeliveryDocumentItem: items,
      to_DeliveryDocumentText: textEntities(ctx, DELIVERY_HEADER_TEXT, doc),
    },
    source: { kind: doc.kind, id: doc.id, item: null },
  };
}

function create(ctx: ServiceContext, body: JsonObject): Outcome<ODataEntity> {
  const lines = navigation(body, "to_DeliveryDocumentItem");
  if (!lines || lines.length === 0) return fail(MSG.noRelatedEntities());
  const delivered = deliveredQuantities(ctx.store);
  const items: JsonObject[] = [];
  let soldTo = "";
  for (const [index, line] of lines.entries()) {
    const order = text(line, "ReferenceSDDocument");
    const doc = ctx.store.get("sales_order", order);
    if (!doc) return fail(MSG.documentNotFound(order || "(none)"));
    soldTo = text(doc.header, "SoldToParty");
    const number = text(line, "ReferenceSDDocumentItem");
    const source = doc.items.find((i) => text(i, "SalesOrderItem") === number);
    if (!source) return fail(MSG.itemNotFound(order, number));
    if (text(source, "SalesDocumentRjcnReason")) return fail(MSG.itemRejected(order, number));
    const key = deliveredKey(order, number);
    const open = (decimal(source, "RequestedQuantity") ?? 0) - (delivered.get(key) ?? 0);
    const quantity = decimal(line, "ActualDeliveryQuantity") ?? open;
    if (quantity <= 0 || quantity > open)
      return fail(MSG.overDelivery(order, number, quantityText(Math.max(open, 0))));
    delivered.set(key, (delivered.get(key) ?? 0) + quantity);
    items.push({
      DeliveryDocumentItem: String((index + 1) * 10).padStart(6, "0"),
      ReferenceSDDocument: order,
      ReferenceSDDocumentItem: number,
      Material: text(source, "Material"),
      ActualDeliveryQuantity: quantityText(quantity),
      DeliveryQuantityUnit: text(source, "RequestedQuantityUnit") || "EA",
      Plant: text(source, "ProductionPlant") || DEFAULT_PLANT,
      StorageLocation: text(source, "StorageLocation") || DEFAULT_SLOC,
    });
  }
  const id = ctx.store.nextNumber("outbound_delivery", 80000000);
  // DeliveryDocumentBySupplier and BillOfLading are not creatable (sap:creatable="false" in the
  // published metadata; the create payload names only type, shipping point, sold-to, date and items):
  // Gateway ignores them on create, so they are set by a PATCH afterwards.
  const header = {
    DeliveryDocument: id,
    DeliveryDocumentType: "LF",
    SoldToParty: soldTo,
    ShipToParty: soldTo,
    ShippingPoint: text(body, "ShippingPoint") || DEFAULT_PLANT,
    DeliveryDocumentBySupplier: "",
    BillOfLading: "",
    MeansOfTransport: text(body, "MeansOfTransport"),
    DeliveryDate: edmDate(new Date(ctx.now).toISOString()),
    OverallGoodsMovementStatus: "A",
    ActualGoodsMovementDate: null,
  };
  const doc = ctx.store.insert("outbound_delivery", id, null, header, items, ctx.now);
  return { ok: true, value: deliveryEntity(ctx, doc) };
}

function update(ctx: ServiceContext, target: ODataEntity, changes: JsonObject): Outcome<null> {
  const doc = ctx.store.get("outbound_delivery", target.source.id);
  if (!doc) return fail(MSG.documentNotFound(target.source.id), 404);
  if (text(doc.header, "OverallGoodsMovementStatus") === "C") return fail(MSG.alreadyIssued(doc.id));
  for (const field of Object.keys(changes)) {
    if (field === "__metadata" || field === "DeliveryDocument") continue;
    if (!HEADER_UPDATABLE.has(field)) return fail(MSG.notChangeable(field));
    if (text(changes, field).length > 35) return fail(MSG.tooLong(field, 35));
    doc.header[field] = text(changes, field);
  }
  doc.refKey = text(doc.header, "DeliveryDocumentBySupplier") || null;
  ctx.store.update(doc, ctx.now);
  return { ok: true, value: null };
}

/** `POST PostGoodsIssue?DeliveryDocument='…'`: stock leaves the plant; refused twice, and on a deficit when enforced. */
export function postGoodsIssue(ctx: ServiceContext, deliveryId: string): Outcome<ODataEntity> {
  const doc = ctx.store.get("outbound_delivery", deliveryId);
  if (!doc) return fail(MSG.documentNotFound(deliveryId), 404);
  if (text(doc.header, "OverallGoodsMovementStatus") === "C") return fail(MSG.alreadyIssued(deliveryId));
  for (const item of doc.items) {
    const [material, plant, sloc] = [
      text(item, "Material"),
      text(item, "Plant"),
      text(item, "StorageLocation"),
    ];
    const quantity = decimal(item, "ActualDeliveryQuantity") ?? 0;
    const available = ctx.stock.quantity(material, plant, sloc, UNRESTRICTED);
    if (ctx.settings.enforceStock && available < quantity) {
      return fail(MSG.deficit(quantityText(quantity - available), material, plant, sloc));
    }
  }
  for (const item of doc.items) {
    const quantity = decimal(item, "ActualDeliveryQuantity") ?? 0;
    ctx.stock.move(
      text(item, "Material"),
      text(item, "Plant"),
      text(item, "StorageLocation"),
      UNRESTRICTED,
      -quantity,
    );
  }
  doc.header.OverallGoodsMovementStatus = "C";
  doc.header.ActualGoodsMovementDate = edmDate(new Date(ctx.now).toISOString());
  return { ok: true, value: deliveryEntity(ctx, ctx.store.update(doc, ctx.now)) };
}

export const outboundDeliverySets: EntitySetDef[] = [
  {
    service: DELIVERY_SERVICE,
    set: "A_OutbDeliveryHeader",
    list: (ctx) => ctx.store.list("outbound_delivery").map((doc) => deliveryEntity(ctx, doc)),
    create,
    update,
    createRelated: (ctx, target, navigationName, body) => {
      if (navigationName !== "to_DeliveryDocumentText") return null;
      const doc = ctx.store.get("outbound_delivery", target.source.id);
      if (!doc) return fail(MSG.documentNotFound(target.source.id), 404);
      return addText(ctx, DELIVERY_HEADER_TEXT, doc, body);
    },
  },
  {
    service: DELIVERY_SERVICE,
    set: "A_OutbDeliveryHeaderText",
    list: (ctx) =>
      ctx.store.list("outbound_delivery").flatMap((doc) => textEntities(ctx, DELIVERY_HEADER_TEXT, doc)),
  },
  {
    service: DELIVERY_SERVICE,
    set: "A_OutbDeliveryItem",
    list: (ctx) =>
      ctx.store
        .list("outbound_delivery")
        .flatMap((doc) => deliveryEntity(ctx, doc).navigations.to_DeliveryDocumentItem ?? []),
  },
];
