import type { StoredDoc } from "./document-store";
import { type JsonObject, text } from "./json";
import { CREDIT_MEMO_REQUEST_TEXT, checkTexts, textEntities } from "./long-texts";
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
 * API_CREDIT_MEMO_REQUEST_SRV: A_CreditMemoRequest by deep insert with `to_Item`, an order reason
 * (SDDocumentReason), optionally header texts (`to_Text`, A_CreditMemoReqText) and the SD document it
 * refers to (the sales order or the customer return). Billing the request produces the credit memo; the sandbox stops at the request, as the
 * integration does.
 */
const SERVICE = "API_CREDIT_MEMO_REQUEST_SRV";
const ITEM_CARRY = ["CreditMemoRequestItemText", "ProductionPlant"];

function requestEntity(ctx: ServiceContext, doc: StoredDoc): ODataEntity {
  const etag = etagOf(doc.changedAt);
  const items = doc.items.map((item) => ({
    address: {
      origin: ctx.origin,
      service: SERVICE,
      set: "A_CreditMemoRequestItem",
      key: keyPredicate({
        CreditMemoRequest: doc.id,
        CreditMemoRequestItem: text(item, "CreditMemoRequestItem"),
      }),
      type: "A_CreditMemoRequestItemType",
    },
    fields: { CreditMemoRequest: doc.id, ...item },
    etag,
    navigations: {},
    source: { kind: doc.kind, id: doc.id, item: text(item, "CreditMemoRequestItem") },
  }));
  return {
    address: {
      origin: ctx.origin,
      service: SERVICE,
      set: "A_CreditMemoRequest",
      key: keyPredicate({ CreditMemoRequest: doc.id }),
      type: "A_CreditMemoRequestType",
    },
    fields: {
      ...doc.header,
      TotalNetAmount: totalNet(doc.items, text(doc.header, "TransactionCurrency")),
      LastChangeDateTime: edmDateTimeOffset(doc.changedAt),
    },
    etag,
    navigations: { to_Item: items, to_Text: textEntities(ctx, CREDIT_MEMO_REQUEST_TEXT, doc) },
    source: { kind: doc.kind, id: doc.id, item: null },
  };
}

function create(ctx: ServiceContext, body: JsonObject): Outcome<ODataEntity> {
  const header = checkHeader(ctx, body, "CreditMemoRequestType");
  if (!header.ok) return header;
  const h = header.value;
  if (!text(body, "SDDocumentReason")) return fail(MSG.mandatoryField("SDDocumentReason"));
  const reference = text(body, "ReferenceSDDocument");
  if (reference && !ctx.store.get("sales_order", reference) && !ctx.store.get("customer_return", reference)) {
    return fail(MSG.documentNotFound(reference));
  }
  const items = checkItems(body, "CreditMemoRequestItem", h.currency, ITEM_CARRY);
  if (!items.ok) return items;
  const texts = checkTexts(CREDIT_MEMO_REQUEST_TEXT, body, "to_Text");
  if (!texts.ok) return texts;
  const id = ctx.store.nextNumber("credit_memo_request", 70000000);
  const today = edmDate(new Date(ctx.now).toISOString());
  const stored = {
    CreditMemoRequest: id,
    CreditMemoRequestType: h.type,
    SalesOrganization: h.salesOrganization,
    DistributionChannel: h.distributionChannel,
    OrganizationDivision: h.organizationDivision,
    SoldToParty: h.soldToParty,
    PurchaseOrderByCustomer: h.purchaseOrderByCustomer,
    SDDocumentReason: text(body, "SDDocumentReason"),
    ReferenceSDDocument: reference,
    TransactionCurrency: h.currency,
    HeaderBillingBlockReason: text(body, "HeaderBillingBlockReason"),
    CreditMemoRequestDate: today,
    CreationDate: today,
    OverallSDProcessStatus: "A",
  };
  const rows = items.value.map((i) => ({ CreditMemoRequestItem: i.item, ...itemFields(i, h.currency) }));
  const doc = ctx.store.insert(
    "credit_memo_request",
    id,
    h.purchaseOrderByCustomer || null,
    stored,
    rows,
    ctx.now,
    texts.value,
  );
  return {
    ok: true,
    value: requestEntity(ctx, doc),
    ...(items.warnings ? { warnings: items.warnings } : {}),
  };
}

export const creditMemoRequestSets: EntitySetDef[] = [
  {
    service: SERVICE,
    set: "A_CreditMemoRequest",
    list: (ctx) => ctx.store.list("credit_memo_request").map((doc) => requestEntity(ctx, doc)),
    create,
  },
  {
    service: SERVICE,
    set: "A_CreditMemoRequestItem",
    list: (ctx) =>
      ctx.store
        .list("credit_memo_request")
        .flatMap((doc) => requestEntity(ctx, doc).navigations.to_Item ?? []),
  },
  {
    service: SERVICE,
    set: "A_CreditMemoReqText",
    list: (ctx) =>
      ctx.store
        .list("credit_memo_request")
        .flatMap((doc) => textEntities(ctx, CREDIT_MEMO_REQUEST_TEXT, doc)),
  },
];
