import type { Order } from "../../../../../shared/canonical";
import type { OutboxClaim } from "../../../../../shared/internal-api";
import type { PushFailure } from "../erp-adapter";
import type { NsContext } from "./context";
import { storeCustomerExternalId } from "./external-id";
import { customerOf } from "./records";
import type { NsRef } from "./refs";

/**
 * The customer a transaction is booked to, in order of preference: the customer document's NetSuite
 * id (`refs.customer`), the customer of the transaction it follows (a deposit's sales order, a
 * refund's credit memo: NetSuite refuses a mismatch), the channel's default customer mapping, and
 * last the store's own customer by external id (`<channel>-<storeId>`).
 */
export async function customerFor(
  ctx: NsContext,
  claim: Pick<OutboxClaim, "refs">,
  order: Pick<Order, "channel" | "storeId">,
  follows: { type: string; id: string } | null = null,
): Promise<{ ok: true; ref: NsRef } | PushFailure> {
  if (claim.refs.customer) return { ok: true, ref: { id: claim.refs.customer } };
  if (follows) {
    const owner = await customerOf(ctx, follows.type, follows.id);
    if (!owner.ok) return owner;
    if (owner.id) return { ok: true, ref: { id: owner.id } };
  }
  const fallback = ctx.connection.mappings.defaultCustomer[order.channel];
  return { ok: true, ref: fallback ? { id: fallback } : { externalId: storeCustomerExternalId(order) } };
}
