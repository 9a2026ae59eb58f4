import type { Order } from "../../../../shared/canonical";
import { documentKey, type ErpDocument } from "../../../../shared/erp";
import type { QueuedDocument } from "./outbox-rows";

/**
 * The ERP documents one order version produces: its customer (when the channel names one), the sales
 * order itself (create, update, partial or full cancellation all travel as the order's latest state),
 * and one customer payment per captured tender. Split tenders stay separate documents.
 */
export function orderDocuments(order: Order): QueuedDocument[] {
  const docs: QueuedDocument[] = [];
  let customerKey: string | null = null;
  if (order.customer && (order.customer.email || order.customer.externalId)) {
    const customer: ErpDocument = {
      kind: "customer",
      customer: {
        channel: order.channel,
        storeId: order.storeId,
        customer: order.customer,
        billingAddress: order.billingAddress,
        shippingAddress: order.shippingAddress,
      },
    };
    customerKey = documentKey(customer);
    // A customer is written once; later orders of the same buyer reuse it.
    docs.push({ document: customer, version: 1 });
  }
  docs.push({ document: { kind: "sales_order", order }, version: "order", customerKey });
  order.payments.forEach((payment, tenderIndex) => {
    const captured = (payment.kind === "capture" || payment.kind === "sale") && payment.status === "success";
    if (captured) {
      docs.push({ document: { kind: "customer_payment", order, payment, tenderIndex }, version: 1 });
    }
  });
  return docs;
}
