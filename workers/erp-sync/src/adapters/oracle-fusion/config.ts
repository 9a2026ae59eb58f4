import type { ErpConnectionOf } from "../../../../../shared/erp";

/**
 * One Fusion pod as the adapter talks to it: the REST roots of the two modules it uses (SCM and
 * financials under `fscmRestApi`, customer accounts under `crmRestApi`), the integration user's Basic
 * credentials, and the connection's source system and business unit.
 */
export const API_VERSION = "11.13.18.05";

export interface OracleConfig {
  fscm: string;
  crm: string;
  authorization: string;
  sourceSystem: string;
  businessUnit: string;
}

export function oracleConfig(connection: ErpConnectionOf<"oracle_fusion">): OracleConfig {
  const { settings, credentials } = connection;
  const bytes = new TextEncoder().encode(`${credentials.username}:${credentials.password}`);
  return {
    fscm: `${settings.baseUrl}/fscmRestApi/resources/${API_VERSION}`,
    crm: `${settings.baseUrl}/crmRestApi/resources/${API_VERSION}`,
    authorization: `Basic ${btoa(String.fromCharCode(...bytes))}`,
    sourceSystem: settings.sourceTransactionSystem,
    businessUnit: settings.businessUnitName,
  };
}
