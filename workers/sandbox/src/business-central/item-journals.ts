import { type EntitySetDef, fail, num, type Outcome, ok, type RuleContext, str } from "./entity-set";
import type { Entity, Json } from "./entity-store";
import { bcError, dialog, tableRelation } from "./errors";
import { tooLong } from "./journals";
import { checkPostingDate, NOTHING_TO_POST, postItemEntry } from "./posting";

/**
 * Item journals through a custom API page. Standard API v2.0 has no item journal (its resource list
 * has none), so BC partners publish one: an AL page of PageType API over table "Item Journal Line",
 * served at `/api/<publisher>/<group>/<version>/companies(<id>)/...`. This sandbox serves the one the
 * mesh documents for retailers to install: publisher `mesh`, group `inventory`, version `v1.0`, entity
 * sets `itemJournals` (batches of the ITEM template, bound action `Microsoft.NAV.post`) and
 * `itemJournalLines` (fields named after the table's: item number, entry type, quantity, document
 * number, location code). It is a custom API page by design, labelled so in both READMEs.
 */
const CRUD = new Set(["GET", "POST", "PATCH", "DELETE"] as const);
const ENTRY_TYPES = ["Positive Adjmt.", "Negative Adjmt."];

export const itemJournals: EntitySetDef = {
  name: "itemJournals",
  typeName: "itemJournal",
  label: "Item Journal Batch",
  api: "mesh/inventory/v1.0",
  parent: null,
  methods: CRUD,
  template: { id: "", code: "", displayName: "", templateName: "ITEM", lastModifiedDateTime: "" },
  children: ["itemJournalLines"],
  create(ctx, body) {
    const code = str(body.code).toUpperCase();
    if (code === "" || code.length > 10) {
      return fail(
        bcError(400, "BadRequest_RequiredParamNotProvided", "Field 'code' must not be blank or empty."),
      );
    }
    if (ctx.store.list("itemJournals").some((j) => str(j.body.code) === code)) {
      return fail(
        bcError(
          400,
          "Internal_EntityWithSameKeyExists",
          `The Item Journal Batch already exists. Identification fields and values: Journal Template Name='ITEM',Name='${code}'`,
        ),
      );
    }
    return ok({ ...body, code });
  },
  actions: { post: postItemJournal },
  key: (body) => str(body.code),
};

export const itemJournalLines: EntitySetDef = {
  name: "itemJournalLines",
  typeName: "itemJournalLine",
  label: "Item Journal Line",
  api: "mesh/inventory/v1.0",
  parent: { set: "itemJournals", field: "journalId" },
  methods: CRUD,
  template: {
    id: "",
    journalId: "",
    lineNumber: 0,
    itemId: "",
    itemNumber: "",
    entryType: "Positive Adjmt.",
    postingDate: "",
    documentNumber: "",
    externalDocumentNumber: "",
    quantity: 0,
    locationCode: "",
    description: "",
    lastModifiedDateTime: "",
  },
  create(ctx, body, journal) {
    const siblings = journal ? ctx.store.list("itemJournalLines", journal.id) : [];
    const lineNumber = siblings.reduce((max, l) => Math.max(max, num(l.body.lineNumber)), 0) + 10000;
    return writeItemLine(ctx, { ...body, lineNumber });
  },
  update: (ctx, entity, changes) => writeItemLine(ctx, { ...entity.body, ...changes }),
  key: (body) => str(body.documentNumber),
};

function writeItemLine(ctx: RuleContext, body: Json): Outcome<Json> {
  const number = str(body.itemNumber);
  const item = ctx.store.list("items").find((i) => str(i.body.number) === number);
  if (!item) return fail(tableRelation("Item No.", "Item Journal Line", number, "Item"));
  const entryType = str(body.entryType) || "Positive Adjmt.";
  if (!ENTRY_TYPES.includes(entryType)) {
    return fail(
      dialog(`'${entryType}' is not an option. The existing options are: ${ENTRY_TYPES.join(",")}`),
    );
  }
  if (num(body.quantity) <= 0) return fail(dialog("Quantity must be positive."));
  const description = tooLong(str(body.description), 100); // Item Journal Line Description is Text[100]
  if (description) return fail(description);
  if (str(body.documentNumber).length > 20) {
    return fail(
      bcError(
        400,
        "Application_StringExceededLength",
        `The length of the string is ${str(body.documentNumber).length}, but it must be less than or equal to 20 characters. Value: ${str(body.documentNumber)}`,
      ),
    );
  }
  return ok({ ...body, itemId: item.id, entryType, postingDate: str(body.postingDate) || ctx.today });
}

export function postItemJournal(ctx: RuleContext, journal: Entity): Outcome<null> {
  const lines = ctx.store.list("itemJournalLines", journal.id);
  if (lines.length === 0) return fail(NOTHING_TO_POST);
  const delta = new Map<string, number>();
  for (const line of lines) {
    const where = `Item Journal Line Journal Template Name='ITEM',Journal Batch Name='${str(journal.body.code)}',Line No.='${num(line.body.lineNumber)}'`;
    const closed = checkPostingDate(ctx, str(line.body.postingDate), where);
    if (closed) return closed;
    const sign = str(line.body.entryType) === "Negative Adjmt." ? -1 : 1;
    const number = str(line.body.itemNumber);
    delta.set(number, (delta.get(number) ?? 0) + sign * num(line.body.quantity));
  }
  for (const [number, change] of delta) {
    const item = ctx.store.list("items").find((i) => str(i.body.number) === number);
    if (num(item?.body.inventory) + change < 0) {
      return fail(dialog(`You have insufficient quantity of Item ${number} on inventory.`));
    }
  }
  for (const line of lines) {
    const negative = str(line.body.entryType) === "Negative Adjmt.";
    postItemEntry(ctx, {
      itemNumber: str(line.body.itemNumber),
      entryType: str(line.body.entryType),
      quantity: (negative ? -1 : 1) * num(line.body.quantity),
      documentNumber: str(line.body.documentNumber),
      documentType: " ",
      postingDate: str(line.body.postingDate),
      description: str(line.body.description),
    });
    ctx.store.remove(line.id);
  }
  return ok(null);
}
