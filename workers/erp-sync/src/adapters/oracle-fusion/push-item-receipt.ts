import type { ErpConnectionOf, ErpDocumentOf } from "../../../../../shared/erp";
import type { PushResult } from "../erp-adapter";
import { validation } from "./classify";
import type { Json } from "./client";
import { findOrCreate } from "./find-or-create";
import { organizationCode, SUBINVENTORY, UOM } from "./lookups";
import { lineFor, readOrder } from "./read-order";
import { LIMITS, reference, rowMatch } from "./references";
import type { Rest } from "./rest";

/**
 * Goods back from a customer as a Receiving receipt request against the return order (RMA): one line
 * per received return line, received and delivered at once into the subinventory its disposition
 * calls for (restock: stock, damaged: damaged goods, dispose: scrap). Fusion keeps no key on receipt
 * requests, so the header's ShipmentNumber carries the receipt's natural key (30 characters) and the
 * adapter looks it up before receiving.
 */
const DISPOSITION = {
  restock: SUBINVENTORY.stock,
  damaged: SUBINVENTORY.damaged,
  dispose: SUBINVENTORY.scrap,
} as const;

export async function pushItemReceipt(
  rest: Rest,
  connection: ErpConnectionOf<"oracle_fusion">,
  doc: ErpDocumentOf<"item_receipt">,
  docKey: string,
  rmaRef: string | undefined,
): Promise<PushResult> {
  if (!rmaRef)
    return validation("the receipt's return authorization has no Oracle id yet (refs.return_authorization)");
  const organization = organizationCode(connection.mappings, doc.return.locationId);
  if (!organization)
    return validation("the return has no location: map its location to an Oracle organization");
  const received = doc.return.lines.filter((line) => line.receivedQuantity > 0);
  if (received.length === 0) return validation("nothing has been received on this return yet");
  const rma = await readOrder(rest, rmaRef, "return order");
  if (!rma.ok) return rma;
  const lines: Json[] = [];
  for (const line of received) {
    const target = lineFor(rma.value, line.externalLineId);
    if (!target)
      return validation(
        `return line ${line.externalLineId} matches no line of Oracle RMA ${rma.value.orderNumber}`,
      );
    lines.push({
      ReceiptSourceCode: "CUSTOMER",
      SourceDocumentCode: "RMA",
      TransactionType: "RECEIVE",
      AutoTransactCode: "DELIVER",
      OrganizationCode: organization,
      DocumentNumber: rma.value.orderNumber,
      DocumentLineNumber: target.LineNumber,
      Quantity: line.receivedQuantity,
      UnitOfMeasure: UOM,
      Subinventory: DISPOSITION[line.disposition ?? "restock"],
      TransactionDate: doc.return.receivedAt ?? doc.return.sourceUpdatedAt,
    });
  }
  const number = await reference(docKey, LIMITS.shipment);
  return findOrCreate(rest, {
    collection: `${rest.config.fscm}/receivingReceiptRequests`,
    q: rowMatch({ ShipmentNumber: number }),
    body: {
      ReceiptSourceCode: "CUSTOMER",
      OrganizationCode: organization,
      ShipmentNumber: number,
      BusinessUnit: rest.config.businessUnit,
      CustomerPartyNumber: rma.value.buyingPartyNumber,
      lines,
    },
    idField: "HeaderInterfaceId",
    numberField: "ShipmentNumber",
    what: "receipt request",
  });
}
