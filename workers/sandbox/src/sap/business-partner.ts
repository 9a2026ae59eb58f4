import type { DocumentStore, StoredDoc } from "./document-store";
import { isObject, type JsonObject, navigation, text } from "./json";
import { CUSTOMER_TEXT, checkTexts, textEntities } from "./long-texts";
import { MSG } from "./messages";
import { etagOf, keyPredicate } from "./render";
import { type EntitySetDef, fail, type ODataEntity, type ServiceContext } from "./service-context";

/**
 * API_BUSINESS_PARTNER: business partners created by deep insert with addresses, e-mail addresses,
 * roles and the customer's sales areas. A partner is a customer (a valid sold-to party) when it has
 * the role FLCU01 and the sales area; in S/4HANA Cloud the customer number equals the partner number.
 * The sandbox ships SAP Best Practices' demo customer 17100001 ("Domestic US Customer 1") in every area.
 * The customer's general texts (A_CustomerText: Language, LongTextID, LongText) come with the deep
 * insert in `to_Customer/to_CustomerText` and are read through A_Customer('…')/to_CustomerText.
 */
const SERVICE = "API_BUSINESS_PARTNER";
export const SEEDED_CUSTOMERS = new Set(["17100001"]);
const CUSTOMER_ROLE = "FLCU01";

export function isCustomer(
  store: DocumentStore,
  party: string,
  org: string,
  channel: string,
  division: string,
) {
  if (SEEDED_CUSTOMERS.has(party)) return true;
  const bp = store.get("business_partner", party);
  if (!bp) return false;
  const roles = Array.isArray(bp.header._roles) ? bp.header._roles : [];
  const areas = Array.isArray(bp.header._salesAreas) ? bp.header._salesAreas.filter(isObject) : [];
  return (
    roles.includes(CUSTOMER_ROLE) &&
    areas.some(
      (a) =>
        text(a, "SalesOrganization") === org &&
        text(a, "DistributionChannel") === channel &&
        text(a, "Division") === division,
    )
  );
}

function partnerEntity(ctx: ServiceContext, bp: StoredDoc): ODataEntity {
  const { _roles, _salesAreas, ...fields } = bp.header;
  return {
    address: {
      origin: ctx.origin,
      service: SERVICE,
      set: "A_BusinessPartner",
      key: keyPredicate({ BusinessPartner: bp.id }),
      type: "A_BusinessPartnerType",
    },
    fields,
    etag: etagOf(bp.changedAt),
    navigations: { to_BusinessPartnerAddress: bp.items.map((a) => addressEntity(ctx, bp, a)) },
    source: { kind: bp.kind, id: bp.id, item: null },
  };
}

function addressEntity(ctx: ServiceContext, bp: StoredDoc, address: JsonObject): ODataEntity {
  const { _emails, ...fields } = address;
  const emails = Array.isArray(_emails) ? _emails.filter(isObject) : [];
  const addressId = text(address, "AddressID");
  return {
    address: {
      origin: ctx.origin,
      service: SERVICE,
      set: "A_BusinessPartnerAddress",
      key: keyPredicate({ BusinessPartner: bp.id, AddressID: addressId }),
      type: "A_BusinessPartnerAddressType",
    },
    fields: { BusinessPartner: bp.id, ...fields },
    etag: null,
    navigations: {
      to_EmailAddress: emails.map((e) => ({
        address: {
          origin: ctx.origin,
          service: SERVICE,
          set: "A_AddressEmailAddress",
          key: keyPredicate({ AddressID: addressId, Person: "", OrdinalNumber: text(e, "OrdinalNumber") }),
          type: "A_AddressEmailAddressType",
        },
        fields: { AddressID: addressId, Person: "", ...e },
        etag: null,
        navigations: {},
        source: { kind: bp.kind, id: bp.id, item: addressId },
      })),
    },
    source: { kind: bp.kind, id: bp.id, item: addressId },
  };
}

