import type { EntityStore } from "./entity-store";

/**
 * What a new sandbox company holds before any test writes: the company itself, a chart of G/L
 * accounts like the US demo company's (CRONUS USA, Inc.), a GENERAL general journal and a GENERAL
 * customer payment journal balancing to the checking account. Items and customers come from tests
 * through `POST /_sandbox/business-central/seed` or the API itself.
 */
const ACCOUNTS: ReadonlyArray<[string, string, string]> = [
  ["10100", "Checking account", "Assets"],
  ["10500", "Undeposited funds", "Assets"],
  ["13100", "Accounts Receivable", "Assets"],
  ["14100", "Inventory", "Assets"],
  ["20600", "Marketplace clearing", "Liabilities"],
  ["22100", "Sales tax payable", "Liabilities"],
  ["40100", "Sales, retail", "Income"],
  ["40200", "Shipping income", "Income"],
  ["40300", "Sales discounts", "Income"],
  ["40400", "Sales returns and refunds", "Income"],
  ["61100", "Marketplace fees", "Expense"],
  ["61200", "Payment processing fees", "Expense"],
  ["54700", "Inventory adjustments", "Expense"],
];

export function seedCompany(store: EntityStore, companyId: string): void {
  if (store.get("companies", companyId)) return;
  store.insert("companies", {
    id: companyId,
    systemVersion: "24.0",
    name: "CRONUS USA, Inc.",
    displayName: "CRONUS USA, Inc.",
    businessProfileId: "",
  });
  for (const [number, displayName, category] of ACCOUNTS) {
    store.insert("accounts", { number, displayName, category, subCategory: "", blocked: false });
  }
  store.insert("journals", {
    code: "GENERAL",
    displayName: "General journal",
    templateDisplayName: "GENERAL",
    balancingAccountId: "",
    balancingAccountNumber: "",
    lastModifiedDateTime: "",
  });
  store.insert("customerPaymentJournals", {
    code: "GENERAL",
    displayName: "Cash receipts",
    balancingAccountId: "",
    balancingAccountNumber: "10100",
    lastModifiedDateTime: "",
  });
}
