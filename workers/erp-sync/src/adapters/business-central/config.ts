import type { ErpConnectionOf } from "../../../../../shared/erp";

/**
 * Where one connection's Business Central lives. API v2.0 is company-scoped under
 * `{apiBaseUrl}/v2.0/{tenant}/{environment}/api/v2.0/companies({companyId})` (Microsoft Learn, "API
 * endpoint structure"); the token comes from Entra ID at `{authorityUrl}/{tenant}/oauth2/v2.0/token`.
 * The item-journal API is a custom API page (publisher `mesh`, group `inventory`, version `v1.0`)
 * that retailers install, because standard API v2.0 has no item journal (see the README).
 */
export interface BcConfig {
  /** `…/api/v2.0`, the root `$batch` is posted to. */
  apiRoot: string;
  /** `…/api/v2.0/companies(<id>)`. */
  company: string;
  /** `…/api/mesh/inventory/v1.0/companies(<id>)`. */
  inventoryCompany: string;
  inventoryRoot: string;
  companyId: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Token cache key: a changed connection (new secret, new tenant) never reuses an old token. */
  cacheKey: string;
}

export const BC_SCOPE = "https://api.businesscentral.dynamics.com/.default";

export function bcConfig(connection: ErpConnectionOf<"business_central">): BcConfig {
  const { settings, credentials } = connection;
  const environment = `${settings.apiBaseUrl}/v2.0/${settings.tenantId}/${encodeURIComponent(settings.environment)}`;
  const apiRoot = `${environment}/api/v2.0`;
  const inventoryRoot = `${environment}/api/mesh/inventory/v1.0`;
  return {
    apiRoot,
    company: `${apiRoot}/companies(${settings.companyId})`,
    inventoryRoot,
    inventoryCompany: `${inventoryRoot}/companies(${settings.companyId})`,
    companyId: settings.companyId,
    tokenUrl: `${settings.authorityUrl}/${settings.tenantId}/oauth2/v2.0/token`,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    cacheKey: `${connection.id}:${connection.revision}`,
  };
}
