import { type EntitySetDef, fail, ok, str } from "./entity-set";
import { bcError, dialog } from "./errors";

/**
 * Companies, customers, items, G/L accounts and the posted ledgers, with the fields of the API v2.0
 * resource pages (dynamics_customer.md, dynamics_item.md, dynamics_account.md,
 * dynamics_generalLedgerEntry.md, dynamics_itemledgerentry.md). Items' `inventory` is read-only and
 * company-wide: the v2.0 item has no per-location figure, and itemLedgerEntries carry no location.
 */
const READ = new Set(["GET"] as const);
const CRUD = new Set(["GET", "POST", "PATCH", "DELETE"] as const);

function tooLong(_field: string, value: string, max: number) {
  return value.length > max
    ? bcError(
        400,
        "Application_StringExceededLength",
        `The length of the string is ${value.length}, but it must be less than or equal to ${max} characters. Value: ${value}`,
      )
    : null;
}

function duplicate(table: string, field: string, value: string) {
  return bcError(
    400,
    "Internal_EntityWithSameKeyExists",
    `The ${table} already exists. Identification fields and values: ${field}='${value}'`,
  );
}

export const companies: EntitySetDef = {
  name: "companies",
  typeName: "company",
  label: "Company",
  api: "v2.0",
  parent: null,
  methods: READ,
  template: { id: "", systemVersion: "24.0", name: "", displayName: "", businessProfileId: "" },
};

export const customers: EntitySetDef = {
  name: "customers",
  typeName: "customer",
  label: "Customer",
  api: "v2.0",
  parent: null,
  methods: CRUD,
  template: {
    id: "",
    number: "",
    displayName: "",
    type: "Company",
    addressLine1: "",
    addressLine2: "",
    city: "",
    state: "",
    country: "",
    postalCode: "",
    phoneNumber: "",
    email: "",
    website: "",
    taxLiable: false,
    currencyCode: "",
    blocked: " ",
    lastModifiedDateTime: "",
  },
  create(ctx, body) {
    const name = str(body.displayName);
    const long = tooLong("displayName", name, 100) ?? tooLong("email", str(body.email), 80);
    if (long) return fail(long);
    let number = str(body.number);
    if (number !== "" && !ctx.settings.manualCustomerNumbers) {
      return fail(
        dialog(
          "You may not enter numbers manually. If you want to enter numbers manually, please activate Manual Nos. in No. Series CUST.",
        ),
      );
    }
    const numberTooLong = tooLong("number", number, 20);
    if (numberTooLong) return fail(numberTooLong);
    if (number === "") number = ctx.store.nextNumber("CUST", 10010, "C");
    if (ctx.store.list("customers").some((c) => str(c.body.number) === number)) {
      return fail(duplicate("Customer", "No.", number));
    }
    return ok({ ...body, number });
  },
  key: (body) => str(body.email) || str(body.number),
};

export const items: EntitySetDef = {
  name: "items",
  typeName: "item",
  label: "Item",
  api: "v2.0",
  parent: null,
  methods: CRUD,
  template: {
    id: "",
    number: "",
    displayName: "",
    type: "Inventory",
    blocked: false,
    gtin: "",
    inventory: 0,
    unitPrice: 0,
    priceIncludesTax: false,
    unitCost: 0,
    baseUnitOfMeasureCode: "PCS",
    lastModifiedDateTime: "",
  },
  create(ctx, body) {
    const number = str(body.number) || ctx.store.nextNumber("ITEM", 1000);
    if (ctx.store.list("items").some((i) => str(i.body.number) === number)) {
      return fail(duplicate("Item", "No.", number));
    }
    // inventory is read-only: only posting (shipments, credit memos, item journals) moves it.
    return ok({ ...body, number, inventory: 0 });
  },
  update(_ctx, entity, changes) {
    const { inventory: _ignored, ...rest } = changes;
    return ok({ ...entity.body, ...rest });
  },
  key: (body) => str(body.number),
};

export const accounts: EntitySetDef = {
  name: "accounts",
  typeName: "account",
  label: "G/L Account",
  api: "v2.0",
  parent: null,
  methods: READ,
  template: { id: "", number: "", displayName: "", category: "", subCategory: "", blocked: false },
  key: (body) => str(body.number),
};

export const generalLedgerEntries: EntitySetDef = {
  name: "generalLedgerEntries",
  typeName: "generalLedgerEntry",
  label: "G/L Entry",
  api: "v2.0",
  parent: null,
  methods: READ,
  template: {
    id: "",
    entryNumber: 0,
    postingDate: "",
    documentNumber: "",
    documentType: " ",
    accountId: "",
    accountNumber: "",
    description: "",
    debitAmount: 0,
    creditAmount: 0,
    lastModifiedDateTime: "",
  },
  key: (body) => str(body.documentNumber),
};

export const itemLedgerEntries: EntitySetDef = {
  name: "itemLedgerEntries",
  typeName: "itemLedgerEntry",
  label: "Item Ledger Entry",
  api: "v2.0",
  parent: null,
  methods: READ,
  template: {
    id: "",
    entryNumber: 0,
    itemNumber: "",
    postingDate: "",
    entryType: "",
    sourceNumber: "",
    sourceType: "",
    documentNumber: "",
    documentType: "",
    description: "",
    quantity: 0,
    salesAmountActual: 0,
    costAmountActual: 0,
    lastModifiedDateTime: "",
  },
  key: (body) => str(body.documentNumber),
};
