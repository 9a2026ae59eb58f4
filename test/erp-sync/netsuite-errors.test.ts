import { beforeEach, describe, expect, it } from "vitest";
import { emptyMappings } from "../../shared/erp";
import { testFulfillment, testJournal, testOrder } from "../support/netsuite-documents";
import { FLOW_MAPPINGS, OutboxFlow } from "./netsuite-flow";
import {
  claimFor,
  injectFault,
  netsuiteAdapter,
  resetSandbox,
  sandboxLog,
  sandboxRecords,
  sandboxSettings,
  tbaConnection,
} from "./sandbox-netsuite";

const order = testOrder();
const salesOrder = { kind: "sales_order" as const, order };

describe("NetSuite adapter: failures, classified", () => {
  beforeEach(async () => {
    await resetSandbox();
  });

  it("429 is rate_limited with Retry-After; 5xx and no answer are transient; nothing is written", async () => {
    const adapter = netsuiteAdapter();
    await injectFault({ mode: "rate_limit_429", count: 1, retryAfterSeconds: 30 });
    expect(await adapter.push(claimFor(salesOrder))).toMatchObject({
      ok: false,
      errorClass: "rate_limited",
      httpStatus: 429,
      retryAfterMs: 30_000,
      message: "NetSuite 429 CONCURRENCY_LIMIT_EXCEEDED: Concurrent request limit exceeded. Request blocked.",
    });
    await injectFault({ mode: "error_5xx", count: 1, status: 503 });
    expect(await adapter.push(claimFor(salesOrder))).toMatchObject({
      ok: false,
      errorClass: "transient",
      httpStatus: 503,
    });
    await injectFault({ mode: "slow", count: 1, delayMs: 6_000 });
    expect(await adapter.push(claimFor(salesOrder))).toEqual({
      ok: false,
      errorClass: "transient",
      httpStatus: null,
      message: "no response within 4000 ms",
      detail: null,
    });
    await injectFault({ mode: "auth_401", count: 1 });
    expect(await adapter.push(claimFor(salesOrder))).toMatchObject({
      ok: false,
      errorClass: "auth",
      httpStatus: 401,
    });
    expect(await sandboxRecords()).toHaveLength(0);
  });

  it("a business error carries NetSuite's o:errorDetails verbatim and a one-line message", async () => {
    const adapter = netsuiteAdapter();
    const [payment] = order.payments;
    if (!payment) throw new Error("fixture has a payment");
    const deposit = { kind: "customer_payment" as const, order, payment, tenderIndex: 0 };
    const result = await adapter.push(claimFor(deposit, { refs: { sales_order: "999999", customer: "7" } }));
    expect(result).toEqual({
      ok: false,
      errorClass: "business",
      httpStatus: 400,
      message:
        "NetSuite 400 INVALID_KEY_OR_REF at salesOrder: Error while accessing a resource. Invalid salesorder reference key 999999.",
      detail: JSON.stringify([
        {
          detail: "Error while accessing a resource. Invalid salesorder reference key 999999.",
          "o:errorCode": "INVALID_KEY_OR_REF",
          "o:errorPath": "salesOrder",
        },
      ]),
    });
  });

  it("a posting in a closed period is closed_period", async () => {
    await sandboxSettings({ closedPeriodsBefore: "2026-12-01" });
    const result = await netsuiteAdapter().push(claimFor(salesOrder));
    expect(result).toMatchObject({ ok: false, errorClass: "closed_period", httpStatus: 400 });
    if (result.ok) throw new Error("expected a failure");
    expect(result.detail).toContain("not within an open accounting period");
  });

  it("a missing GL account mapping is a validation failure naming it, before any request", async () => {
    const adapter = netsuiteAdapter(
      tbaConnection({ ...emptyMappings(), glAccount: { payment_fees: "602" } }),
    );
    const result = await adapter.push(claimFor({ kind: "journal_entry", journal: testJournal() }));
    expect(result).toEqual({
      ok: false,
      errorClass: "validation",
      httpStatus: null,
      message: 'NetSuite connection has no gl_account mapping for "marketplace_fees", "marketplace_clearing"',
      detail: null,
    });
    const adjustment = await adapter.push(
      claimFor({
        kind: "inventory_adjustment",
        adjustment: {
          externalId: "A",
          sku: "S",
          locationId: "L",
          quantityDelta: 1,
          reason: "r",
          occurredAt: "2026-11-20T00:00:00Z",
        },
      }),
    );
    expect(adjustment).toMatchObject({
      errorClass: "validation",
      message: 'NetSuite connection has no gl_account mapping for "inventory_adjustment"',
    });
    expect(await sandboxLog()).toHaveLength(0);
  });

  it("shipping more than remains is NetSuite's business error; a cancelled shipment is not written", async () => {
    const flow = new OutboxFlow(netsuiteAdapter(tbaConnection(FLOW_MAPPINGS)));
    await flow.pushAll([salesOrder]);
    const twoRed = (id: string) =>
      testFulfillment(order, {
        externalId: id,
        lines: [{ externalLineId: "518995019", sku: "IPOD2008RED", quantity: 2 }],
      });
    expect(await flow.push({ kind: "fulfillment", order, fulfillment: twoRed("F1") })).toMatchObject({
      ok: true,
    });
    const over = await flow.push({ kind: "fulfillment", order, fulfillment: twoRed("F2") });
    expect(over).toMatchObject({ ok: false, errorClass: "business", httpStatus: 400 });
    if (over.ok) throw new Error("expected a failure");
    expect(over.message).toMatch(
      /^NetSuite 400 USER_ERROR at item\.items\[\d\]\.quantity: .*line 2 has 0 left, 2 requested/,
    );
    const cancelled = await flow.push({
      kind: "fulfillment",
      order,
      fulfillment: testFulfillment(order, { externalId: "F3", status: "cancelled" }),
    });
    expect(cancelled).toMatchObject({ ok: false, errorClass: "validation" });
    expect(await sandboxRecords("itemFulfillment")).toHaveLength(1);
  });

  it("a fulfilment line that is not on the order is a validation failure", async () => {
    const flow = new OutboxFlow(netsuiteAdapter());
    await flow.pushAll([salesOrder]);
    const stray = testFulfillment(order, { lines: [{ externalLineId: "nope", sku: "X", quantity: 1 }] });
    expect(await flow.push({ kind: "fulfillment", order, fulfillment: stray })).toMatchObject({
      ok: false,
      errorClass: "validation",
      message: "fulfilment F1 ships line nope, not a line of #1001",
    });
  });
});
