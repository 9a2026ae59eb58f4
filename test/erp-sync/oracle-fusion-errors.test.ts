import { beforeEach, describe, expect, it } from "vitest";
import { classifyFailure } from "../../workers/erp-sync/src/adapters/oracle-fusion/classify";
import {
  ADJUSTMENT,
  adjustmentDoc,
  customerDoc,
  GL_ACCOUNTS,
  journalDoc,
  LOCATIONS,
  ORDER,
  orderDoc,
} from "./oracle-fusion-documents";
import { pushOk } from "./oracle-fusion-flow";
import {
  claimOf,
  injectFault,
  oracleAdapter,
  oracleConnection,
  podRecords,
  podSettings,
  resetPod,
} from "./oracle-fusion-harness";

/** Failures classified into the taxonomy: auth, throttling, outages and Fusion's own business refusals. */
describe("Oracle Fusion adapter: failures", () => {
  const adapter = oracleAdapter(oracleConnection({ glAccount: GL_ACCOUNTS, location: LOCATIONS }));

  beforeEach(async () => {
    await resetPod();
  });

  it("reports an expired password and a wrong one as auth, 401", async () => {
    await podSettings({ passwordExpired: true });
    expect(await adapter.push(claimOf(customerDoc()))).toMatchObject({
      ok: false,
      errorClass: "auth",
      httpStatus: 401,
    });
    await podSettings({ passwordExpired: false });
    const wrong = oracleAdapter(oracleConnection({}, { password: "not-the-password" }));
    expect(await wrong.push(claimOf(customerDoc()))).toMatchObject({
      ok: false,
      errorClass: "auth",
      httpStatus: 401,
    });
    expect(await podRecords()).toHaveLength(0);
  });

  it("reports 429 as rate_limited with Fusion's Retry-After, and 5xx as transient", async () => {
    await injectFault({ mode: "rate_limit_429", retryAfterSeconds: 7 });
    expect(await adapter.push(claimOf(customerDoc()))).toMatchObject({
      ok: false,
      errorClass: "rate_limited",
      httpStatus: 429,
      retryAfterMs: 7_000,
    });
    await injectFault({ mode: "error_5xx", status: 503 });
    expect(await adapter.push(claimOf(customerDoc()))).toMatchObject({
      ok: false,
      errorClass: "transient",
      httpStatus: 503,
    });
    expect(await adapter.push(claimOf(customerDoc()))).toMatchObject({ ok: true });
  });

  it("reports a request with no answer in time as transient", async () => {
    await injectFault({ mode: "slow", delayMs: 1_500 });
    const result = await adapter.push(claimOf(customerDoc()));
    expect(result).toMatchObject({ ok: false, errorClass: "transient", httpStatus: null });
  });

  it("parks a business refusal with Fusion's message verbatim", async () => {
    const elsewhere = oracleAdapter(oracleConnection({}, { businessUnitName: "Atlantis Operations" }));
    const customer = await pushOk(adapter, customerDoc());
    const result = await elsewhere.push(claimOf(orderDoc(), { customer: customer.erpId }));
    expect(result).toMatchObject({ ok: false, errorClass: "business", httpStatus: 400 });
    if (result.ok) return;
    expect(result.message).toBe(
      "Oracle Fusion 400 on sales order: The value Atlantis Operations of the attribute BusinessUnitName isn't valid.",
    );
    expect(JSON.parse(result.detail ?? "{}")).toEqual({
      title: "Bad Request",
      status: "400",
      "o:errorDetails": [
        {
          detail: "The value Atlantis Operations of the attribute BusinessUnitName isn't valid.",
          "o:errorCode": "SANDBOX-INVALID",
          "o:errorPath": "BusinessUnitName",
        },
      ],
    });
  });

  it("parks an issue of more units than are on hand", async () => {
    const result = await adapter.push(claimOf(adjustmentDoc({ ...ADJUSTMENT, quantityDelta: -3 })));
    expect(result).toMatchObject({ ok: false, errorClass: "business" });
    if (!result.ok)
      expect(result.message).toContain("is greater than the on-hand quantity 0 in subinventory Stores");
  });

  it("fails validation, naming the mapping, for a journal line without a GL account", async () => {
    const unmapped = oracleAdapter(oracleConnection({ glAccount: { marketplace_fees: "101-10-6110-000" } }));
    const result = await unmapped.push(claimOf(journalDoc()));
    expect(result).toMatchObject({ ok: false, errorClass: "validation", httpStatus: null });
    if (!result.ok) expect(result.message).toContain("no gl_account mapping for payment_fees");
    expect(await podRecords()).toHaveLength(0);
  });

  it("books an order without a pushed customer to the mapped default customer, or fails validation", async () => {
    const none = await adapter.push(claimOf(orderDoc()));
    expect(none).toMatchObject({ ok: false, errorClass: "validation" });
    if (!none.ok) expect(none.message).toContain("default_customer for shopify");
    const customer = await pushOk(adapter, customerDoc());
    const mapped = oracleAdapter(
      oracleConnection({ defaultCustomer: { shopify: customer.erpNumber ?? "" } }),
    );
    expect(await mapped.push(claimOf(orderDoc()))).toMatchObject({ ok: true });
    const [order] = await podRecords("salesOrdersForOrderHub");
    expect(order?.body).toMatchObject({
      BuyingPartyNumber: customer.erpNumber,
      BuyingPartyId: Number(customer.erpId),
    });
    expect(ORDER.channel).toBe("shopify");
  });

  it("reads a plain-text error body (framework version 1) as the message and keeps it verbatim", () => {
    const outcome = {
      kind: "response" as const,
      status: 400,
      headers: new Headers(),
      body: "The value X of the attribute Y isn't valid.",
    };
    expect(classifyFailure(outcome, Date.now(), "shipment")).toEqual({
      ok: false,
      errorClass: "business",
      httpStatus: 400,
      message: "Oracle Fusion 400 on shipment: The value X of the attribute Y isn't valid.",
      detail: "The value X of the attribute Y isn't valid.",
    });
  });
});
