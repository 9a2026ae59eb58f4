import type { ErpConnectionOf } from "../../../../../shared/erp";
import type { AdapterDeps, ErpAdapter } from "../erp-adapter";
import { unsupported } from "../unsupported";

// Placeholder until this adapter lands: every push parks with a clear reason.
export function createBusinessCentralAdapter(
  _connection: ErpConnectionOf<"business_central">,
  _deps: AdapterDeps,
): ErpAdapter {
  return {
    system: "business_central",
    push: async (claim) => unsupported("business_central", claim.kind),
    readOnHand: async () => unsupported("business_central", "on-hand read-back"),
    readOrderStatus: async () => unsupported("business_central", "order status read-back"),
  };
}
