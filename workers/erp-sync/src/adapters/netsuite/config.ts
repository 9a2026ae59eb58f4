import type { ErpConnectionOf } from "../../../../../shared/erp";

/** The host uses the account id lowercased with `-` where the realm has `_` (1234567_SB1 -> 1234567-sb1). */
export function netsuiteHost(accountId: string): string {
  return `https://${accountId.toLowerCase().replaceAll("_", "-")}.suitetalk.api.netsuite.com`;
}

/** `https://<account>.suitetalk.api.netsuite.com`, or the connection's baseUrl (the sandbox locally). */
export function baseUrlOf(connection: ErpConnectionOf<"netsuite">): string {
  return connection.settings.baseUrl ?? netsuiteHost(connection.settings.accountId);
}

export const REST = "/services/rest";
export const RECORD = `${REST}/record/v1`;
/** reference/erp.md §1.10: the token endpoint, also the `aud` of the client assertion. */
export const TOKEN_PATH = `${REST}/auth/oauth2/v1/token`;
export const SUITEQL_PATH = `${REST}/query/v1/suiteql`;
