import { badRequest, missingAttribute } from "./errors";
import { text } from "./json";
import type { ResourceSpec } from "./resource-spec";

/**
 * `accounts` (CRM REST, `/crmRestApi/resources/11.13.18.05/accounts`): the customer a source system
 * books orders to, named in URLs by its PartyNumber. A source system reference (SourceSystem +
 * SourceSystemReferenceValue) can belong to one party only, which is what makes it a safe key.
 */
function sourceReference(body: Record<string, unknown>): string | null {
  const system = text(body.SourceSystem);
  const value = text(body.SourceSystemReferenceValue);
  return system && value ? `${system}:${value}` : null;
}

export const accounts: ResourceSpec = {
  name: "accounts",
  api: "crmRestApi",
  idField: "PartyId",
  children: [],
  itemKey: (body) => text(body.PartyNumber),
  naturalKey: sourceReference,
  duplicate: (body) =>
    badRequest(
      `The source system reference ${String(body.SourceSystemReferenceValue)} already exists for the source system ${String(body.SourceSystem)}.`,
      "SANDBOX-DUPLICATE-SOURCE-REFERENCE",
    ),
  create(body, id, ctx) {
    if (!text(body.OrganizationName)) return { ok: false, error: missingAttribute("OrganizationName") };
    if (text(body.SourceSystemReferenceValue) && !text(body.SourceSystem)) {
      return { ok: false, error: missingAttribute("SourceSystem") };
    }
    return {
      ok: true,
      body: {
        ...body,
        PartyId: Number(id),
        PartyNumber: `CDRM_${ctx.store.nextNumber("party", 10_001)}`,
        Type: body.Type ?? "ZCA_CUSTOMER",
        CreationDate: new Date(ctx.now).toISOString(),
      },
    };
  },
};
