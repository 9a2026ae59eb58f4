import { type ErpDocumentOf, salesOrderKey } from "../../../../../shared/erp";
import type { OutboxClaim } from "../../../../../shared/internal-api";
import type { PushResult } from "../erp-adapter";
import { type Operation, relative, runSnapshotBatch } from "./batch";
import { validation } from "./classify";
import type { Json, Step } from "./client";
import type { BcContext } from "./context";
import { amount, etag, externalDocumentNumber, findOne, odataString, text } from "./odata";
import { findOrder } from "./sales-order";
import { bcLines } from "./sales-order-lines";

/**
 * Fulfilments: a (partial) shipment posted from the sales order. BC's API ships through the bound
 * action `Microsoft.NAV.shipAndInvoice`, which posts every line's `shipQuantity`, so the adapter
 * first sets `shipQuantity` on each line (the fulfilment's units, 0 elsewhere). A posted shipment
 * copies the order's External Document No., which makes it findable: in one snapshot `$batch` the
 * adapter sets the order's external document number to the fulfilment's reference, sets the ship
 * quantities, ships, and sets the order's own reference back, so the `salesShipments` record carries
 * the fulfilment's key and a retry looks it up before shipping again. All or nothing: BC rolls the
 * whole batch back if any step fails. The batch leaves out the last step when the shipment completes
 * the order, because BC deletes a fully shipped and invoiced order.
 *
 * Tracking numbers: API v2.0 exposes no package tracking field on salesOrders or salesShipments
 * ("Package Tracking No." exists on BC's tables but not on the API pages), so none is sent.
 */
export async function pushFulfillment(
  ctx: BcContext,
  claim: OutboxClaim,
  doc: ErpDocumentOf<"fulfillment">,
): Promise<PushResult> {
  const reference = await externalDocumentNumber(claim.docKey);
  const shipments = `${ctx.config.company}/salesShipments`;
  const shipped = await findOne(ctx.client, shipments, `externalDocumentNumber eq ${odataString(reference)}`);
  if (!shipped.ok) return shipped;
  if (shipped.value)
    return { ok: true, erpId: text(shipped.value.id), erpNumber: text(shipped.value.number) || null };
  const orderRef = claim.refs.sales_order;
  if (!orderRef) return validation("the fulfilment has no sales order in Business Central yet");
  const orderKey = await externalDocumentNumber(salesOrderKey(doc.order));
  for (let attempt = 0; ; attempt += 1) {
    const found = await findOrder(ctx, orderRef, orderKey);
    if (!found.ok) return found;
    if (!found.value) {
      return {
        ok: false,
        errorClass: "business",
        httpStatus: 404,
        message:
          "the sales order is no longer open in Business Central (fully posted or deleted), so nothing can be shipped from it",
        detail: null,
      };
    }
    const ops = shipOperations(ctx, found.value, doc, orderKey, reference);
    if (!ops.ok) return ops;
    const done = await runSnapshotBatch(ctx.client, ctx.config.apiRoot, ops.value, ctx.now());
    if (!done.ok && done.httpStatus === 409 && attempt === 0) continue;
    if (!done.ok) return done;
    const posted = await findOne(
      ctx.client,
      shipments,
      `externalDocumentNumber eq ${odataString(reference)}`,
    );
    if (!posted.ok) return posted;
    if (!posted.value)
      return {
        ok: false,
        errorClass: "transient",
        httpStatus: null,
        message: "Business Central shipped but the shipment is not readable yet",
        detail: null,
      };
    return { ok: true, erpId: text(posted.value.id), erpNumber: text(posted.value.number) || null };
  }
}

function shipOperations(
  ctx: BcContext,
  order: Json,
  doc: ErpDocumentOf<"fulfillment">,
  orderReference: string,
  reference: string,
): Step<Operation[]> {
  const lines = bcLines(order);
  const ship = new Map<number, number>();
  for (const f of doc.fulfillment.lines) {
    const index = doc.order.lines.findIndex((l) => l.externalLineId === f.externalLineId);
    if (index < 0 || !lines[index])
      return validation(`fulfilment line ${f.externalLineId} is not a line of the order`);
    ship.set(index, (ship.get(index) ?? 0) + f.quantity);
  }
  const firstShipment = lines.every((l) => amount(l.shippedQuantity) === 0);
  const id = text(order.id);
  const ops: Operation[] = [
    {
      method: "PATCH",
      url: relative(ctx.config.companyId, `salesOrders(${id})`),
      body: { externalDocumentNumber: reference },
      ifMatch: etag(order),
    },
  ];
  let completes = true;
  for (const [index, line] of lines.entries()) {
    const outstanding = amount(line.quantity) - amount(line.shippedQuantity);
    // Charge lines (shipping) go out with the first shipment; item lines with their own units.
    const want = text(line.lineType) === "Item" ? (ship.get(index) ?? 0) : firstShipment ? outstanding : 0;
    if (want < outstanding) completes = false;
    if (amount(line.shipQuantity) !== want) {
      ops.push({
        method: "PATCH",
        url: relative(ctx.config.companyId, `salesOrderLines(${text(line.id)})`),
        body: { shipQuantity: want },
        ifMatch: etag(line),
      });
    }
  }
  ops.push({
    method: "POST",
    url: relative(ctx.config.companyId, `salesOrders(${id})/Microsoft.NAV.shipAndInvoice`),
  });
  if (!completes) {
    ops.push({
      method: "PATCH",
      url: relative(ctx.config.companyId, `salesOrders(${id})`),
      body: { externalDocumentNumber: orderReference },
      ifMatch: "*",
    });
  }
  return { ok: true, value: ops };
}
