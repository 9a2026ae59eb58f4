import type { ErpDocumentOf } from "../../../../../shared/erp";
import type { PushFailure, PushResult } from "../erp-adapter";
import { failureOf, localFailure } from "./classify";
import { SERVICE } from "./config";
import { DELIVERY_HEADER_TEXT_ID, stamp, TEXT_LANGUAGE } from "./correlation";
import { adoptUnlabelled, type Wanted } from "./delivery-adoption";
import { findByReference } from "./lookup";
import { type Entity, entityOf, etagOf, expanded, field, isStatus } from "./odata";
import { missingRef, type PushContext, readEntity } from "./push-context";
import { referenceFor } from "./references";
import { itemNumber } from "./sales-order-map";

/**
 * A fulfilment is an outbound delivery created from the sales order's items (partial quantities in
 * ActualDeliveryQuantity), then goods issue (PostGoodsIssue, If-Match). The delivery carries the
 * fulfilment's reference in DeliveryDocumentBySupplier, SAP's external delivery id, looked up first
 * and set by a PATCH after create (SAP does not take it on create; see delivery-adoption.ts);
 * tracking numbers go in BillOfLading, where S/4 keeps a shipment's carrier reference on the delivery
 * header. The claim's correlation id goes in a header text (A_OutbDeliveryHeaderText, text element
 * 0001, correlation.ts), added before goods issue when the delivery has none. Each step checks what SAP
 * already has, so a retry resumes where a lost answer left off.
 */
const TRACKING_LENGTH = 35;

function trackingOf(doc: ErpDocumentOf<"fulfillment">): string {
  const numbers = doc.fulfillment.packages
    .map((p) => p.trackingNumber)
    .filter((n): n is string => Boolean(n));
  return numbers.join(",").slice(0, TRACKING_LENGTH);
}

export async function pushFulfillment(
  ctx: PushContext,
  doc: ErpDocumentOf<"fulfillment">,
): Promise<PushResult> {
  if (doc.fulfillment.status === "cancelled") {
    return localFailure(
      "validation",
      "cancelling an outbound delivery is not something the SAP adapter does; reverse it in SAP",
    );
  }
  const reference = await referenceFor(ctx.claim.docKey, "deliveryBySupplier");
  const found = await findByReference(
    ctx.client,
    SERVICE.outboundDelivery,
    "A_OutbDeliveryHeader",
    "DeliveryDocumentBySupplier",
    reference,
    { now: ctx.now() },
  );
  if (!found.ok) return found;
  let delivery = found.entity ? field(found.entity, "DeliveryDocument") : "";
  if (!delivery) {
    const created = await createDelivery(ctx, doc);
    if (!created.ok) return created;
    delivery = created.erpId;
  }
  return settle(ctx, doc, delivery, reference);
}

async function createDelivery(ctx: PushContext, doc: ErpDocumentOf<"fulfillment">): Promise<PushResult> {
  const salesOrder = ctx.claim.refs.sales_order;
  if (!salesOrder) return missingRef("fulfilment", "sales order");
  const wanted: Wanted = new Map();
  for (const line of doc.fulfillment.lines) {
    const index = doc.order.lines.findIndex((l) => l.externalLineId === line.externalLineId);
    if (index < 0)
      return localFailure("validation", `fulfilment line ${line.externalLineId} is not a line of the order`);
    wanted.set(itemNumber(index), (wanted.get(itemNumber(index)) ?? 0) + line.quantity);
  }
  const orphan = await adoptUnlabelled(ctx, salesOrder, wanted);
  if (!orphan.ok) return orphan;
  if (orphan.delivery) return { ok: true, erpId: orphan.delivery };
  const items = [...wanted].map(([item, quantity]) => ({
    ReferenceSDDocument: salesOrder,
    ReferenceSDDocumentItem: item,
    ActualDeliveryQuantity: String(quantity),
    DeliveryQuantityUnit: "EA",
  }));
  const outcome = await ctx.client.write("POST", SERVICE.outboundDelivery, "A_OutbDeliveryHeader", {
    to_DeliveryDocumentItem: items,
  });
  const created = isStatus(outcome, 201) ? entityOf(outcome) : null;
  if (!created) return failureOf(outcome, ctx.now(), "creating the outbound delivery");
  const id = field(created, "DeliveryDocument");
  return id
    ? { ok: true, erpId: id }
    : localFailure("transient", "SAP created the delivery without a DeliveryDocument");
}

