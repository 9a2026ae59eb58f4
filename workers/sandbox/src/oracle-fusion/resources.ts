import { accounts } from "./accounts";
import { stagedTransactions } from "./inventory";
import { invoices } from "./payables";
import { creditMemos, standardReceipts } from "./receivables";
import { receiptRequests } from "./receiving";
import type { ResourceSpec } from "./resource-spec";
import { salesOrders } from "./sales-orders";
import { shipments } from "./shipments";

/**
 * The Fusion REST resources the sandbox serves, by URL name. `journalBatches` is read-only in Fusion
 * (batches come from the journal import, `erpintegrations`), so it is only written by that import.
 */
const journalBatches: ResourceSpec = {
  name: "journalBatches",
  api: "fscmRestApi",
  idField: "JeBatchId",
  children: ["lines"],
  reference: (body) => (typeof body.BatchName === "string" ? body.BatchName : null),
  create: (body, id) => ({ ok: true, body: { ...body, JeBatchId: Number(id), Status: "U" } }),
};

const ALL: readonly ResourceSpec[] = [
  accounts,
  salesOrders,
  standardReceipts,
  creditMemos,
  invoices,
  shipments,
  receiptRequests,
  stagedTransactions,
  journalBatches,
];

export const RESOURCES: ReadonlyMap<string, ResourceSpec> = new Map(ALL.map((spec) => [spec.name, spec]));

/** Resources Fusion lets a client create with POST (journal batches only come from the import). */
export const CREATABLE: ReadonlySet<string> = new Set(
  ALL.filter((s) => s !== journalBatches).map((s) => s.name),
);

export const API_VERSION = "11.13.18.05";
