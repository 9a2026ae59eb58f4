import type { Order } from "../../../../../shared/canonical";
import type { ErpDocumentOf, ErpRefs } from "../../../../../shared/erp";
import type { PushResult } from "../erp-adapter";
import { validation } from "./classify";
import type { Json, Step } from "./client";
import type { BcContext } from "./context";
import { documentNumber, findOne, odataString, text } from "./odata";

/**
 * Customers. BC customers have no external document number, so the documented equivalents are the
 * keys: the buyer's `email` (matched with `$filter=email eq '…'`, lower-cased on both sides), or,
 * for a buyer without email, the customer `number` itself, set to the natural key compacted to
 * Code[20] (this needs Manual Nos. on the customer No. Series; BC refuses otherwise, and the row
 * parks with BC's message).
 */
export type CustomerRef = { customerId: string } | { customerNumber: string };

export async function pushCustomer(
  ctx: BcContext,
  doc: ErpDocumentOf<"customer">,
  docKey: string,
): Promise<PushResult> {
  const c = doc.customer.customer;
  const email = c.email?.trim().toLowerCase() || null;
  const url = `${ctx.config.company}/customers`;
  const number = email ? null : await documentNumber(docKey);
  const existing = await findOne(
    ctx.client,
    url,
    email ? `email eq ${odataString(email)}` : `number eq ${odataString(number ?? "")}`,
  );
  if (!existing.ok) return existing;
  if (existing.value)
    return { ok: true, erpId: text(existing.value.id), erpNumber: text(existing.value.number) || null };
  const address = doc.customer.billingAddress ?? doc.customer.shippingAddress;
  const name =
    [c.firstName, c.lastName].filter(Boolean).join(" ") ||
    address?.name ||
    email ||
    `${doc.customer.channel} customer`;
  const body: Json = {
    displayName: name.slice(0, 100),
    type: address?.company ? "Company" : "Person",
    ...(email ? { email } : { number }),
    ...(c.phone ? { phoneNumber: c.phone.slice(0, 30) } : {}),
    ...(address
      ? {
          addressLine1: (address.line1 ?? "").slice(0, 100),
          addressLine2: (address.line2 ?? "").slice(0, 50),
          city: (address.city ?? "").slice(0, 30),
          state: (address.regionCode ?? address.region ?? "").slice(0, 30),
          country: address.countryCode ?? "",
          postalCode: (address.postalCode ?? "").slice(0, 20),
        }
      : {}),
  };
  const created = await ctx.client.send("POST", url, { body });
  if (!created.ok) return created;
  return { ok: true, erpId: text(created.value?.id), erpNumber: text(created.value?.number) || null };
}

/**
 * The customer a document of this order is booked to: the customer document written before it, the
 * sales order's own customer while BC still holds the order, the channel's default customer, or the
 * buyer found by email. None of them: a validation failure.
 */
export async function customerFor(ctx: BcContext, order: Order, refs: ErpRefs): Promise<Step<CustomerRef>> {
  if (refs.customer) return { ok: true, value: { customerId: refs.customer } };
  if (refs.sales_order) {
    const answer = await ctx.client.call("GET", `${ctx.config.company}/salesOrders(${refs.sales_order})`);
    if (!answer.ok) return answer;
    const id = text(answer.value.json?.customerId);
    if (answer.value.status === 200 && id !== "") return { ok: true, value: { customerId: id } };
  }
  const fallback = ctx.mappings.defaultCustomer[order.channel];
  if (fallback) return { ok: true, value: { customerNumber: fallback } };
  const email = order.customer?.email?.trim().toLowerCase();
  if (email) {
    const found = await findOne(
      ctx.client,
      `${ctx.config.company}/customers`,
      `email eq ${odataString(email)}`,
    );
    if (!found.ok) return found;
    if (found.value) return { ok: true, value: { customerId: text(found.value.id) } };
  }
  return validation(
    `no default_customer mapping for channel "${order.channel}" and no Business Central customer for this order's buyer`,
  );
}
