import type { ErpConnectionOf } from "../../../../../shared/erp";
import type { AdapterDeps, ErpAdapter } from "../erp-adapter";
import { unsupported } from "../unsupported";

// Placeholder until this adapter lands: every push parks with a clear reason.
export function createOracleFusionAdapter(
  _connection: ErpConnectionOf<"oracle_fusion">,
  _deps: AdapterDeps,
): ErpAdapter {
  return {
    system: "oracle_fusion",
    push: async (claim) => unsupported("oracle_fusion", claim.kind),
    readOnHand: async () => unsupported("oracle_fusion", "on-hand read-back"),
    readOrderStatus: async () => unsupported("oracle_fusion", "order status read-back"),
  };
}
