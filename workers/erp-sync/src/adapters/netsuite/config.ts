import type { OAuth1Credentials } from "../../../../../shared/oauth1";

/** NetSuite settings read from the worker's vars and secrets; missing ones are reported, never guessed. */
export interface NetSuiteConfig {
  /** Realm form, e.g. `1234567_SB1`. */
  accountId: string;
  /** `https://1234567-sb1.suitetalk.api.netsuite.com`, or NETSUITE_BASE_URL (the sandbox) when set. */
  baseUrl: string;
  credentials: OAuth1Credentials;
  /** Internal id of one customer for every order; null books each store's orders to its own customer. */
  defaultCustomerId: string | null;
}

export type NetSuiteEnv = Pick<
  ErpSyncEnv,
  | "NETSUITE_ACCOUNT_ID"
  | "NETSUITE_BASE_URL"
  | "NETSUITE_DEFAULT_CUSTOMER_ID"
  | "NETSUITE_CONSUMER_KEY"
  | "NETSUITE_CONSUMER_SECRET"
  | "NETSUITE_TOKEN_ID"
  | "NETSUITE_TOKEN_SECRET"
>;

/** The host uses the account id lowercased with `-` where the realm has `_` (1234567_SB1 -> 1234567-sb1). */
export function netsuiteHost(accountId: string): string {
  return `https://${accountId.toLowerCase().replaceAll("_", "-")}.suitetalk.api.netsuite.com`;
}

export function readNetSuiteConfig(
  env: NetSuiteEnv,
): { ok: true; config: NetSuiteConfig } | { ok: false; missing: string[] } {
  const required = {
    NETSUITE_ACCOUNT_ID: env.NETSUITE_ACCOUNT_ID,
    NETSUITE_CONSUMER_KEY: env.NETSUITE_CONSUMER_KEY,
    NETSUITE_CONSUMER_SECRET: env.NETSUITE_CONSUMER_SECRET,
    NETSUITE_TOKEN_ID: env.NETSUITE_TOKEN_ID,
    NETSUITE_TOKEN_SECRET: env.NETSUITE_TOKEN_SECRET,
  };
  const missing = Object.entries(required)
    .filter(([, value]) => !value)
    .map(([name]) => name);
  if (missing.length > 0) return { ok: false, missing };
  const baseUrl = (env.NETSUITE_BASE_URL || netsuiteHost(env.NETSUITE_ACCOUNT_ID)).replace(/\/+$/, "");
  return {
    ok: true,
    config: {
      accountId: env.NETSUITE_ACCOUNT_ID,
      baseUrl,
      defaultCustomerId: env.NETSUITE_DEFAULT_CUSTOMER_ID || null,
      credentials: {
        consumerKey: env.NETSUITE_CONSUMER_KEY,
        consumerSecret: env.NETSUITE_CONSUMER_SECRET,
        tokenId: env.NETSUITE_TOKEN_ID,
        tokenSecret: env.NETSUITE_TOKEN_SECRET,
      },
    },
  };
}
