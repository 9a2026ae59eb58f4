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
  // M2M off, as in wrangler.toml; tests that need it lay netsuite-m2m.ts's M2M_SANDBOX_BINDINGS over these.
  NETSUITE_M2M_CLIENT_ID: "",
  NETSUITE_M2M_CERTIFICATES: "[]",
  BC_TENANT_ID: "7e9a4c5b-1f23-4d7e-9a51-3c2b8f6d0e11",
  BC_ENVIRONMENT: "sandbox",
  BC_COMPANY_ID: "2f5d9c1a-6b7e-4a3d-8c2f-9e1b0a7d4c55",
  BC_WINDOW_LIMIT: "6000",
  BC_WINDOW_MS: "300000",
  BC_CONCURRENCY_LIMIT: "5",
  BC_CLIENT_ID: "0f6c3b1e-8a2d-4e5f-9b7c-1d2e3f4a5b6c",
  BC_CLIENT_SECRET: "bc-test-client-secret",
  SAP_CLIENT: "100",
  SAP_USERNAME: "MESH_COMM_USER",
  SAP_PASSWORD: "sap-test-password",
  ORACLE_CONCURRENCY_LIMIT: "8",
  ORACLE_USERNAME: "mesh.integration",
  ORACLE_PASSWORD: "oracle-test-password",
  SANDBOX_CONTROL_TOKEN: TEST_CONTROL_TOKEN,
} as const;

/** erp-sync's own knobs in tests. */
export const ERP_SYNC_TEST_BINDINGS = {
  ERP_BATCH_SIZE: "50",
  ERP_CONCURRENCY: "4",
  // Short enough that a held response times out quickly, long enough for a busy 2-core machine.
  ERP_REQUEST_TIMEOUT_MS: "2000",
} as const;
