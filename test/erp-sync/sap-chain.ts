import type { ErpAdapter, PushResult } from "../../workers/erp-sync/src/adapters/erp-adapter";
import { creditMemoDoc, customerDoc, orderDoc, returnDoc } from "./sap-documents";
import { claimFor } from "./sap-sandbox";

/**
 * Pushes the documents a kind depends on (customer, order, return, credit memo) the way the outbox
 * releases them, and returns their SAP ids as the refs core would attach to the next claim.
 */
export interface ChainIds {
  customer: string;
  sales_order: string;
  return_authorization: string;
  credit_memo: string;
}

export function erpIdOf(result: PushResult): string {
  if (!result.ok) throw new Error(`push failed: ${result.errorClass} ${result.message}`);
  return result.erpId;
}

export async function pushChain(adapter: ErpAdapter, upTo: keyof ChainIds): Promise<Partial<ChainIds>> {
  const ids: Partial<ChainIds> = {};
  ids.customer = erpIdOf(await adapter.push(claimFor(customerDoc())));
  if (upTo === "customer") return ids;
  ids.sales_order = erpIdOf(await adapter.push(claimFor(orderDoc(), { customer: ids.customer })));
  if (upTo === "sales_order") return ids;
  ids.return_authorization = erpIdOf(
    await adapter.push(claimFor(returnDoc(), { sales_order: ids.sales_order })),
  );
  if (upTo === "return_authorization") return ids;
  ids.credit_memo = erpIdOf(
    await adapter.push(claimFor(creditMemoDoc(), { return_authorization: ids.return_authorization })),
  );
  return ids;
}
