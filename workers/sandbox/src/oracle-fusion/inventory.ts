import { badRequest, invalidValue, missingAttribute } from "./errors";
import { amount, text } from "./json";
import type { ResourceSpec } from "./resource-spec";

/**
 * `inventoryStagedTransactions` (Inventory): a miscellaneous receipt (positive quantity) or issue
 * (negative) of an item in an organization's subinventory. The sandbox processes each one as it is
 * staged (Fusion's online mode) and refuses an issue that would take on-hand below zero, as an
 * organization that disallows negative balances does. Staged transactions carry the integration's own
 * SourceCode / SourceHeaderId / SourceLineId and TransactionReference; Fusion enforces no key on them.
 */
const TYPES = new Set(["Miscellaneous Receipt", "Miscellaneous Issue"]);

export const stagedTransactions: ResourceSpec = {
  name: "inventoryStagedTransactions",
  api: "fscmRestApi",
  idField: "TransactionInterfaceId",
  children: [],
  reference: (body) => text(body.TransactionReference),
  create(body, id, ctx) {
    for (const attribute of [
      "OrganizationCode",
      "ItemNumber",
      "SubinventoryCode",
      "TransactionUnitOfMeasure",
    ]) {
      if (!text(body[attribute])) return { ok: false, error: missingAttribute(attribute) };
    }
    const type = text(body.TransactionTypeName);
    if (!type || !TYPES.has(type))
      return { ok: false, error: invalidValue("TransactionTypeName", body.TransactionTypeName) };
    const quantity = amount(body.TransactionQuantity);
    if (quantity === null || quantity === 0 || (type === "Miscellaneous Issue") !== quantity < 0) {
      return { ok: false, error: invalidValue("TransactionQuantity", body.TransactionQuantity) };
    }
    const item = text(body.ItemNumber) ?? "";
    const org = text(body.OrganizationCode) ?? "";
    const sub = text(body.SubinventoryCode) ?? "";
    const onhand = ctx.store.adjustOnhand(item, org, sub, quantity);
    if (onhand < 0) {
      return {
        ok: false,
        error: badRequest(
          `The transaction quantity ${-quantity} of item ${item} is greater than the on-hand quantity ${onhand - quantity} in subinventory ${sub}.`,
          "SANDBOX-NEGATIVE-BALANCE",
          "TransactionQuantity",
        ),
      };
    }
    return { ok: true, body: { ...body, TransactionInterfaceId: Number(id), ProcessStatus: "PROCESSED" } };
  },
};
