import { type EntitySetDef, fail, num, type Outcome, ok, type RuleContext, round2, str } from "./entity-set";
import type { Entity, Json } from "./entity-store";
import { bcError, dialog, tableRelation } from "./errors";
import { checkPostingDate, NOTHING_TO_POST, postGlEntry } from "./posting";

/**
 * General journals (`journals` / `journalLines`, posted with `Microsoft.NAV.post`) and customer
 * payment journals (`customerPaymentJournals` / `customerPayments`), as in dynamics_journal.md,
 * dynamics_journalline.md; the customer payment journal batches too (their lines are in
 * customer-payments.ts).
 */
const CRUD = new Set(["GET", "POST", "PATCH", "DELETE"] as const);
/** The receivables account customer lines post to (the sandbox's customer posting group). */
export const RECEIVABLES_ACCOUNT = "13100";

export function tooLong(value: string, max: number) {
  return value.length > max
    ? bcError(
        400,
        "Application_StringExceededLength",
        `The length of the string is ${value.length}, but it must be less than or equal to ${max} characters. Value: ${value}`,
      )
    : null;
}

function batchSet(name: string, typeName: string, children: string[], extra: Json): EntitySetDef {
  return {
    name,
    typeName,
    label: "Gen. Journal Batch",
    api: "v2.0",
    parent: null,
    methods: CRUD,
    template: {
      id: "",
      code: "",
      displayName: "",
      lastModifiedDateTime: "",
      balancingAccountId: "",
      balancingAccountNumber: "",
      ...extra,
    },
    children,
    create(ctx, body) {
      const code = str(body.code).toUpperCase();
      if (code === "")
        return fail(
          bcError(400, "BadRequest_RequiredParamNotProvided", "Field 'code' must not be blank or empty."),
        );
      const long = tooLong(code, 10);
      if (long) return fail(long);
      if (ctx.store.list(name).some((j) => str(j.body.code) === code)) {
        return fail(
          bcError(
            400,
            "Internal_EntityWithSameKeyExists",
            `The Gen. Journal Batch already exists. Identification fields and values: Name='${code}'`,
          ),
        );
      }
      return ok({ ...body, code });
    },
    key: (body) => str(body.code),
  };
}

export function nextLineNumber(ctx: RuleContext, set: string, parent: Entity | null): number {
  const lines = parent ? ctx.store.list(set, parent.id) : [];
  return lines.reduce((max, l) => Math.max(max, num(l.body.lineNumber)), 0) + 10000;
}

export function findCustomer(ctx: RuleContext, body: Json, table: string): Outcome<Entity> {
  const number = str(body.customerNumber) || str(body.accountNumber);
  const id = str(body.customerId) || str(body.accountId);
  const customer = ctx.store
    .list("customers")
    .find((c) => (number !== "" ? str(c.body.number) === number : c.id === id));
  return customer ? ok(customer) : fail(tableRelation("Account No.", table, number || id, "Customer"));
}

export const customerPaymentJournals = batchSet(
  "customerPaymentJournals",
  "customerPaymentJournal",
  ["customerPayments"],
  {},
);
export const journals = batchSet("journals", "journal", ["journalLines"], { templateDisplayName: "GENERAL" });

export const journalLines: EntitySetDef = {
  name: "journalLines",
  typeName: "journalLine",
  label: "Gen. Journal Line",
  api: "v2.0",
  parent: { set: "journals", field: "journalId" },
  methods: CRUD,
  template: {
    id: "",
    journalId: "",
    journalDisplayName: "",
    lineNumber: 0,
    accountType: "G/L Account",
    accountId: "",
    accountNumber: "",
    postingDate: "",
    documentNumber: "",
    externalDocumentNumber: "",
    amount: 0,
    description: "",
    comment: "",
    taxCode: "",
    balanceAccountType: "G/L Account",
    balancingAccountId: "",
    balancingAccountNumber: "",
    lastModifiedDateTime: "",
  },
  create(ctx, body, journal) {
    return writeJournalLine(ctx, {
      ...body,
      lineNumber: num(body.lineNumber) || nextLineNumber(ctx, "journalLines", journal),
    });
  },
  update: (ctx, entity, changes) => writeJournalLine(ctx, { ...entity.body, ...changes }),
  key: (body) => str(body.externalDocumentNumber) || str(body.documentNumber),
};

