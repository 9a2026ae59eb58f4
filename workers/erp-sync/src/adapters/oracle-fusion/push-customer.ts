import type { ErpDocumentOf } from "../../../../../shared/erp";
import type { PushResult } from "../erp-adapter";
import { findOrCreate } from "./find-or-create";
import { LIMITS, reference, rowMatch } from "./references";
import type { Rest } from "./rest";

/**
 * A buyer as a CRM account, keyed by a source system reference: SourceSystem = the connection's source
 * system, SourceSystemReferenceValue = the customer's natural key. Fusion lets a reference belong to
 * one party only, and the adapter looks it up before creating. The id is the PartyId sales orders book
 * to (BuyingPartyId); the PartyNumber is the customer number Receivables uses.
 */
export async function pushCustomer(
  rest: Rest,
  doc: ErpDocumentOf<"customer">,
  docKey: string,
): Promise<PushResult> {
  const { customer, billingAddress } = doc.customer;
  const name =
    [customer.firstName, customer.lastName].filter((p) => p).join(" ") ||
    billingAddress?.company ||
    customer.email ||
    `${doc.customer.channel} customer ${customer.externalId ?? ""}`.trim();
  const ref = await reference(docKey, LIMITS.sourceReference);
  return findOrCreate(rest, {
    collection: `${rest.config.crm}/accounts`,
    q: rowMatch({ SourceSystem: rest.config.sourceSystem, SourceSystemReferenceValue: ref }),
    body: {
      OrganizationName: name.slice(0, 360),
      SourceSystem: rest.config.sourceSystem,
      SourceSystemReferenceValue: ref,
      Type: "ZCA_CUSTOMER",
      ...(customer.email ? { EmailAddress: customer.email } : {}),
      ...(customer.phone ? { PhoneNumber: customer.phone } : {}),
    },
    idField: "PartyId",
    numberField: "PartyNumber",
    what: "customer account",
  });
}
