import { beforeEach, describe, expect, it } from "vitest";
import type { FetchLike } from "../../workers/erp-sync/src/adapters/erp-adapter";
import { retryAt } from "../../workers/erp-sync/src/retry-policy";
import { SANDBOX_TEST_BINDINGS } from "../support/netsuite-credentials";
import { sandboxFetch } from "./sandbox-env";
import { erpIdOf, pushChain } from "./sap-chain";
import { adjustmentDoc, customerDoc, fulfillmentDoc, journalDoc, orderDoc } from "./sap-documents";
import {
  claimFor,
  resetSap,
  sapAdapter,
  sapConnection,
  sapControl,
  sapFault,
  sapMappings,
  sapRecords,
  sapRequests,
  sapSettings,
} from "./sap-sandbox";

describe("SAP adapter: authentication, CSRF and preconditions", () => {
  beforeEach(async () => {
    await resetSap();
  });

  it("classifies refused credentials as auth, with SAP's logon answer as the detail", async () => {
    const adapter = sapAdapter(sapConnection(sapMappings(), "wrong-password"));
    const result = await adapter.push(claimFor(orderDoc()));
    expect(result).toMatchObject({ ok: false, errorClass: "auth", httpStatus: 401 });
    if (result.ok) throw new Error("expected a failure");
    expect(result.detail).toContain("Logon failed");
    expect(await sapRecords()).toHaveLength(0);
  });

  it("fetches a new CSRF session once when SAP answers 403 Required, and sends the change again", async () => {
    const adapter = sapAdapter();
    const { customer } = await pushChain(adapter, "customer");
    await sapControlExpire();
    const id = erpIdOf(await adapter.push(claimFor(orderDoc(), { customer })));
    const log = await sapRequests();
    const refused = log.findIndex((r) => r.status === 403 && r.outcome === "csrf:expired");
    expect(refused).toBeGreaterThan(-1);
    expect(log.slice(refused + 1).map((r) => `${r.method} ${r.status}`)).toEqual(["HEAD 200", "POST 201"]);
    expect(id).toBe("1");
  });

  it("a token without its session cookie is refused: the change fails as auth and nothing is written", async () => {
    const dropCookies: FetchLike = (request) => {
      const headers = new Headers(request.headers);
      headers.delete("cookie");
      return sandboxFetch(new Request(request, { headers }));
    };
    const result = await sapAdapter(sapConnection(), { fetch: dropCookies }).push(claimFor(customerDoc()));
    expect(result).toMatchObject({ ok: false, errorClass: "auth", httpStatus: 403 });
    if (result.ok) throw new Error("expected a failure");
    expect(result.detail).toBe("CSRF token validation failed");
    expect((await sapRequests()).filter((r) => r.outcome === "csrf:missing_cookie")).toHaveLength(2);
    expect(await sapRecords()).toHaveLength(0);
  });

  it("re-reads the order and changes it again when its ETag went stale (412)", async () => {
    const adapter = sapAdapter();
    const { customer } = await pushChain(adapter, "customer");
    const order = orderDoc();
    const id = erpIdOf(await adapter.push(claimFor(order, { customer })));
    // Someone changes the order in SAP between the adapter's read and its PATCH.
    let interfered = false;
    const interfere: FetchLike = async (request) => {
      if (request.method === "PATCH" && !interfered) {
        interfered = true;
        await patchHeaderDirectly(id);
      }
      return sandboxFetch(request);
    };
    const cancelled = orderDoc({ status: "cancelled", cancelledAt: "2026-11-21T10:00:00Z" });
    erpIdOf(
      await sapAdapter(sapConnection(), { fetch: interfere }).push(claimFor(cancelled, { customer }, id)),
    );
    const statuses = (await sapRequests()).filter((r) => r.method === "PATCH").map((r) => r.status);
    expect(statuses).toContain(412);
    const [so] = await sapRecords("A_SalesOrder");
    expect(so?.body.items.map((i) => i.SalesDocumentRjcnReason)).toEqual(["10", "10"]);
  });

  it("a change sent without If-Match gets 428 and parks as a validation error", async () => {
    const adapter = sapAdapter();
    const { customer } = await pushChain(adapter, "customer");
    const id = erpIdOf(await adapter.push(claimFor(orderDoc(), { customer })));
    const stripIfMatch: FetchLike = (request) => {
      const headers = new Headers(request.headers);
      headers.delete("if-match");
      return sandboxFetch(new Request(request, { headers }));
    };
    const cancelled = orderDoc({ status: "cancelled" });
    const result = await sapAdapter(sapConnection(), { fetch: stripIfMatch }).push(
      claimFor(cancelled, { customer }, id),
    );
    expect(result).toMatchObject({ ok: false, errorClass: "validation", httpStatus: 428 });
  });
});

