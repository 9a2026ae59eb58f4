import type { ErpConnectionOf } from "../../../../../shared/erp";
import type { AdapterDeps, ErpAdapter } from "../erp-adapter";
import { unsupported } from "../unsupported";

// Placeholder until this adapter lands: every push parks with a clear reason.
export function createSapAdapter(_connection: ErpConnectionOf<"sap_s4hana">, _deps: AdapterDeps): ErpAdapter {
  return {
    system: "sap_s4hana",
    push: async (claim) => unsupported("sap_s4hana", claim.kind),
    readOnHand: async () => unsupported("sap_s4hana", "on-hand read-back"),
    readOrderStatus: async () => unsupported("sap_s4hana", "order status read-back"),
  };
}
