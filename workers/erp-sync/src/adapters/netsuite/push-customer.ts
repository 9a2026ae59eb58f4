import type { Address } from "../../../../../shared/canonical";
import type { ErpDocumentOf } from "../../../../../shared/erp";
import type { OutboxClaim } from "../../../../../shared/internal-api";
import type { PushResult } from "../erp-adapter";
import type { NsContext } from "./context";
import { customerExternalId } from "./external-id";
import { upsert } from "./records";
import { subsidiaryRef } from "./refs";
import { sqlString, suiteql } from "./suiteql";

/**
 * A buyer: matched by email when NetSuite already has a customer with it (SuiteQL
 * `SELECT id FROM customer WHERE email = '...'`, the oldest match wins), else created or updated by
 * `PUT customer/eid:<CUS-channel-store-buyer>`. Exactly once either way: after a first push, a repeat
 * finds the customer by email, or upserts the same external id when the buyer has no email.
 */
function address(a: Address, billing: boolean, shipping: boolean) {
  return {
    defaultBilling: billing,
    defaultShipping: shipping,
    addressBookAddress: {
      addressee: a.name ?? undefined,
      attention: a.company ?? undefined,
      addr1: a.line1 ?? undefined,
      addr2: a.line2 ?? undefined,
      city: a.city ?? undefined,
      state: a.regionCode ?? a.region ?? undefined,
      zip: a.postalCode ?? undefined,
      country: a.countryCode ? { id: a.countryCode } : undefined,
      addrPhone: a.phone ?? undefined,
    },
  };
}

export async function pushCustomer(
  ctx: NsContext,
  claim: OutboxClaim,
  doc: ErpDocumentOf<"customer">,
): Promise<PushResult> {
  const { customer, billingAddress, shippingAddress } = doc.customer;
  if (customer.email) {
    const match = await suiteql(
      ctx,
      `SELECT id FROM customer WHERE email = ${sqlString(customer.email)} ORDER BY id`,
    );
    if (!match.ok) return match;
    const id = match.rows[0]?.id;
    if (id) return { ok: true, erpId: id };
  }
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(" ");
  const subsidiary = subsidiaryRef(ctx.connection);
  const addresses = [
    ...(billingAddress ? [address(billingAddress, true, !shippingAddress)] : []),
    ...(shippingAddress ? [address(shippingAddress, !billingAddress, true)] : []),
  ];
  const body = {
    isPerson: true,
    firstName: customer.firstName ?? (name || customer.email || "Unknown"),
    lastName: customer.lastName ?? `(${doc.customer.channel})`,
    ...(customer.email ? { email: customer.email } : {}),
    ...(customer.phone ? { phone: customer.phone } : {}),
    ...(subsidiary ? { subsidiary } : {}),
    // A customer has no memo; its comments field carries the trace instead.
    comments: `mesh ${claim.correlationId} | ${doc.customer.channel} store ${doc.customer.storeId}`,
    ...(addresses.length > 0 ? { addressBook: { items: addresses } } : {}),
  };
  return upsert(
    ctx,
    "customer",
    customerExternalId(doc.customer),
    body,
    addresses.length > 0 ? ["addressBook"] : [],
  );
}