describe("SAP adapter: limits, faults and SAP's own refusals", () => {
  beforeEach(async () => {
    await resetSap();
  });

  it("429 is rate_limited with the gateway's Retry-After; 5xx and 503 are transient", async () => {
    const adapter = sapAdapter();
    await sapFault({ mode: "rate_limit_429", count: 1, retryAfterSeconds: 30 });
    expect(await adapter.push(claimFor(customerDoc()))).toMatchObject({
      errorClass: "rate_limited",
      httpStatus: 429,
      retryAfterMs: 30_000,
    });
    await sapFault({ mode: "error_5xx", count: 1, status: 502 });
    expect(await adapter.push(claimFor(customerDoc()))).toMatchObject({
      errorClass: "transient",
      httpStatus: 502,
    });
    await sapSettings({ windowLimit: 1, windowMs: 60_000 });
    const limited = await adapter.push(claimFor(customerDoc()));
    expect(limited).toMatchObject({ errorClass: "rate_limited", httpStatus: 429 });
    expect(limited.ok ? 0 : (limited.retryAfterMs ?? 0)).toBeGreaterThan(0);
    await sapSettings({ windowLimit: null, windowMs: null });
    expect(erpIdOf(await adapter.push(claimFor(customerDoc())))).toBe("1000000");
  });

  it("parks SAP's business refusal with its own message class and text", async () => {
    const adapter = sapAdapter(sapConnection({ ...sapMappings(), defaultCustomer: { shopify: "99999999" } }));
    const result = await adapter.push(claimFor(orderDoc()));
    expect(result).toMatchObject({ ok: false, errorClass: "business", httpStatus: 400 });
    if (result.ok) throw new Error("expected a failure");
    expect(result.message).toBe(
      "creating the sales order: SAP 400 V1/302: Sold-to party 99999999 not maintained for sales area 1710 10 00",
    );
    expect(retryAt(result, 1, Date.now(), 0.5)).toBeNull();
    const detail = JSON.parse(result.detail ?? "{}");
    expect(detail.innererror.errordetails[0]).toMatchObject({ code: "V1/302", severity: "error" });
  });

  it("parks a goods issue SAP refuses for lack of stock (M7/021) and posts it once stock is there", async () => {
    const adapter = sapAdapter();
    const { sales_order } = await pushChain(adapter, "sales_order");
    await sapSettings({ enforceStock: true });
    const result = await adapter.push(claimFor(fulfillmentDoc(), { sales_order }));
    expect(result).toMatchObject({ ok: false, errorClass: "business" });
    expect(result.ok ? "" : result.message).toContain(
      "M7/021: Deficit of SL Unrestricted-use 1.000 EA : IPOD2008RED 1710 171A",
    );
    erpIdOf(await adapter.push(claimFor(adjustmentDoc({ quantityDelta: 3 }))));
    erpIdOf(await adapter.push(claimFor(fulfillmentDoc(), { sales_order })));
    expect(await sapRecords("A_OutbDeliveryHeader")).toHaveLength(1);
  });

  it("parks a journal entry SAP's log refuses, with the log's messages and the log as detail", async () => {
    // The body is unbalanced on its way to SAP, which is how a posting SAP refuses looks to the adapter.
    const unbalance: FetchLike = async (request) => {
      if (!request.url.includes("/sap/bc/srt/")) return sandboxFetch(request);
      const xml = (await request.text()).replace(">-12.34<", ">-12.00<");
      return sandboxFetch(new Request(request.url, { method: "POST", headers: request.headers, body: xml }));
    };
    const result = await sapAdapter(sapConnection(), { fetch: unbalance }).push(claimFor(journalDoc()));
    expect(result).toMatchObject({ ok: false, errorClass: "business", httpStatus: 200 });
    if (result.ok) throw new Error("expected a failure");
    expect(result.message).toBe(
      "posting the journal entry: SAP 702(F5) Balance in transaction currency; 609(RW) Error in document: BKPFF $ SBXCLNT100",
    );
    expect(result.detail).toContain("<MaximumLogItemSeverityCode>3</MaximumLogItemSeverityCode>");
    expect(await sapRecords("JournalEntry")).toHaveLength(0);
  });

  it("names the missing mapping: G/L account, location, customer", async () => {
    const adapter = sapAdapter(sapConnection({ ...sapMappings(), glAccount: {} }));
    expect(await adapter.push(claimFor(journalDoc()))).toMatchObject({
      errorClass: "validation",
      message: "no gl_account mapping for 'marketplace_fees': map it to a G/L account",
    });
    expect(await adapter.push(claimFor(adjustmentDoc({ locationId: "loc_unknown" })))).toMatchObject({
      errorClass: "validation",
      message:
        "no location mapping for 'loc_unknown': map it to a storage location (warehouse) and plant (subsidiary)",
    });
    expect(await adapter.push(claimFor(orderDoc()))).toMatchObject({
      errorClass: "validation",
      message: "the order has no customer in SAP and no default_customer mapping for channel 'shopify'",
    });
    expect(await sapRecords()).toHaveLength(0);
  });
});

async function sapControlExpire(): Promise<void> {
  await sapControl("POST", "/tokens/expire");
}

/** A change made in SAP by someone else: a new delivery block on the order's header. */
async function patchHeaderDirectly(salesOrder: string): Promise<void> {
  const basic = `Basic ${btoa(`${SANDBOX_TEST_BINDINGS.SAP_USERNAME}:${SANDBOX_TEST_BINDINGS.SAP_PASSWORD}`)}`;
  const root = "http://sandbox.test/sap/opu/odata/sap/API_SALES_ORDER_SRV";
  const fetched = await sandboxFetch(
    new Request(`${root}/`, { method: "HEAD", headers: { authorization: basic, "x-csrf-token": "Fetch" } }),
  );
  const cookie = fetched.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const token = fetched.headers.get("x-csrf-token") ?? "";
  const read = await sandboxFetch(
    new Request(`${root}/A_SalesOrder('${salesOrder}')`, {
      headers: { authorization: basic, accept: "application/json" },
    }),
  );
  const res = await sandboxFetch(
    new Request(`${root}/A_SalesOrder('${salesOrder}')`, {
      method: "PATCH",
      headers: {
        authorization: basic,
        "x-csrf-token": token,
        cookie,
        "if-match": read.headers.get("etag") ?? "",
        "content-type": "application/json",
      },
      body: JSON.stringify({ DeliveryBlockReason: "01" }),
    }),
  );
  if (res.status !== 204) throw new Error(`direct change failed: ${res.status} ${await res.text()}`);
}
