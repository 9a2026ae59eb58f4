/**
 * The record types the sandbox account holds. Type names are case-insensitive in NetSuite's REST URLs
 * (Oracle's docs use both `salesOrder` and `salesorder`); the sandbox stores the camelCase name.
 *
 * `sublists` name the sublists of each type and their line key: keyed sublists update the line whose
 * key matches on an update and append the others; `?replace=<sublist>` replaces the whole sublist
 * (Oracle, "Updating a Sublist", "Replacing a Sublist"). `transformOnly` types can only be created by
 * `!transform` from their source (NetSuite has no standalone create for them).
 */
export type LineKey = "line" | "doc" | null;

export interface RecordTypeInfo {
  name: string;
  /** Prefix of the sandbox's `tranId` (document number); null for entities. */
  tranIdPrefix: string | null;
  /** SuiteQL `transaction.type` code (NetSuite's short type ids); null for entities. */
  transactionType: string | null;
  sublists: Record<string, LineKey>;
  transformOnly: boolean;
  /** The body field naming the customer. */
  customerField: "entity" | "customer" | null;
}

const TYPES: RecordTypeInfo[] = [
  {
    name: "customer",
    tranIdPrefix: null,
    transactionType: null,
    sublists: { addressBook: null },
    transformOnly: false,
    customerField: null,
  },
  {
    name: "salesOrder",
    tranIdPrefix: "SO",
    transactionType: "SalesOrd",
    sublists: { item: "line" },
    transformOnly: false,
    customerField: "entity",
  },
  {
    name: "customerDeposit",
    tranIdPrefix: "DEP",
    transactionType: "CustDep",
    sublists: {},
    transformOnly: false,
    customerField: "customer",
  },
  {
    name: "itemFulfillment",
    tranIdPrefix: "IF",
    transactionType: "ItemShip",
    sublists: { item: "line", package: null },
    transformOnly: true,
    customerField: "entity",
  },
  {
    name: "invoice",
    tranIdPrefix: "INV",
    transactionType: "CustInvc",
    sublists: { item: "line" },
    transformOnly: true,
    customerField: "entity",
  },
  {
    name: "returnAuthorization",
    tranIdPrefix: "RMA",
    transactionType: "RtnAuth",
    sublists: { item: "line" },
    transformOnly: false,
    customerField: "entity",
  },
  {
    name: "itemReceipt",
    tranIdPrefix: "IR",
    transactionType: "ItemRcpt",
    sublists: { item: "line" },
    transformOnly: true,
    customerField: "entity",
  },
  {
    name: "creditMemo",
    tranIdPrefix: "CM",
    transactionType: "CustCred",
    sublists: { item: "line", apply: "doc" },
    transformOnly: false,
    customerField: "entity",
  },
  {
    name: "customerRefund",
    tranIdPrefix: "REF",
    transactionType: "CustRfnd",
    sublists: { apply: "doc" },
    transformOnly: false,
    customerField: "customer",
  },
  {
    name: "journalEntry",
    tranIdPrefix: "JE",
    transactionType: "Journal",
    sublists: { line: "line" },
    transformOnly: false,
    customerField: null,
  },
  {
    name: "inventoryAdjustment",
    tranIdPrefix: "ADJ",
    transactionType: "InvAdjst",
    sublists: { inventory: "line" },
    transformOnly: false,
    customerField: null,
  },
];

const BY_LOWER = new Map(TYPES.map((t) => [t.name.toLowerCase(), t]));

/** The canonical type for a URL segment, or null when NetSuite would say the type does not exist. */
export function recordTypeOf(raw: string): RecordTypeInfo | null {
  return BY_LOWER.get(raw.toLowerCase()) ?? null;
}

export function recordType(name: string): RecordTypeInfo {
  const info = recordTypeOf(name);
  if (!info) throw new Error(`unknown record type ${name}`);
  return info;
}

export function transactionTypes(): RecordTypeInfo[] {
  return TYPES.filter((t) => t.transactionType !== null);
}
