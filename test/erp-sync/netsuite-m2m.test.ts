import { beforeEach, describe, expect, it } from "vitest";
import { connectionFor } from "../../shared/erp";
import { clearTokenCache } from "../../workers/erp-sync/src/adapters/netsuite/m2m-token";
import { TEST_ACCOUNT_ID } from "../support/netsuite-credentials";
import { testOrder } from "../support/netsuite-documents";
import { m2mCredentials } from "../support/netsuite-m2m";
import {
  claimFor,
  expireTokens,
  injectFault,
  m2mConnection,
  netsuiteAdapter,
  resetSandbox,
  sandboxFetch,
  sandboxLog,
  sandboxRecords,
} from "./sandbox-netsuite";

const order = (n: number) => testOrder({ externalId: `m2m-${n}`, orderNumber: `#M${n}` });
const pushOrder = (adapter: ReturnType<typeof netsuiteAdapter>, n: number) =>
  adapter.push(claimFor({ kind: "sales_order", order: order(n) }));

async function tokenRequests(): Promise<number> {
  return (await sandboxLog()).filter((r) => r.path.endsWith("/auth/oauth2/v1/token")).length;
}

describe("NetSuite adapter: OAuth 2.0 client credentials (M2M)", () => {
  beforeEach(async () => {
    await resetSandbox();
    clearTokenCache();
  });

  it.each(["PS256", "ES256"] as const)(
    "signs a %s assertion, then uses one bearer token for many pushes",
    async (alg) => {
      const adapter = netsuiteAdapter(m2mConnection(alg));
      for (const n of [1, 2, 3]) expect(await pushOrder(adapter, n)).toMatchObject({ ok: true });
      expect(await tokenRequests()).toBe(1);
      const log = await sandboxLog();
      expect(log.map((r) => r.outcome)).toEqual(["token_issued", "created", "created", "created"]);
      expect(await sandboxRecords("salesOrder")).toHaveLength(3);
    },
  );

  it("shares the token across adapters of the same connection revision, not across revisions", async () => {
    await pushOrder(netsuiteAdapter(m2mConnection("ES256", 1)), 1);
    await pushOrder(netsuiteAdapter(m2mConnection("ES256", 1)), 2);
    expect(await tokenRequests()).toBe(1);
    await pushOrder(netsuiteAdapter(m2mConnection("ES256", 2)), 3);
    expect(await tokenRequests()).toBe(2);
  });

  it("renews an expired token after NetSuite's 401 and retries the request once", async () => {
    const adapter = netsuiteAdapter(m2mConnection("PS256"));
    expect(await pushOrder(adapter, 1)).toMatchObject({ ok: true });
    await expireTokens();
    expect(await pushOrder(adapter, 2)).toMatchObject({ ok: true });
    expect((await sandboxLog()).map((r) => r.outcome)).toEqual([
      "token_issued",
      "created",
      "auth:token_expired",
      "token_issued",
      "created",
    ]);
  });

  it("gives up as an auth failure when the renewed token is refused too", async () => {
    const adapter = netsuiteAdapter(m2mConnection("PS256"));
    expect(await pushOrder(adapter, 1)).toMatchObject({ ok: true });
    await injectFault({ mode: "auth_401", count: 2, methods: ["PUT"] });
    const result = await pushOrder(adapter, 2);
    expect(result).toMatchObject({ ok: false, errorClass: "auth", httpStatus: 401 });
    if (result.ok) throw new Error("expected a failure");
    expect(result.detail).toContain("INVALID_LOGIN");
    expect(await tokenRequests()).toBe(2);
  });

  it("reports refused client credentials as auth, with NetSuite's answer", async () => {
    // The sandbox here has no M2M integration configured: NetSuite would not know this client.
    const adapter = netsuiteAdapter(m2mConnection("PS256"), sandboxFetch);
    const result = await pushOrder(adapter, 1);
    expect(result).toEqual({
      ok: false,
      errorClass: "auth",
      httpStatus: 401,
      message: 'NetSuite refused the client credentials: 401 {"error":"invalid_client"}',
      detail: '{"error":"invalid_client"}',
    });
    expect(await sandboxRecords()).toHaveLength(0);
  });

  it("fails as auth without calling NetSuite when the private key cannot be read", async () => {
    const connection = connectionFor({
      kind: "netsuite",
      settings: { accountId: TEST_ACCOUNT_ID, baseUrl: null, advancedShipping: true, subsidiaryId: null },
      credentials: {
        ...m2mCredentials("ES256"),
        privateKeyPem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
      },
    });
    const result = await pushOrder(netsuiteAdapter(connection), 1);
    expect(result).toMatchObject({ ok: false, errorClass: "auth", httpStatus: null });
    if (result.ok) throw new Error("expected a failure");
    expect(result.message).toMatch(/^cannot sign the NetSuite client assertion/);
    expect(await sandboxLog()).toHaveLength(0);
  });

  it("classifies a token endpoint that is down as transient", async () => {
    await injectFault({ mode: "error_5xx", count: 1, status: 503, methods: ["POST"] });
    const result = await pushOrder(netsuiteAdapter(m2mConnection("ES256")), 1);
    expect(result).toMatchObject({ ok: false, errorClass: "transient", httpStatus: 503 });
    // The failed exchange is not cached: the next push gets a token and goes through.
    expect(await pushOrder(netsuiteAdapter(m2mConnection("ES256")), 1)).toMatchObject({ ok: true });
  });
});
