import type { PushFailure } from "../erp-adapter";
import { failureOf } from "./classify";
import { SERVICE } from "./config";
import { type Entity, entityOf, expanded, field, literal, resultsOf } from "./odata";
import type { PushContext } from "./push-context";

/**
 * SAP does not take DeliveryDocumentBySupplier on create, so a delivery gets our reference in a PATCH
 * right after it is created. If the answer to the create is lost, or the push stops between the two,
 * the delivery exists without a reference. Before creating one, the adapter therefore adopts such a
 * delivery: one of the same sales order, without an external id, goods issue not posted, whose items
 * are exactly the fulfilment's (order item and quantity). Only a delivery nobody has labelled can be
 * adopted, and adopting labels it, so two fulfilments never share one.
 */
export type Wanted = Map<string, number>;

export async function adoptUnlabelled(
  ctx: PushContext,
  salesOrder: string,
  wanted: Wanted,
): Promise<{ ok: true; delivery: string | null } | PushFailure> {
  const items = await ctx.client.get(SERVICE.outboundDelivery, "A_OutbDeliveryItem", {
    $filter: `ReferenceSDDocument eq ${literal(salesOrder)}`,
    $select: "DeliveryDocument",
  });
  const rows = resultsOf(items);
  if (!rows) return failureOf(items, ctx.now(), "looking for deliveries of the sales order");
  for (const candidate of new Set(rows.map((r) => field(r, "DeliveryDocument")))) {
    const read = await ctx.client.get(
      SERVICE.outboundDelivery,
      `A_OutbDeliveryHeader(${literal(candidate)})`,
      {
        $expand: "to_DeliveryDocumentItem",
      },
    );
    const header = read.kind === "response" && read.status === 200 ? entityOf(read) : null;
    if (!header) return failureOf(read, ctx.now(), `reading delivery ${candidate}`);
    if (field(header, "DeliveryDocumentBySupplier") || field(header, "OverallGoodsMovementStatus") === "C")
      continue;
    if (sameItems(expanded(header, "to_DeliveryDocumentItem"), salesOrder, wanted))
      return { ok: true, delivery: candidate };
  }
  return { ok: true, delivery: null };
}

function sameItems(items: readonly Entity[], salesOrder: string, wanted: Wanted): boolean {
  if (items.length !== wanted.size) return false;
  return items.every(
    (item) =>
      field(item, "ReferenceSDDocument") === salesOrder &&
      Number(field(item, "ActualDeliveryQuantity")) === wanted.get(field(item, "ReferenceSDDocumentItem")),
  );
}
