import type { ErpConnectionOf } from "../../../../../shared/erp";
import type { AdapterDeps, ErpAdapter } from "../erp-adapter";
import { unsupported } from "../unsupported";

// Placeholder until this adapter lands: every push parks with a clear reason.
export function createTrytonAdapter(_connection: ErpConnectionOf<"tryton">, _deps: AdapterDeps): ErpAdapter {
  return {
    system: "tryton",
    push: async (claim) => unsupported("tryton", claim.kind),
    readOnHand: async () => unsupported("tryton", "on-hand read-back"),
    readOrderStatus: async () => unsupported("tryton", "order status read-back"),
  };
}
