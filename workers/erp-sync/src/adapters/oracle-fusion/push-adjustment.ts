import type { ErpConnectionOf, ErpDocumentOf } from "../../../../../shared/erp";
import type { PushResult } from "../erp-adapter";
import { validation } from "./classify";
import { findOrCreate } from "./find-or-create";
import { itemNumber, organizationCode, SUBINVENTORY, UOM } from "./lookups";
import { LIMITS, reference, rowMatch } from "./references";
import type { Rest } from "./rest";

/**
 * An inventory adjustment as a staged miscellaneous transaction: a receipt for units found, an issue
 * (negative quantity) for units lost, in the mapped organization's stock subinventory, charged to the
 * `inventory_adjustment` GL account when one is mapped. Fusion enforces no key on staged transactions,
 * so TransactionReference carries the adjustment's natural key and is looked up before staging.
 */
export async function pushAdjustment(
  rest: Rest,
  connection: ErpConnectionOf<"oracle_fusion">,
  doc: ErpDocumentOf<"inventory_adjustment">,
  docKey: string,
): Promise<PushResult> {
  const { adjustment } = doc;
  const organization = organizationCode(connection.mappings, adjustment.locationId);
  if (!organization) return validation("the adjustment has no location");
  const ref = await reference(docKey, LIMITS.transactionReference);
  const account = connection.mappings.glAccount.inventory_adjustment;
  return findOrCreate(rest, {
    collection: `${rest.config.fscm}/inventoryStagedTransactions`,
    q: rowMatch({ TransactionReference: ref }),
    body: {
      OrganizationCode: organization,
      ItemNumber: itemNumber(connection.mappings, adjustment.sku),
      SubinventoryCode: SUBINVENTORY.stock,
      TransactionTypeName: adjustment.quantityDelta > 0 ? "Miscellaneous Receipt" : "Miscellaneous Issue",
      TransactionQuantity: adjustment.quantityDelta,
      TransactionUnitOfMeasure: UOM,
      TransactionDate: adjustment.occurredAt,
      SourceCode: rest.config.sourceSystem,
      TransactionReference: ref,
      ...(adjustment.reason ? { ReasonName: adjustment.reason.slice(0, 30) } : {}),
      ...(account ? { AccountCombination: account } : {}),
    },
    idField: "TransactionInterfaceId",
    what: "inventory transaction",
  });
}
