import type { ErpDocumentOf } from "../../../../../shared/erp";
import type { OutboxClaim } from "../../../../../shared/internal-api";
import type { PushResult } from "../erp-adapter";
import { type Operation, relative, runSnapshotBatch } from "./batch";
import type { Json, Step } from "./client";
import type { BcContext } from "./context";
import { plainDate } from "./context";
import { customerFor } from "./customer";
import { amount, etag, externalDocumentNumber, findOne, odataString, text, withQuery } from "./odata";
import { allLines, bcLines, type DesiredLine, desiredLines, lineBody } from "./sales-order-lines";
import { traceLine, traceOperations } from "./trace";

/**
 * Sales orders. Create is a deep insert of `salesOrderLines` after a look-up by external document
 * number (BC has no idempotency of its own). An update reads the order with its lines and writes
 * only what differs, every PATCH with the entity's `If-Match` etag, all in one snapshot `$batch`;
 * a stale etag (409 Request_EntityChanged) is answered by reading again and re-applying, once.
 * Partial cancellation lowers line quantities; full cancellation deletes an order nothing has been
 * shipped from (BC's own way: an open order is cancelled by deleting it, and BC archives it when
 * "Archive Orders" is on) and otherwise lowers every line to what was already shipped.
 *
 * The claim's correlation id rides on one Comment line (trace.ts), written first in the deep insert;
 * an update keeps exactly one such line and restamps it with the update's correlation id.
 */
const EXPAND = { $expand: "salesOrderLines" };

export async function findOrder(
  ctx: BcContext,
  erpId: string | null,
  reference: string,
): Promise<Step<Json | null>> {
  if (erpId) {
    const answer = await ctx.client.call(
      "GET",
      withQuery(`${ctx.config.company}/salesOrders(${erpId})`, EXPAND),
    );
    if (!answer.ok) return answer;
    if (answer.value.status === 200) return { ok: true, value: answer.value.json };
    if (answer.value.status !== 404) return ctx.client.get(`${ctx.config.company}/salesOrders(${erpId})`);
  }
  return findOne(
    ctx.client,
    `${ctx.config.company}/salesOrders`,
    `externalDocumentNumber eq ${odataString(reference)}`,
    EXPAND,
  );
}

export async function pushSalesOrder(
  ctx: BcContext,
  claim: OutboxClaim,
  doc: ErpDocumentOf<"sales_order">,
): Promise<PushResult> {
  const reference = await externalDocumentNumber(claim.docKey);
  const desired = desiredLines(ctx, doc.order);
  if (!desired.ok) return desired;
  for (let attempt = 0; ; attempt += 1) {
    const found = await findOrder(ctx, claim.erpId, reference);
    if (!found.ok) return found;
    const order = found.value;
    const cancelled = doc.order.status === "cancelled";
    // A cancelled order that BC does not hold (deleted, or never written) needs nothing more.
    if (!order && cancelled) return { ok: true, erpId: claim.erpId ?? reference, erpNumber: null };
    if (!order && claim.erpId) return { ok: true, erpId: claim.erpId, erpNumber: null }; // fully posted: BC deleted it
    if (!order) return createOrder(ctx, claim, doc, reference, desired.value);
    const written = cancelled
      ? await cancelOrder(ctx, order)
      : await updateOrder(ctx, order, headerOf(doc), desired.value, claim.correlationId);
    if (written.ok) return { ok: true, erpId: text(order.id), erpNumber: text(order.number) || null };
    if (written.httpStatus === 409 && attempt === 0) continue; // stale etag: read again, apply again
    return written;
  }
}

async function createOrder(
  ctx: BcContext,
  claim: OutboxClaim,
  doc: ErpDocumentOf<"sales_order">,
  reference: string,
  lines: DesiredLine[],
): Promise<PushResult> {
  const customer = await customerFor(ctx, doc.order, claim.refs);
  if (!customer.ok) return customer;
  const body: Json = {
    externalDocumentNumber: reference,
    orderDate: plainDate(doc.order.placedAt),
    ...customer.value,
    currencyCode: doc.order.currency,
    ...(doc.order.customer?.email ? { email: doc.order.customer.email.slice(0, 80) } : {}),
    salesOrderLines: [traceLine(claim.correlationId), ...lines.map(lineBody)],
  };
  const created = await ctx.client.send("POST", `${ctx.config.company}/salesOrders`, { body });
  if (!created.ok) return created;
  return { ok: true, erpId: text(created.value?.id), erpNumber: text(created.value?.number) || null };
}

function differs(line: Json, want: DesiredLine): boolean {
  return (
    amount(line.quantity) !== want.quantity ||
    amount(line.unitPrice) !== want.unitPrice ||
    amount(line.discountAmount) !== want.discountAmount
  );
}

/** The header fields an update may change (customer and dates stay as first written). */
function headerOf(doc: ErpDocumentOf<"sales_order">): Json {
  return { email: (doc.order.customer?.email ?? "").slice(0, 80) };
}

async function updateOrder(
  ctx: BcContext,
  order: Json,
  header: Json,
  desired: DesiredLine[],
  correlationId: string,
): Promise<Step<null>> {
  const id = text(order.id);
  const have = bcLines(order);
  const ops: Operation[] = [];
  const changed = Object.fromEntries(Object.entries(header).filter(([k, v]) => order[k] !== v));
  if (Object.keys(changed).length > 0) {
    // The header goes first: writing lines changes the header's totals, and so its etag.
    ops.push({
      method: "PATCH",
      url: relative(ctx.config.companyId, `salesOrders(${id})`),
      body: changed,
      ifMatch: etag(order),
    });
  }
  for (const [index, want] of desired.entries()) {
    const line = have[index];
    if (!line) {
      ops.push({
        method: "POST",
        url: relative(ctx.config.companyId, `salesOrders(${id})/salesOrderLines`),
        body: lineBody(want),
      });
    } else if (differs(line, want)) {
      const { quantity, unitPrice, discountAmount } = want;
      ops.push({
        method: "PATCH",
        url: relative(ctx.config.companyId, `salesOrderLines(${text(line.id)})`),
        body: { quantity, unitPrice, discountAmount },
        ifMatch: etag(line),
      });
    }
  }
  ops.push(
    ...traceOperations(
      ctx.config.companyId,
      { set: "salesOrders", id },
      "salesOrderLines",
      allLines(order),
      correlationId,
    ),
  );
  if (ops.length === 0) return { ok: true, value: null };
  const done = await runSnapshotBatch(ctx.client, ctx.config.apiRoot, ops, ctx.now());
  return done.ok ? { ok: true, value: null } : done;
}

async function cancelOrder(ctx: BcContext, order: Json): Promise<Step<null>> {
  const lines = bcLines(order);
  if (lines.every((l) => amount(l.shippedQuantity) === 0)) {
    const deleted = await ctx.client.send("DELETE", `${ctx.config.company}/salesOrders(${text(order.id)})`, {
      ifMatch: etag(order),
    });
    return deleted.ok ? { ok: true, value: null } : deleted;
  }
  const ops: Operation[] = lines
    .filter((l) => amount(l.quantity) !== amount(l.shippedQuantity))
    .map((l) => ({
      method: "PATCH",
      url: relative(ctx.config.companyId, `salesOrderLines(${text(l.id)})`),
      body: { quantity: amount(l.shippedQuantity) },
      ifMatch: etag(l),
    }));
  if (ops.length === 0) return { ok: true, value: null };
  const done = await runSnapshotBatch(ctx.client, ctx.config.apiRoot, ops, ctx.now());
  return done.ok ? { ok: true, value: null } : done;
}
