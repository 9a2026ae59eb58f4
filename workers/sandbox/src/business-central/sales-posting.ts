import { type EntitySetDef, fail, num, type Outcome, ok, type RuleContext, str } from "./entity-set";
import type { Entity } from "./entity-store";
import { checkPostingDate, NOTHING_TO_POST, postedLine, postItemEntry } from "./posting";

/**
 * Posting sales documents. `shipAndInvoice` posts each line's `shipQuantity` as a sales shipment and
 * an invoice (the posted shipment and invoice copy the order's external document number, as BC's
 * posting does); once every line is shipped and invoiced in full, BC deletes the order, and so does
 * the sandbox. Posted shipments and invoices are read-only here (salesShipments is GET-only in BC).
 */
export function shipAndInvoice(ctx: RuleContext, order: Entity): Outcome<null> {
  const lines = ctx.store.list("salesOrderLines", order.id);
  const toShip = lines.filter((l) => num(l.body.shipQuantity) > 0 && str(l.body.lineType) !== "Comment");
  if (toShip.length === 0) return fail(NOTHING_TO_POST);
  const date = str(order.body.postingDate) || ctx.today;
  const closed = checkPostingDate(
    ctx,
    date,
    `Sales Header Document Type='Order',No.='${str(order.body.number)}'`,
  );
  if (closed) return closed;

  const shipmentNo = ctx.store.nextNumber("S-SHPT", 102001);
  const invoiceNo = ctx.store.nextNumber("S-INV", 103001);
  const copied = {
    externalDocumentNumber: str(order.body.externalDocumentNumber),
    postingDate: date,
    customerId: str(order.body.customerId),
    customerNumber: str(order.body.customerNumber),
    customerName: str(order.body.customerName),
    currencyCode: str(order.body.currencyCode),
  };
  const shipment = ctx.store.insert("salesShipments", {
    ...copied,
    number: shipmentNo,
    orderNumber: str(order.body.number),
    invoiceDate: date,
  });
  const invoice = ctx.store.insert("salesInvoices", {
    ...copied,
    number: invoiceNo,
    invoiceDate: date,
    orderId: order.id,
    orderNumber: str(order.body.number),
    status: "Open",
    totalAmountExcludingTax: 0,
  });
  let invoiced = 0;
  for (const line of toShip) {
    const quantity = num(line.body.shipQuantity);
    ctx.store.insert("salesShipmentLines", postedLine(line, shipment.id, shipmentNo, quantity), shipment.id);
    ctx.store.insert("salesInvoiceLines", postedLine(line, invoice.id, invoiceNo, quantity), invoice.id);
    invoiced += (num(line.body.netAmount) * quantity) / Math.max(1, num(line.body.quantity));
    if (str(line.body.lineType) === "Item") {
      postItemEntry(ctx, {
        itemNumber: str(line.body.lineObjectNumber),
        entryType: "Sale",
        quantity: -quantity,
        documentNumber: shipmentNo,
        documentType: "Sales Shipment",
        postingDate: date,
        description: str(line.body.description),
      });
    }
    const shipped = num(line.body.shippedQuantity) + quantity;
    const outstanding = num(line.body.quantity) - shipped;
    ctx.store.replace(line, {
      ...line.body,
      shippedQuantity: shipped,
      invoicedQuantity: num(line.body.invoicedQuantity) + quantity,
      shipQuantity: outstanding,
      invoiceQuantity: outstanding,
    });
  }
  const fresh = ctx.store.get("salesInvoices", invoice.id) ?? invoice;
  ctx.store.replace(fresh, { ...fresh.body, totalAmountExcludingTax: Math.round(invoiced * 100) / 100 });
  const done = ctx.store
    .list("salesOrderLines", order.id)
    .every(
      (l) =>
        num(l.body.shippedQuantity) >= num(l.body.quantity) &&
        num(l.body.invoicedQuantity) >= num(l.body.quantity),
    );
  if (done) ctx.store.remove(order.id);
  return ok(null);
}

export function postCreditMemo(ctx: RuleContext, memo: Entity): Outcome<null> {
  if (str(memo.body.status) !== "Draft") return fail(NOTHING_TO_POST);
  const lines = ctx.store.list("salesCreditMemoLines", memo.id).filter((l) => num(l.body.quantity) > 0);
  if (lines.length === 0) return fail(NOTHING_TO_POST);
  const date = str(memo.body.postingDate) || ctx.today;
  const closed = checkPostingDate(
    ctx,
    date,
    `Sales Header Document Type='Credit Memo',No.='${str(memo.body.number)}'`,
  );
  if (closed) return closed;
  const postedNo = ctx.store.nextNumber("S-CR-POSTED", 104001);
  for (const line of lines) {
    if (str(line.body.lineType) !== "Item") continue;
    // Posting a credit memo with item lines returns the units to inventory (a sales return).
    postItemEntry(ctx, {
      itemNumber: str(line.body.lineObjectNumber),
      entryType: "Sale",
      quantity: num(line.body.quantity),
      documentNumber: postedNo,
      documentType: "Sales Credit Memo",
      postingDate: date,
      description: str(line.body.description),
    });
  }
  ctx.store.replace(memo, { ...memo.body, number: postedNo, status: "Open", postingDate: date });
  return ok(null);
}

const READ = new Set(["GET"] as const);
const POSTED_LINE = {
  id: "",
  documentId: "",
  documentNo: "",
  sequence: 0,
  lineType: "",
  lineObjectNumber: "",
  description: "",
  unitOfMeasureCode: "",
  unitPrice: 0,
  quantity: 0,
};
const POSTED_HEADER = {
  id: "",
  number: "",
  externalDocumentNumber: "",
  invoiceDate: "",
  postingDate: "",
  customerId: "",
  customerNumber: "",
  customerName: "",
  currencyCode: "",
  orderNumber: "",
};

function posted(
  name: string,
  typeName: string,
  extra: Record<string, unknown>,
  children: string[],
): EntitySetDef {
  return {
    name,
    typeName,
    label: typeName,
    api: "v2.0",
    parent: null,
    methods: READ,
    template: { ...POSTED_HEADER, ...extra },
    children,
    key: (body) => str(body.externalDocumentNumber),
  };
}

function postedLines(name: string, parent: string): EntitySetDef {
  return {
    name,
    typeName: name.slice(0, -1),
    label: name.slice(0, -1),
    api: "v2.0",
    parent: { set: parent, field: "documentId" },
    methods: READ,
    template: POSTED_LINE,
  };
}

export const salesShipments = posted("salesShipments", "salesShipment", {}, ["salesShipmentLines"]);
export const salesShipmentLines = postedLines("salesShipmentLines", "salesShipments");
export const salesInvoices = posted(
  "salesInvoices",
  "salesInvoice",
  { orderId: "", status: "Open", totalAmountExcludingTax: 0 },
  ["salesInvoiceLines"],
);
export const salesInvoiceLines = postedLines("salesInvoiceLines", "salesInvoices");
