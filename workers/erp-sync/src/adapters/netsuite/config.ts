import type { ErpConnectionOf } from "../../../../../shared/erp";
import type { OAuth1Credentials } from "../../../../../shared/oauth1";

/** NetSuite settings of one connection, in the form the client uses. */
export interface NetSuiteConfig {
  /** Realm form, e.g. `1234567_SB1`. */
  accountId: string;
  /** `https://1234567-sb1.suitetalk.api.netsuite.com`, or the connection's baseUrl (the sandbox). */
  baseUrl: string;
  credentials: OAuth1Credentials;
}

/** The host uses the account id lowercased with `-` where the realm has `_` (1234567_SB1 -> 1234567-sb1). */
export function netsuiteHost(accountId: string): string {
  return `https://${accountId.toLowerCase().replaceAll("_", "-")}.suitetalk.api.netsuite.com`;
}

export function netsuiteConfig(connection: ErpConnectionOf<"netsuite">): NetSuiteConfig | null {
  const { settings, credentials } = connection;
  if (credentials.auth !== "tba") return null;
  return {
    accountId: settings.accountId,
    baseUrl: settings.baseUrl ?? netsuiteHost(settings.accountId),
    credentials: {
      consumerKey: credentials.consumerKey,
      consumerSecret: credentials.consumerSecret,
      tokenId: credentials.tokenId,
      tokenSecret: credentials.tokenSecret,
    },
  };
}
