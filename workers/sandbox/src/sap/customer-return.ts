import type { StoredDoc } from "./document-store";
import { type JsonObject, navigation, text } from "./json";
import { CUSTOMER_RETURN_TEXT, checkTexts, textEntities } from "./long-texts";
import { MSG } from "./messages";
import { edmDate, edmDateTimeOffset, etagOf, keyPredicate } from "./render";
import { checkHeader, checkItems, itemFields, totalNet } from "./sd-document";
import {
  type EntitySetDef,
  fail,
  type ODataEntity,
  type Outcome,
  type ServiceContext,
} from "./service-context";

/**
 * API_CUSTOMER_RETURN_SRV (SAP_COM_0157): A_CustomerReturn, created only by deep insert with its
 * items ("You cannot create entities without including any related entities", SAP Cloud SDK Javadoc)
 * and with an order reason (SDDocumentReason). Items may reference the sales order they return;
 * header texts (A_CustomerReturnText) come with the deep insert as `to_Text`.
 */
const SERVICE = "API_CUSTOMER_RETURN_SRV";
const ITEM_CARRY = [
  "ReferenceSDDocument",
  "ReferenceSDDocumentItem",
  "ReturnReason",
  "ProductionPlant",
  "StorageLocation",
];

function returnEntity(ctx: ServiceContext, doc: StoredDoc): ODataEntity {
  const etag = etagOf(doc.changedAt);
  const items = doc.items.map((item) => ({
    address: {
      origin: ctx.origin,
      service: SERVICE,
      set: "A_CustomerReturnItem",
      key: keyPredicate({ CustomerReturn: doc.id, CustomerReturnItem: text(item, "CustomerReturnItem") }),
      type: "A_CustomerReturnItemType",
    },
    fields: { CustomerReturn: doc.id, ...item },
    etag,
    navigations: {},
    source: { kind: doc.kind, id: doc.id, item: text(item, "CustomerReturnItem") },
  }));
  return {
    address: {
      origin: ctx.origin,
      service: SERVICE,
      set: "A_CustomerReturn",
      key: keyPredicate({ CustomerReturn: doc.id }),
      type: "A_CustomerReturnType",
    },
    fields: {
      ...doc.header,
      TotalNetAmount: totalNet(doc.items, text(doc.header, "TransactionCurrency")),
      LastChangeDateTime: edmDateTimeOffset(doc.changedAt),
    },
    etag,
    navigations: { to_Item: items, to_Text: textEntities(ctx, CUSTOMER_RETURN_TEXT, doc) },
    source: { kind: doc.kind, id: doc.id, item: null },
  };
}

/** A referenced sales order item must exist, as copy control requires. */
function checkReferences(ctx: ServiceContext, body: JsonObject): Outcome<null> {
  for (const line of navigation(body, "to_Item") ?? []) {
    const order = text(line, "ReferenceSDDocument");
    if (!order) continue;
    const doc = ctx.store.get("sales_order", order);
    if (!doc) return fail(MSG.documentNotFound(order));
    const item = text(line, "ReferenceSDDocumentItem");
    if (item && !doc.items.some((i) => text(i, "SalesOrderItem") === item))
      return fail(MSG.itemNotFound(order, item));
  }
  return { ok: true, value: null };
}

function create(ctx: ServiceContext, body: JsonObject): Outcome<ODataEntity> {
  const header = checkHeader(ctx, body, "CustomerReturnType");
  if (!header.ok) return header;
  const h = header.value;
  if (!text(body, "SDDocumentReason")) return fail(MSG.mandatoryField("SDDocumentReason"));
  const items = checkItems(body, "CustomerReturnItem", h.currency, ITEM_CARRY);
  if (!items.ok) return items;
  const references = checkReferences(ctx, body);
  if (!references.ok) return references;
  const texts = checkTexts(CUSTOMER_RETURN_TEXT, body, "to_Text");
  if (!texts.ok) return texts;
  const id = ctx.store.nextNumber("customer_return", 60000000);
  const today = edmDate(new Date(ctx.now).toISOString());
  const stored = {
    CustomerReturn: id,
    CustomerReturnType: h.type,
    SalesOrganization: h.salesOrganization,
    DistributionChannel: h.distributionChannel,
    OrganizationDivision: h.organizationDivision,
    SoldToParty: h.soldToParty,
    PurchaseOrderByCustomer: h.purchaseOrderByCustomer,
    SDDocumentReason: text(body, "SDDocumentReason"),
    ReferenceSDDocument: text(body, "ReferenceSDDocument"),
    TransactionCurrency: h.currency,
    CustomerReturnDate: today,
    CreationDate: today,
    OverallSDProcessStatus: "A",
  };
  const rows = items.value.map((i) => ({ CustomerReturnItem: i.item, ...itemFields(i, h.currency) }));
  const doc = ctx.store.insert(
    "customer_return",
    id,
    h.purchaseOrderByCustomer || null,
    stored,
    rows,
    ctx.now,
    texts.value,
  );
  return { ok: true, value: returnEntity(ctx, doc), ...(items.warnings ? { warnings: items.warnings } : {}) };
}

export const customerReturnSets: EntitySetDef[] = [
  {
    service: SERVICE,
    set: "A_CustomerReturn",
    list: (ctx) => ctx.store.list("customer_return").map((doc) => returnEntity(ctx, doc)),
    create,
  },
  {
    service: SERVICE,
    set: "A_CustomerReturnItem",
    list: (ctx) =>
      ctx.store.list("customer_return").flatMap((doc) => returnEntity(ctx, doc).navigations.to_Item ?? []),
  },
  {
    service: SERVICE,
    set: "A_CustomerReturnText",
    list: (ctx) =>
      ctx.store.list("customer_return").flatMap((doc) => textEntities(ctx, CUSTOMER_RETURN_TEXT, doc)),
  },
];
