import { type EntitySetDef, fail, num, type Outcome, ok, type RuleContext, round2, str } from "./entity-set";
import type { Entity, Json } from "./entity-store";
import { dialog, tableRelation } from "./errors";
import { LINE_TEMPLATE, ORDER_LINE_TEMPLATE, writeLine } from "./sales-lines";
import { postCreditMemo, shipAndInvoice } from "./sales-posting";

/**
 * salesOrders and salesCreditMemos with their lines (dynamics_salesorder.md, dynamics_salescreditmemo.md).
 * Both take a deep insert of their lines; both are open documents until posted. Orders post through
 * the bound action `Microsoft.NAV.shipAndInvoice`, credit memos through `Microsoft.NAV.post`.
 */
const CRUD = new Set(["GET", "POST", "PATCH", "DELETE"] as const);
const HEADER_TEMPLATE: Json = {
  id: "",
  number: "",
  externalDocumentNumber: "",
  postingDate: "",
  customerId: "",
  customerNumber: "",
  customerName: "",
  billToName: "",
  shipToName: "",
  shipToContact: "",
  currencyCode: "",
  pricesIncludeTax: false,
  discountAmount: 0,
  totalAmountExcludingTax: 0,
  totalTaxAmount: 0,
  totalAmountIncludingTax: 0,
  status: "Draft",
  lastModifiedDateTime: "",
  phoneNumber: "",
  email: "",
};

function resolveCustomer(ctx: RuleContext, body: Json): Outcome<Json> {
  const number = str(body.customerNumber);
  const id = str(body.customerId);
  if (number === "" && id === "") return fail(dialog("A customerNumber or a customerID must be provided."));
  const customer = ctx.store
    .list("customers")
    .find((c) => (id !== "" ? c.id.toLowerCase() === id.toLowerCase() : str(c.body.number) === number));
  if (!customer) return fail(tableRelation("Sell-to Customer No.", "Sales Header", number || id, "Customer"));
  const name = str(customer.body.displayName);
  return ok({
    ...body,
    customerId: customer.id,
    customerNumber: str(customer.body.number),
    customerName: name,
  });
}

function writeHeader(ctx: RuleContext, body: Json, series: [string, number, string]): Outcome<Json> {
  if (str(body.externalDocumentNumber).length > 35) {
    return fail(
      dialog(
        `The length of the string is ${str(body.externalDocumentNumber).length}, but it must be less than or equal to 35 characters. Value: ${str(body.externalDocumentNumber)}`,
      ),
    );
  }
  const withCustomer = resolveCustomer(ctx, body);
  if (!withCustomer.ok) return withCustomer;
  const [code, start, prefix] = series;
  const number = str(body.number) || ctx.store.nextNumber(code, start, prefix);
  return ok({ ...withCustomer.value, number, postingDate: str(body.postingDate) || ctx.today });
}

function notDraft(entity: Entity): Outcome<never> | null {
  return str(entity.body.status) === "Draft" ? null : fail(dialog("You cannot change a posted document."));
}

function refreshTotals(ctx: RuleContext, header: Entity, lineSet: string): void {
  const lines = ctx.store.list(lineSet, header.id);
  const total = round2(lines.reduce((sum, l) => sum + num(l.body.netAmount), 0));
  const body: Json = { ...header.body, totalAmountExcludingTax: total, totalAmountIncludingTax: total };
  if (lineSet === "salesOrderLines") {
    body.fullyShipped = lines.every((l) => num(l.body.shippedQuantity) >= num(l.body.quantity));
  }
  ctx.store.replace(header, body);
}

function lineSet(name: string, parent: string, isOrder: boolean): EntitySetDef {
  return {
    name,
    typeName: name.slice(0, -1),
    label: "Sales Line",
    api: "v2.0",
    parent: { set: parent, field: "documentId" },
    methods: CRUD,
    template: isOrder ? ORDER_LINE_TEMPLATE : LINE_TEMPLATE,
    create(ctx, body, header) {
      if (header && !isOrder && str(header.body.status) !== "Draft") {
        return fail(dialog("You cannot change a posted document."));
      }
      const siblings = header ? ctx.store.list(name, header.id) : [];
      const sequence = num(body.sequence) || (siblings.length + 1) * 10000;
      return writeLine(ctx, { ...body, sequence, shipmentDate: ctx.today }, null, "Sales Line", isOrder);
    },
    update(ctx, entity, changes) {
      const header = entity.parentId ? ctx.store.get(parent, entity.parentId) : null;
      const locked = header && !isOrder ? notDraft(header) : null;
      if (locked) return locked;
      return writeLine(ctx, changes, entity.body, "Sales Line", isOrder);
    },
  };
}

export const salesOrderLines = lineSet("salesOrderLines", "salesOrders", true);
export const salesCreditMemoLines = lineSet("salesCreditMemoLines", "salesCreditMemos", false);

export const salesOrders: EntitySetDef = {
  name: "salesOrders",
  typeName: "salesOrder",
  label: "Sales Header",
  api: "v2.0",
  parent: null,
  methods: CRUD,
  template: { ...HEADER_TEMPLATE, orderDate: "", partialShipping: true, fullyShipped: false },
  children: ["salesOrderLines"],
  create: (ctx, body) => {
    const header = writeHeader(ctx, body, ["S-ORD", 101001, "S-ORD"]);
    return header.ok ? ok({ ...header.value, orderDate: str(body.orderDate) || ctx.today }) : header;
  },
  update: (ctx, entity, changes) => {
    const merged = { ...entity.body, ...changes };
    return "customerNumber" in changes || "customerId" in changes
      ? writeHeader(ctx, merged, ["", 0, ""])
      : ok(merged);
  },
  refresh: (ctx, entity) => refreshTotals(ctx, entity, "salesOrderLines"),
  actions: { shipAndInvoice },
  key: (body) => str(body.externalDocumentNumber),
};

export const salesCreditMemos: EntitySetDef = {
  name: "salesCreditMemos",
  typeName: "salesCreditMemo",
  label: "Sales Header",
  api: "v2.0",
  parent: null,
  methods: CRUD,
  template: {
    ...HEADER_TEMPLATE,
    creditMemoDate: "",
    dueDate: "",
    invoiceId: "00000000-0000-0000-0000-000000000000",
    invoiceNumber: "",
    customerReturnReasonId: "00000000-0000-0000-0000-000000000000",
  },
  children: ["salesCreditMemoLines"],
  create: (ctx, body) => {
    const header = writeHeader(ctx, { ...body, status: "Draft" }, ["S-CR", 1001, "S-CR"]);
    return header.ok
      ? ok({ ...header.value, creditMemoDate: str(body.creditMemoDate) || ctx.today })
      : header;
  },
  update: (_ctx, entity, changes) => notDraft(entity) ?? ok({ ...entity.body, ...changes, status: "Draft" }),
  remove: (_ctx, entity) => notDraft(entity) ?? ok(null),
  refresh: (ctx, entity) => refreshTotals(ctx, entity, "salesCreditMemoLines"),
  actions: { post: postCreditMemo },
  key: (body) => str(body.externalDocumentNumber),
};
