import type { ErpConnection } from "../../../../shared/erp";
import { createBusinessCentralAdapter } from "./business-central/adapter";
import type { AdapterDeps, ErpAdapter } from "./erp-adapter";
import { createNetSuiteAdapter } from "./netsuite/adapter";
import { createOracleFusionAdapter } from "./oracle-fusion/adapter";
import { createSapAdapter } from "./sap/adapter";
import { createTrytonAdapter } from "./tryton/adapter";

/** The adapter for a connection's ERP kind. Every kind has one; the switch is exhaustive. */
export function createAdapter(connection: ErpConnection, deps: AdapterDeps): ErpAdapter {
  switch (connection.kind) {
    case "netsuite":
      return createNetSuiteAdapter(connection, deps);
    case "business_central":
      return createBusinessCentralAdapter(connection, deps);
    case "sap_s4hana":
      return createSapAdapter(connection, deps);
    case "oracle_fusion":
      return createOracleFusionAdapter(connection, deps);
    case "tryton":
      return createTrytonAdapter(connection, deps);
  }
}
