import { type EntitySetDef, fail, num, type Outcome, ok, type RuleContext, str } from "./entity-set";
import type { Json } from "./entity-store";
import { dialog } from "./errors";
import { findCustomer, nextLineNumber, tooLong, tooLongText } from "./journals";

/**
 * Lines of customer payment journals (dynamics_customerpayment.md). API v2.0 has no post action for
 * customer payment journals: their lines wait in the journal until someone posts them in BC.
 */
const CRUD = new Set(["GET", "POST", "PATCH", "DELETE"] as const);

export const customerPayments: EntitySetDef = {
  name: "customerPayments",
  typeName: "customerPayment",
  label: "Gen. Journal Line",
  api: "v2.0",
  parent: { set: "customerPaymentJournals", field: "journalId" },
  methods: CRUD,
  template: {
    id: "",
    journalId: "",
    journalDisplayName: "",
    lineNumber: 0,
    customerId: "",
    customerNumber: "",
    postingDate: "",
    documentNumber: "",
    externalDocumentNumber: "",
    amount: 0,
    appliesToInvoiceId: "",
    appliesToInvoiceNumber: "",
    description: "",
    comment: "",
    lastModifiedDateTime: "",
  },
  create(ctx, body, journal) {
    return writePayment(ctx, {
      ...body,
      lineNumber: num(body.lineNumber) || nextLineNumber(ctx, "customerPayments", journal),
    });
  },
  update: (ctx, entity, changes) => writePayment(ctx, { ...entity.body, ...changes }),
  key: (body) => str(body.externalDocumentNumber),
};

function writePayment(ctx: RuleContext, body: Json): Outcome<Json> {
  // Error-table text: a customer payment credits the customer, so its amount is negative.
  if (num(body.amount) > 0) return fail(dialog('The "amount" should be a negative number.'));
  const long =
    tooLong(str(body.externalDocumentNumber), 35) ??
    tooLong(str(body.documentNumber), 20) ??
    tooLongText(body);
  if (long) return fail(long);
  const customer = findCustomer(ctx, body, "Gen. Journal Line");
  if (!customer.ok) return customer;
  const documentNumber = str(body.documentNumber) || ctx.store.nextNumber("PAYMENT", 4001, "G0");
  return ok({
    ...body,
    customerId: customer.value.id,
    customerNumber: str(customer.value.body.number),
    postingDate: str(body.postingDate) || ctx.today,
    documentNumber,
  });
}
