import { customerPayments } from "./customer-payments";
import type { ApiRoot, EntitySetDef } from "./entity-set";
import { itemJournalLines, itemJournals } from "./item-journals";
import { customerPaymentJournals, journalLines, journals } from "./journals";
import {
  accounts,
  companies,
  customers,
  generalLedgerEntries,
  itemLedgerEntries,
  items,
} from "./master-data";
import { salesCreditMemoLines, salesCreditMemos, salesOrderLines, salesOrders } from "./sales-documents";
import { salesInvoiceLines, salesInvoices, salesShipmentLines, salesShipments } from "./sales-posting";

/** Every entity set the sandbox tenant serves, by API root and name. */
const ALL: readonly EntitySetDef[] = [
  companies,
  customers,
  items,
  accounts,
  generalLedgerEntries,
  itemLedgerEntries,
  salesOrders,
  salesOrderLines,
  salesShipments,
  salesShipmentLines,
  salesInvoices,
  salesInvoiceLines,
  salesCreditMemos,
  salesCreditMemoLines,
  customerPaymentJournals,
  customerPayments,
  journals,
  journalLines,
  itemJournals,
  itemJournalLines,
];

export function entitySet(api: ApiRoot, name: string): EntitySetDef | null {
  return ALL.find((d) => d.api === api && d.name === name) ?? null;
}

export function entitySetByName(name: string): EntitySetDef | null {
  return ALL.find((d) => d.name === name) ?? null;
}