function glAccount(ctx: RuleContext, number: string): Entity | null {
  return ctx.store.list("accounts").find((a) => str(a.body.number) === number) ?? null;
}

/** Gen. Journal Line text fields: Description Text[100], Comment Text[250]. */
export function tooLongText(body: Json) {
  return tooLong(str(body.description), 100) ?? tooLong(str(body.comment), 250);
}

function writeJournalLine(ctx: RuleContext, body: Json): Outcome<Json> {
  const long =
    tooLong(str(body.externalDocumentNumber), 35) ??
    tooLong(str(body.documentNumber), 20) ??
    tooLongText(body);
  if (long) return fail(long);
  const type = str(body.accountType) || "G/L Account";
  let account: Entity | null;
  if (type === "Customer") {
    const customer = findCustomer(ctx, body, "Gen. Journal Line");
    if (!customer.ok) return customer;
    account = customer.value;
  } else if (type === "G/L Account") {
    account = glAccount(ctx, str(body.accountNumber));
    if (!account)
      return fail(tableRelation("Account No.", "Gen. Journal Line", str(body.accountNumber), "G/L Account"));
  } else {
    return fail(dialog(`'${type}' is not an option. The existing options are: G/L Account,Customer`));
  }
  const balancing = str(body.balancingAccountNumber);
  if (balancing !== "" && !glAccount(ctx, balancing)) {
    return fail(tableRelation("Bal. Account No.", "Gen. Journal Line", balancing, "G/L Account"));
  }
  return ok({
    ...body,
    accountType: type,
    accountId: account.id,
    accountNumber: str(account.body.number),
    postingDate: str(body.postingDate) || ctx.today,
    documentNumber: str(body.documentNumber) || ctx.store.nextNumber("GENJNL", 1, "G0000"),
  });
}

/** Posts every line of a general journal: each document must balance, then lines become G/L entries. */
export function postJournal(ctx: RuleContext, journal: Entity): Outcome<null> {
  const lines = ctx.store.list("journalLines", journal.id);
  if (lines.length === 0) return fail(NOTHING_TO_POST);
  const open = new Map<string, number>();
  for (const line of lines) {
    const where = `Gen. Journal Line Journal Template Name='GENERAL',Journal Batch Name='${str(journal.body.code)}',Line No.='${num(line.body.lineNumber)}'`;
    const closed = checkPostingDate(ctx, str(line.body.postingDate), where);
    if (closed) return closed;
    if (str(line.body.balancingAccountNumber) !== "") continue;
    const doc = str(line.body.documentNumber);
    open.set(doc, round2((open.get(doc) ?? 0) + num(line.body.amount)));
  }
  for (const [doc, balance] of open) {
    if (balance !== 0) {
      return fail(
        dialog(
          `Document No. ${doc} is out of balance by ${balance}. Please check that Posting Date, Document Type, Document No. and Amount are correct for each line.`,
        ),
      );
    }
  }
  for (const line of lines) {
    const b = line.body;
    const base = {
      documentNumber: str(b.documentNumber),
      postingDate: str(b.postingDate),
      description: str(b.description),
    };
    const account = str(b.accountType) === "Customer" ? RECEIVABLES_ACCOUNT : str(b.accountNumber);
    postGlEntry(ctx, { ...base, accountNumber: account, amount: num(b.amount) });
    if (str(b.balancingAccountNumber) !== "") {
      postGlEntry(ctx, { ...base, accountNumber: str(b.balancingAccountNumber), amount: -num(b.amount) });
    }
    ctx.store.remove(line.id);
  }
  return ok(null);
}

journals.actions = { post: postJournal };
