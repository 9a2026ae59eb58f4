import { describe, expect, it } from "vitest";
import type { ErpCustomer } from "../../shared/erp";
import { referenceFor } from "../../workers/erp-sync/src/adapters/tryton/reference";
import { pushUntilExactlyOnce } from "./exactly-once";
import { claimFor, tryton, trytonAdapter } from "./support";

/** customer -> party.party: matched by email, else created with its code = the document reference. */
const api = tryton();

function buyer(email: string | null, externalId = `${Date.now()}${Math.random()}`): ErpCustomer {
  return {
    channel: "shopify",
    storeId: "sto_test",
    customer: { externalId, email, phone: "+1 613 555 0100", firstName: "Ada", lastName: "Lovelace" },
    billingAddress: {
      name: "Ada Lovelace",
      company: null,
      line1: "12 St James's Square",
      line2: null,
      city: "London",
      region: null,
      regionCode: null,
      postalCode: "SW1Y 4JH",
      country: "United Kingdom",
      countryCode: "GB",
      phone: null,
    },
    shippingAddress: null,
  };
}

describe("customer", () => {
  it("creates a party with its email, phone and address, keyed by its code", async () => {
    const email = `ada.${Date.now()}@mail.example.com`;
    const claim = claimFor({ kind: "customer", customer: buyer(email) });
    const result = await trytonAdapter().push(claim);
    if (!result.ok) throw new Error(result.message);
    const [party] = await api.read(
      "party.party",
      [Number(result.erpId)],
      ["name", "code", "addresses", "contact_mechanisms"],
    );
    expect(party).toMatchObject({ name: "Ada Lovelace", code: await referenceFor(claim.docKey) });
    const mechanisms = await api.read("party.contact_mechanism", party?.contact_mechanisms as number[], [
      "type",
      "value",
    ]);
    expect(mechanisms.map((m) => [m.type, m.value])).toEqual([
      ["email", email],
      ["phone", "+1 613 555 0100"],
    ]);
    const addresses = await api.read("party.address", party?.addresses as number[], [
      "party_name",
      "street",
      "postal_code",
      "city",
    ]);
    expect(addresses).toEqual([
      expect.objectContaining({
        party_name: "Ada Lovelace",
        street: "12 St James's Square\nUnited Kingdom",
        postal_code: "SW1Y 4JH",
        city: "London",
      }),
    ]);
  });

  it("matches an existing party by email, whatever its case", async () => {
    const email = `grace.${Date.now()}@mail.example.com`;
    const [existing] = await api.create("party.party", [
      {
        name: "Grace Hopper",
        contact_mechanisms: [["create", [{ type: "email", value: email.toUpperCase() }]]],
      },
    ]);
    const result = await trytonAdapter().push(claimFor({ kind: "customer", customer: buyer(email) }));
    expect(result).toMatchObject({ ok: true, erpId: String(existing) });
  });

  it("leaves one party however often the claim comes", async () => {
    const claim = claimFor({ kind: "customer", customer: buyer(null) });
    const erpId = await pushUntilExactlyOnce(claim, /^model\.party\.party\.create$/);
    expect(await api.search("party.party", [["code", "=", await referenceFor(claim.docKey)]])).toEqual([
      Number(erpId),
    ]);
  });
});
