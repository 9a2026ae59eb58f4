import type { ErpDocumentOf } from "../../../../../shared/erp";
import type { PushResult } from "../erp-adapter";
import { failureOf, localFailure } from "./classify";
import { SERVICE } from "./config";
import { stampWithin } from "./correlation";
import { findByReference } from "./lookup";
import { materialOf, missingLocation, plantOf } from "./mapping";
import { type Entity, edmDate, entityOf, field, isStatus } from "./odata";
import type { PushContext } from "./push-context";
import { referenceFor } from "./references";

/**
 * Goods movements as material documents (API_MATERIAL_DOCUMENT_SRV, deep insert of
 * A_MaterialDocumentHeader with to_MaterialDocumentItem), goods movement code 05 ("other goods
 * receipts"):
 *
 * - item receipt: movement type 651, the customer's returned goods into blocked stock returns at the
 *   return's plant and storage location (releasing them to unrestricted stock, 453, is the warehouse's
 *   decision after inspection and is not posted by the mesh);
 * - inventory adjustment: 561 to add stock, 562 to take it away (701/702 need a physical inventory
 *   document, which an ad-hoc adjustment does not have).
 *
 * Material documents have no external reference field; the document's reference goes in the header
 * text (MaterialDocumentHeaderText, 25 characters), which is looked up before posting. The claim's
 * correlation id goes in every item's text (MaterialDocumentItemText, 50 characters, correlation.ts):
 * the header text is taken by the reference and too short for `mesh <id>`.
 */
const ITEM_TEXT_LENGTH = 50;

interface Movement {
  sku: string;
  quantity: number;
  movementType: "651" | "561" | "562";
}

async function post(
  ctx: PushContext,
  locationId: string | null,
  date: string,
  movements: Movement[],
  referenceDocument: string,
  what: string,
) {
  const reference = await referenceFor(ctx.claim.docKey, "materialDocumentHeaderText");
  const found = await findByReference(
    ctx.client,
    SERVICE.materialDocument,
    "A_MaterialDocumentHeader",
    "MaterialDocumentHeaderText",
    reference,
    { now: ctx.now() },
  );
  if (!found.ok) return found;
  if (found.entity) return resultOf(found.entity);
  const where = plantOf(ctx.connection.mappings, locationId);
  if (!where) return localFailure("validation", missingLocation(locationId));
  const body = {
    GoodsMovementCode: "05",
    PostingDate: edmDate(date),
    DocumentDate: edmDate(date),
    MaterialDocumentHeaderText: reference,
    ReferenceDocument: referenceDocument.slice(0, 16),
    to_MaterialDocumentItem: movements.map((m) => ({
      MaterialDocumentItemText: stampWithin(ITEM_TEXT_LENGTH, ctx.claim.correlationId, what),
      Material: materialOf(ctx.connection.mappings, m.sku),
      Plant: where.plant,
      StorageLocation: where.storageLocation,
      GoodsMovementType: m.movementType,
      QuantityInEntryUnit: String(m.quantity),
      EntryUnit: "EA",
    })),
  };
  const outcome = await ctx.client.write("POST", SERVICE.materialDocument, "A_MaterialDocumentHeader", body);
  const created = isStatus(outcome, 201) ? entityOf(outcome) : null;
  return created ? resultOf(created) : failureOf(outcome, ctx.now(), "posting the material document");
}

function resultOf(header: Entity): PushResult {
  const document = field(header, "MaterialDocument");
  const year = field(header, "MaterialDocumentYear");
  if (!document) return localFailure("transient", "SAP answered without a MaterialDocument");
  return { ok: true, erpId: `${year}/${document}`, erpNumber: document };
}

export async function pushItemReceipt(
  ctx: PushContext,
  doc: ErpDocumentOf<"item_receipt">,
): Promise<PushResult> {
  const movements: Movement[] = [];
  for (const line of doc.return.lines) {
    if (line.receivedQuantity === 0) continue;
    const sku =
      line.sku ?? doc.order.lines.find((l) => l.externalLineId === line.externalLineId)?.sku ?? null;
    if (!sku) return localFailure("validation", `returned line ${line.externalLineId} has no SKU`);
    movements.push({ sku, quantity: line.receivedQuantity, movementType: "651" });
  }
  if (movements.length === 0) return localFailure("validation", "the return has no received units to post");
  const date = (doc.return.receivedAt ?? doc.return.sourceUpdatedAt).slice(0, 10);
  return post(
    ctx,
    doc.return.locationId,
    date,
    movements,
    ctx.claim.refs.return_authorization ?? "",
    doc.return.rmaNumber ?? doc.return.externalId,
  );
}

export async function pushInventoryAdjustment(
  ctx: PushContext,
  doc: ErpDocumentOf<"inventory_adjustment">,
): Promise<PushResult> {
  const { adjustment } = doc;
  const movement: Movement = {
    sku: adjustment.sku,
    quantity: Math.abs(adjustment.quantityDelta),
    movementType: adjustment.quantityDelta > 0 ? "561" : "562",
  };
  return post(
    ctx,
    adjustment.locationId,
    adjustment.occurredAt.slice(0, 10),
    [movement],
    adjustment.externalId,
    adjustment.reason || `adjustment ${adjustment.externalId}`,
  );
}