/**
 * The header fields we own brought up to date and the header text stamped (while SAP still allows
 * changes), then goods issue once.
 */
async function settle(
  ctx: PushContext,
  doc: ErpDocumentOf<"fulfillment">,
  delivery: string,
  reference: string,
): Promise<PushResult> {
  const resource = `A_OutbDeliveryHeader('${delivery}')`;
  const reread = () =>
    readEntity(ctx, SERVICE.outboundDelivery, resource, { $expand: "to_DeliveryDocumentText" });
  let read = await reread();
  if (!read.ok) return read;
  const issued = field(read.entity, "OverallGoodsMovementStatus") === "C";
  const tracking = trackingOf(doc);
  const changes = {
    ...(field(read.entity, "DeliveryDocumentBySupplier") === reference
      ? {}
      : { DeliveryDocumentBySupplier: reference }),
    ...(tracking && field(read.entity, "BillOfLading") !== tracking ? { BillOfLading: tracking } : {}),
  };
  if (!issued && Object.keys(changes).length > 0) {
    const patched = await ctx.client.write("PATCH", SERVICE.outboundDelivery, resource, changes, {
      ifMatch: etagOf(read.entity, read.outcome) ?? "",
    });
    if (!isStatus(patched, 204, 200)) return failureOf(patched, ctx.now(), `changing delivery ${delivery}`);
    read = await reread();
    if (!read.ok) return read;
  }
  if (!issued && !hasHeaderText(read.entity)) {
    const stamped = await stampText(ctx, doc, resource);
    if (stamped) return stamped;
    read = await reread();
    if (!read.ok) return read;
  }
  if (issued || doc.fulfillment.status === "pending")
    return { ok: true, erpId: delivery, erpNumber: delivery };
  const posted = await ctx.client.write("POST", SERVICE.outboundDelivery, "PostGoodsIssue", undefined, {
    query: { DeliveryDocument: `'${delivery}'` },
    ifMatch: etagOf(read.entity, read.outcome) ?? "",
  });
  if (!isStatus(posted, 200, 204))
    return failureOf(posted, ctx.now(), `posting goods issue for delivery ${delivery}`);
  return { ok: true, erpId: delivery, erpNumber: delivery };
}

function hasHeaderText(header: Entity): boolean {
  return expanded(header, "to_DeliveryDocumentText").some(
    (t) => field(t, "TextElement") === DELIVERY_HEADER_TEXT_ID && field(t, "Language") === TEXT_LANGUAGE,
  );
}

/**
 * The delivery's header text with the claim's correlation id (`POST …/to_DeliveryDocumentText`),
 * written only when the delivery has none, so a retry or replay leaves the first one. A failure that a
 * retry may get past stops the push (the text is still missing next time); SAP refusing the text
 * (say, text element 0001 is not in the delivery type's text procedure) does not hold the goods issue
 * back: null, and the delivery goes on without it.
 */
async function stampText(
  ctx: PushContext,
  doc: ErpDocumentOf<"fulfillment">,
  resource: string,
): Promise<PushFailure | null> {
  const outcome = await ctx.client.write(
    "POST",
    SERVICE.outboundDelivery,
    `${resource}/to_DeliveryDocumentText`,
    {
      TextElement: DELIVERY_HEADER_TEXT_ID,
      Language: TEXT_LANGUAGE,
      TextElementText: stamp(
        ctx.claim.correlationId,
        `${doc.fulfillment.channel} fulfillment ${doc.fulfillment.externalId}`,
      ),
    },
  );
  if (isStatus(outcome, 201, 200, 204)) return null;
  const failure = failureOf(outcome, ctx.now(), `adding the header text of ${resource}`);
  return failure.errorClass === "business" ? null : failure;
}
