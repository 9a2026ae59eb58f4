import type { Address } from "../../../../../shared/canonical";
import type { ErpDocumentOf } from "../../../../../shared/erp";
import type { PushSuccess } from "../erp-adapter";
import { type ModelApi, type Row, TrytonFailure } from "./model-api";
import { meshStamp } from "./stamp";

/**
 * customer -> party.party. Our own earlier create is found by the party `code` (the document
 * reference; Tryton keeps party codes unique, `party.msg_party_code_unique`), then any party with
 * the buyer's email as an email contact mechanism (matched case-insensitively), else a new party
 * with its addresses and contact mechanisms in one create. A lost response is harmless: the retry
 * finds the party by code, and a concurrent create fails on the unique code and is looked up again.
 */
export async function pushCustomer(
  api: ModelApi,
  doc: ErpDocumentOf<"customer">,
  reference: string,
  correlationId: string,
): Promise<PushSuccess> {
  const own = await partyByCode(api, reference);
  if (own) return own;
  const email = doc.customer.customer.email?.trim().toLowerCase() || null;
  if (email) {
    const [mechanism] = await api.search(
      "party.contact_mechanism",
      [
        ["type", "=", "email"],
        ["value", "ilike", email],
      ],
      1,
    );
    if (mechanism !== undefined) {
      const [row] = await api.read("party.contact_mechanism", [mechanism], ["party"]);
      return { ok: true, erpId: String(row?.party) };
    }
  }
  try {
    const [id] = await api.create("party.party", [partyValues(doc, reference, email, correlationId)]);
    return { ok: true, erpId: String(id), erpNumber: reference };
  } catch (err) {
    const again = err instanceof TrytonFailure ? await partyByCode(api, reference) : null;
    if (again) return again;
    throw err;
  }
}

async function partyByCode(api: ModelApi, code: string): Promise<PushSuccess | null> {
  const [id] = await api.search("party.party", [["code", "=", code]], 1);
  return id === undefined ? null : { ok: true, erpId: String(id), erpNumber: code };
}

function partyValues(
  doc: ErpDocumentOf<"customer">,
  code: string,
  email: string | null,
  correlationId: string,
): Row {
  const { customer, billingAddress, shippingAddress } = doc.customer;
  const person = [customer.firstName, customer.lastName].filter(Boolean).join(" ");
  const name =
    person ||
    billingAddress?.name ||
    email ||
    `${doc.customer.channel} customer ${customer.externalId ?? ""}`.trim();
  const addresses = [billingAddress, shippingAddress].filter((a): a is Address => a !== null);
  const unique = addresses.filter(
    (a, i) => addresses.findIndex((b) => JSON.stringify(b) === JSON.stringify(a)) === i,
  );
  // party.party has no free-text field in 6.0; the contact mechanisms' `comment` is the nearest.
  const comment = meshStamp(correlationId, `${doc.customer.channel} store ${doc.customer.storeId}`);
  const mechanisms: Row[] = [];
  if (email) mechanisms.push({ type: "email", value: email, comment });
  const phone = customer.phone ?? billingAddress?.phone ?? null;
  if (phone) mechanisms.push({ type: "phone", value: phone, comment });
  return {
    name,
    code,
    // A sale needs an invoice and a shipment address; a party with none gets an empty one, as
    // Tryton's client gives every new party.
    addresses: [["create", unique.length > 0 ? unique.map(addressValues) : [{}]]],
    contact_mechanisms: [["create", mechanisms]],
  };
}

/** party.address in 6.0: party_name (the recipient), street (lines), postal_code, city. Country
 * and subdivision are records Tryton only has once imported (trytond_import_countries), so they
 * stay in the street text. */
function addressValues(a: Address): Row {
  const region = [a.region, a.country].filter(Boolean).join(", ");
  return {
    party_name: a.company ? `${a.name ?? ""} (${a.company})`.trim() : a.name,
    street: [a.line1, a.line2, region].filter(Boolean).join("\n"),
    postal_code: a.postalCode,
    city: a.city,
  };
}
