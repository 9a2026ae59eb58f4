import type { Order } from "../../../../../shared/canonical";
import type { ErpConnectionOf } from "../../../../../shared/erp";
import type { OutboxClaim } from "../../../../../shared/internal-api";
import type { PushResult } from "../erp-adapter";
import { validation } from "./classify";
import { findOne, resultOf } from "./find-or-create";
import { type FusionOrder, readOrder, sourceTransactionId, toFusionOrder } from "./read-order";
import { rowMatch } from "./references";
import { createItem, type Rest, updateItem } from "./rest";
import { type OrderParty, orderLinesBody, salesOrderBody } from "./sales-order-body";

/**
 * Sales orders and their revisions in the Order Hub, keyed on SourceTransactionSystem (the connection's)
 * + SourceTransactionId (the order's natural key, compacted to 50 characters). The outbox version of
 * the claim is the SourceTransactionRevisionNumber: a create writes it, a change is a PATCH revision
 * with the new version, and an order Fusion already holds at this revision or later needs nothing. So
 * a repeated, replayed or retried claim never makes a second order or applies a revision twice.
 */
export function orderParty(
  connection: ErpConnectionOf<"oracle_fusion">,
  order: Order,
  customerRef: string | undefined,
): OrderParty | null {
  if (customerRef) return { field: "BuyingPartyId", value: customerRef };
  const mapped = connection.mappings.defaultCustomer[order.channel];
  return mapped ? { field: "BuyingPartyNumber", value: mapped } : null;
}

export async function pushOrderDocument(
  rest: Rest,
  input: {
    order: Order;
    docKey: string;
    version: number;
    correlationId: string;
    party: OrderParty | null;
    header?: Record<string, unknown>;
  },
  lines: ReturnType<typeof orderLinesBody>,
  what: string,
): Promise<PushResult> {
  if (!input.party) {
    return validation(
      `no customer for this ${input.order.channel} order: push the customer first or map a default_customer for ${input.order.channel}`,
    );
  }
  if (typeof lines === "string") return validation(lines);
  const { config } = rest;
  const sourceId = await sourceTransactionId(input.docKey);
  const collection = `${config.fscm}/salesOrdersForOrderHub`;
  const q = rowMatch({ SourceTransactionId: sourceId, SourceTransactionSystem: config.sourceSystem });
  const body = salesOrderBody({
    order: input.order,
    sourceSystem: config.sourceSystem,
    sourceId,
    businessUnit: config.businessUnit,
    party: input.party,
    revision: input.version,
    correlationId: input.correlationId,
    lines,
  });
  Object.assign(body, input.header ?? {});

  const existing = await findOne(rest, collection, q, what);
  if (!existing.ok) return existing;
  if (!existing.value) {
    const created = await createItem(rest, collection, body, what);
    if (created.ok || created.errorClass !== "business")
      return created.ok ? resultOf(created.value, "HeaderId", "OrderNumber") : created;
    const again = await findOne(rest, collection, q, what);
    if (!again.ok || !again.value) return created;
    return revise(rest, toFusionOrder(again.value), body, input.version, what);
  }
  return revise(rest, toFusionOrder(existing.value), body, input.version, what);
}

/** Brings the order Fusion holds up to this version, unless it is there already. */
async function revise(
  rest: Rest,
  held: FusionOrder,
  body: Record<string, unknown>,
  version: number,
  what: string,
): Promise<PushResult> {
  const done = resultOf(held.raw, "HeaderId", "OrderNumber");
  if (held.revision >= version) return done;
  // A canceled order cannot be revised; if this version cancels it too, it is already as it should be.
  const lines = Array.isArray(body.lines) ? (body.lines as Record<string, unknown>[]) : [];
  if (held.status === "CANCELED" && lines.every((line) => line.OrderedQuantity === 0)) return done;
  const {
    SourceTransactionId: _id,
    SourceTransactionSystem: _system,
    BuyingPartyId: _p,
    BuyingPartyNumber: _n,
    ...changes
  } = body;
  const url = `${rest.config.fscm}/salesOrdersForOrderHub/${encodeURIComponent(held.headerId)}`;
  const updated = await updateItem(rest, url, changes, `${what} revision ${version}`);
  if (updated.ok) return resultOf(updated.value, "HeaderId", "OrderNumber");
  if (updated.errorClass !== "business") return updated;
  // Refused: if a concurrent or earlier attempt already brought the order to this version, it is done.
  const now = await readOrder(rest, held.headerId, what);
  return now.ok && now.value.revision >= version
    ? resultOf(now.value.raw, "HeaderId", "OrderNumber")
    : updated;
}

export async function pushSalesOrder(
  rest: Rest,
  connection: ErpConnectionOf<"oracle_fusion">,
  claim: OutboxClaim,
  order: Order,
): Promise<PushResult> {
  return pushOrderDocument(
    rest,
    {
      order,
      docKey: claim.docKey,
      version: claim.version,
      correlationId: claim.correlationId,
      party: orderParty(connection, order, claim.refs.customer),
    },
    orderLinesBody(order, connection.mappings),
    "sales order",
  );
}
