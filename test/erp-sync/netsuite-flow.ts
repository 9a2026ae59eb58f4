import type { ErpDocument, ErpMappings, ErpRefs } from "../../shared/erp";
import { documentDependencies, documentKey, emptyMappings } from "../../shared/erp";
import type { OutboxClaim } from "../../shared/internal-api";
import type { ErpAdapter, PushResult } from "../../workers/erp-sync/src/adapters/erp-adapter";
import { claimFor } from "./sandbox-netsuite";

/**
 * An order's documents pushed the way the outbox releases them: in dependency order, each claim
 * carrying the ERP ids of the documents it depends on (`refs`), as core does.
 */
export const FLOW_MAPPINGS: ErpMappings = {
  ...emptyMappings(),
  glAccount: {
    marketplace_fees: "601",
    payment_fees: "602",
    marketplace_clearing: "120",
    inventory_adjustment: "500",
  },
};

export class OutboxFlow {
  readonly erpIds = new Map<string, string>();
  private customerKey: string | null = null;

  constructor(private readonly adapter: ErpAdapter) {}

  claim(doc: ErpDocument, overrides: Partial<OutboxClaim> = {}): OutboxClaim {
    const refs: ErpRefs = {};
    for (const key of documentDependencies(doc, this.customerKey)) {
      const id = this.erpIds.get(key);
      const kind = key.split(":")[0] as keyof ErpRefs;
      if (id) refs[kind] = id;
    }
    return claimFor(doc, { refs, ...overrides });
  }

  async push(doc: ErpDocument, overrides: Partial<OutboxClaim> = {}): Promise<PushResult> {
    const result = await this.adapter.push(this.claim(doc, overrides));
    if (result.ok) {
      this.erpIds.set(documentKey(doc), result.erpId);
      if (doc.kind === "customer") this.customerKey = documentKey(doc);
    }
    return result;
  }

  /** Pushes each document in turn; throws on the first failure, with NetSuite's message. */
  async pushAll(docs: readonly ErpDocument[]): Promise<string[]> {
    const ids: string[] = [];
    for (const doc of docs) {
      const result = await this.push(doc);
      if (!result.ok)
        throw new Error(`${doc.kind}: ${result.errorClass} ${result.message} ${result.detail ?? ""}`);
      ids.push(result.erpId);
    }
    return ids;
  }
}
