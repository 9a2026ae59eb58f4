import type { ErpDocumentOf } from "../../../../../shared/erp";
import type { PushFailure, PushResult } from "../erp-adapter";
import { failureOf } from "./classify";
import { SERVICE } from "./config";
import { CUSTOMER_TEXT_ID, longText } from "./correlation";
import { findByReference } from "./lookup";
import { defaultCustomerOf } from "./mapping";
import { field, literal, resultsOf } from "./odata";
import { createdResult, type PushContext } from "./push-context";
import { referenceFor } from "./references";

/**
 * A buyer as an SAP business partner in the customer role (API_BUSINESS_PARTNER). A channel with a
 * default_customer mapping books every order to that customer and creates nothing. Otherwise the
 * partner we created before is found by BusinessPartnerIDByExtSystem, then an existing partner by
 * e-mail (A_AddressEmailAddress, then its A_BusinessPartnerAddress), and only then one is created by
 * deep insert: person, address with e-mail, role FLCU01, the connection's sales area and a customer
 * text carrying the claim's correlation id (correlation.ts). A mapped or e-mail-matched customer is
 * not the mesh's to write on, so it gets no text.
 */
export async function pushCustomer(ctx: PushContext, doc: ErpDocumentOf<"customer">): Promise<PushResult> {
  const { customer, channel } = doc.customer;
  const mapped = defaultCustomerOf(ctx.connection.mappings, channel);
  if (mapped) return { ok: true, erpId: mapped };

  const reference = await referenceFor(ctx.claim.docKey, "businessPartnerExternalId");
  const ours = await findByReference(
    ctx.client,
    SERVICE.businessPartner,
    "A_BusinessPartner",
    "BusinessPartnerIDByExtSystem",
    reference,
    { now: ctx.now() },
  );
  if (!ours.ok) return ours;
  if (ours.entity) return { ok: true, erpId: field(ours.entity, "BusinessPartner") };

  const email = customer.email?.trim().toLowerCase() ?? "";
  if (email) {
    const byEmail = await partnerByEmail(ctx, email);
    if (typeof byEmail === "string") return { ok: true, erpId: byEmail };
    if (byEmail !== null) return byEmail;
  }

  const address = doc.customer.billingAddress ?? doc.customer.shippingAddress;
  const settings = ctx.config.settings;
  const lastName = customer.lastName || address?.name || email.split("@")[0] || "Customer";
  const body = {
    BusinessPartnerCategory: "1",
    FirstName: customer.firstName ?? "",
    LastName: lastName,
    BusinessPartnerIDByExtSystem: reference,
    SearchTerm1: lastName.toUpperCase().slice(0, 20),
    to_BusinessPartnerRole: [{ BusinessPartnerRole: "FLCU01" }],
    to_BusinessPartnerAddress: [
      {
        Country: address?.countryCode ?? "",
        CityName: address?.city ?? "",
        PostalCode: address?.postalCode ?? "",
        StreetName: address?.line1 ?? "",
        ...(email ? { to_EmailAddress: [{ EmailAddress: email }] } : {}),
      },
    ],
    to_Customer: {
      to_CustomerText: [
        longText(CUSTOMER_TEXT_ID, ctx.claim.correlationId, `${channel} store ${doc.customer.storeId}`),
      ],
      to_CustomerSalesArea: [
        {
          SalesOrganization: settings.salesOrganization,
          DistributionChannel: settings.distributionChannel,
          Division: settings.organizationDivision,
        },
      ],
    },
  };
  const outcome = await ctx.client.write("POST", SERVICE.businessPartner, "A_BusinessPartner", body);
  return createdResult(outcome, ctx.now(), "BusinessPartner", "the business partner");
}

/** The partner holding this e-mail address: its number, null when none, or the failure. */
async function partnerByEmail(ctx: PushContext, email: string): Promise<string | PushFailure | null> {
  const emails = await ctx.client.get(SERVICE.businessPartner, "A_AddressEmailAddress", {
    $filter: `EmailAddress eq ${literal(email)}`,
    $top: "1",
  });
  const found = resultsOf(emails);
  if (!found) return failureOf(emails, ctx.now(), "looking up the e-mail address");
  const addressId = found[0] ? field(found[0], "AddressID") : "";
  if (!addressId) return null;
  const addresses = await ctx.client.get(SERVICE.businessPartner, "A_BusinessPartnerAddress", {
    $filter: `AddressID eq ${literal(addressId)}`,
    $top: "1",
  });
  const partner = resultsOf(addresses);
  if (!partner) return failureOf(addresses, ctx.now(), "looking up the address's business partner");
  return partner[0] ? field(partner[0], "BusinessPartner") || null : null;
}
