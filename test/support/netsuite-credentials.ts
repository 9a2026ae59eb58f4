/**
 * The TBA credentials of Oracle's published signature example ("The Signature for Web Services and
 * RESTlets"): public test values, the same ones `.dev.vars.example` uses. Tests never depend on a
 * developer's `.dev.vars`; they pass these as bindings.
 */
export const TEST_CREDENTIALS = {
  consumerKey: "ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4",
  consumerSecret: "d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5",
  tokenId: "2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc",
  tokenSecret: "c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295",
} as const;

export const TEST_ACCOUNT_ID = "1234567_SB1";
export const TEST_CONTROL_TOKEN = "sandbox_test_control";

export const SANDBOX_TEST_BINDINGS = {
  NETSUITE_ACCOUNT_ID: TEST_ACCOUNT_ID,
  NETSUITE_CONCURRENCY_LIMIT: "5",
  NETSUITE_CONSUMER_KEY: TEST_CREDENTIALS.consumerKey,
  NETSUITE_CONSUMER_SECRET: TEST_CREDENTIALS.consumerSecret,
  NETSUITE_TOKEN_ID: TEST_CREDENTIALS.tokenId,
  NETSUITE_TOKEN_SECRET: TEST_CREDENTIALS.tokenSecret,
  SANDBOX_CONTROL_TOKEN: TEST_CONTROL_TOKEN,
} as const;

/** erp-sync pointed at the real NetSuite host name (tests route that host to the sandbox in-process). */
export const ERP_SYNC_TEST_BINDINGS = {
  ERP_KIND: "netsuite",
  NETSUITE_ACCOUNT_ID: TEST_ACCOUNT_ID,
  NETSUITE_BASE_URL: "",
  NETSUITE_DEFAULT_CUSTOMER_ID: "42",
  NETSUITE_CONSUMER_KEY: TEST_CREDENTIALS.consumerKey,
  NETSUITE_CONSUMER_SECRET: TEST_CREDENTIALS.consumerSecret,
  NETSUITE_TOKEN_ID: TEST_CREDENTIALS.tokenId,
  NETSUITE_TOKEN_SECRET: TEST_CREDENTIALS.tokenSecret,
  ERP_BATCH_SIZE: "50",
  ERP_CONCURRENCY: "4",
  // Short enough that a held response times out quickly, long enough for a busy 2-core machine.
  ERP_REQUEST_TIMEOUT_MS: "2000",
} as const;