function customerEntity(ctx: ServiceContext, bp: StoredDoc): ODataEntity {
  return {
    address: {
      origin: ctx.origin,
      service: SERVICE,
      set: "A_Customer",
      key: keyPredicate({ Customer: bp.id }),
      type: "A_CustomerType",
    },
    fields: {
      Customer: bp.id,
      CustomerName: text(bp.header, "BusinessPartnerFullName"),
      CustomerFullName: text(bp.header, "BusinessPartnerFullName"),
    },
    etag: null,
    navigations: { to_CustomerText: textEntities(ctx, CUSTOMER_TEXT, bp) },
    source: { kind: bp.kind, id: bp.id, item: null },
  };
}

function create(ctx: ServiceContext, body: JsonObject) {
  const category = text(body, "BusinessPartnerCategory");
  if (category !== "1" && category !== "2") return fail(MSG.roleMissing());
  const external = text(body, "BusinessPartnerIDByExtSystem");
  if (external.length > 20) return fail(MSG.tooLong("BusinessPartnerIDByExtSystem", 20));
  const customer = isObject(body.to_Customer) ? body.to_Customer : {};
  const texts = checkTexts(CUSTOMER_TEXT, customer, "to_CustomerText");
  if (!texts.ok) return texts;
  const id = ctx.store.nextNumber("business_partner", 1000000);
  const addresses = (navigation(body, "to_BusinessPartnerAddress") ?? []).map((a, i) => ({
    AddressID: String(30000 + Number(id) * 10 + i),
    Country: text(a, "Country"),
    CityName: text(a, "CityName"),
    PostalCode: text(a, "PostalCode"),
    StreetName: text(a, "StreetName"),
    _emails: (navigation(a, "to_EmailAddress") ?? []).map((e, n) => ({
      OrdinalNumber: String(n + 1),
      EmailAddress: text(e, "EmailAddress").toLowerCase(),
      IsDefaultEmailAddress: n === 0,
    })),
  }));
  const name =
    category === "1"
      ? [text(body, "FirstName"), text(body, "LastName")].filter(Boolean).join(" ")
      : text(body, "OrganizationBPName1");
  const header: JsonObject = {
    BusinessPartner: id,
    Customer: id,
    BusinessPartnerCategory: category,
    BusinessPartnerFullName: name,
    FirstName: text(body, "FirstName"),
    LastName: text(body, "LastName"),
    OrganizationBPName1: text(body, "OrganizationBPName1"),
    BusinessPartnerIDByExtSystem: external,
    SearchTerm1: text(body, "SearchTerm1"),
    _roles: (navigation(body, "to_BusinessPartnerRole") ?? []).map((r) => text(r, "BusinessPartnerRole")),
    _salesAreas: navigation(customer, "to_CustomerSalesArea") ?? [],
  };
  const bp = ctx.store.insert(
    "business_partner",
    id,
    external || null,
    header,
    addresses,
    ctx.now,
    texts.value,
  );
  return { ok: true as const, value: partnerEntity(ctx, bp) };
}

export const businessPartnerSets: EntitySetDef[] = [
  {
    service: SERVICE,
    set: "A_BusinessPartner",
    list: (ctx) => ctx.store.list("business_partner").map((bp) => partnerEntity(ctx, bp)),
    create,
  },
  {
    service: SERVICE,
    set: "A_BusinessPartnerAddress",
    list: (ctx) =>
      ctx.store.list("business_partner").flatMap((bp) => bp.items.map((a) => addressEntity(ctx, bp, a))),
  },
  {
    service: SERVICE,
    set: "A_Customer",
    list: (ctx) => ctx.store.list("business_partner").map((bp) => customerEntity(ctx, bp)),
  },
  {
    service: SERVICE,
    set: "A_CustomerText",
    list: (ctx) => ctx.store.list("business_partner").flatMap((bp) => textEntities(ctx, CUSTOMER_TEXT, bp)),
  },
  {
    service: SERVICE,
    set: "A_AddressEmailAddress",
    list: (ctx) =>
      ctx.store
        .list("business_partner")
        .flatMap((bp) =>
          bp.items.flatMap((a) => addressEntity(ctx, bp, a).navigations.to_EmailAddress ?? []),
        ),
  },
];
