import { beforeEach, describe, expect, it } from "vitest";
import { createBusinessCentralAdapter } from "../../workers/erp-sync/src/adapters/business-central/adapter";
import type { PushFailure, PushResult } from "../../workers/erp-sync/src/adapters/erp-adapter";
import { customerDoc, journal, order, salesOrderDoc } from "./business-central-documents";
import {
  bcAdapter,
  bcConnection,
  claimFor,
  control,
  documentLines,
  injectFault,
  records,
  resetTenant,
} from "./business-central-harness";
import { racingFetch } from "./business-central-racing-fetch";
import { sandboxRequests } from "./sandbox-env";

/** How the adapter classifies what BC answers, and what it does about tokens and stale etags. */
beforeEach(resetTenant);

function failure(result: PushResult): PushFailure {
  if (result.ok) throw new Error(`expected a failure, got ${result.erpId}`);
  return result;
}

async function pushedOrder() {
  const customer = await bcAdapter().push(claimFor(customerDoc()));
  if (!customer.ok) throw new Error(customer.message);
  const refs = { customer: customer.erpId };
  const pushed = await bcAdapter().push(claimFor(salesOrderDoc(), { refs }));
  if (!pushed.ok) throw new Error(pushed.message);
  return { refs, orderId: pushed.erpId };
}

describe("authentication", () => {
  it("classifies a refused client secret as auth, with Entra's AADSTS message", async () => {
    const adapter = bcAdapter({
      connection: bcConnection({ clientSecret: "not-the-secret", id: "erp_bc_bad_secret" }),
    });
    const result = failure(await adapter.push(claimFor(customerDoc())));
    expect(result).toMatchObject({ errorClass: "auth", httpStatus: 401 });
    expect(result.message).toContain("AADSTS7000215");
    expect(result.detail).toContain('"error":"invalid_client"');
  });

  it("caches the token, and on an expired one fetches a fresh token once and retries", async () => {
    const adapter = bcAdapter({ connection: bcConnection({ id: "erp_bc_token_cache" }) });
    sandboxRequests.length = 0;
    await adapter.push(claimFor(customerDoc()));
    await adapter.push(claimFor(customerDoc()));
    expect(sandboxRequests.filter((r) => r.includes("/oauth2/v2.0/token"))).toHaveLength(1);
    await control("POST", "/tokens/expire");
    const after = await adapter.push(claimFor(customerDoc()));
    expect(after.ok).toBe(true);
    expect(sandboxRequests.filter((r) => r.includes("/oauth2/v2.0/token"))).toHaveLength(2);
    const log: { requests: { status: number; outcome: string }[] } = await (
      await control("GET", "/requests")
    ).json();
    expect(log.requests.filter((r) => r.outcome === "auth:expired")).toHaveLength(1);
  });

  it("gives up with auth when BC keeps refusing fresh tokens", async () => {
    await injectFault({ mode: "auth_401", count: 2 });
    const result = failure(
      await bcAdapter({ connection: bcConnection({ id: "erp_bc_auth_fault" }) }).push(
        claimFor(customerDoc()),
      ),
    );
    expect(result).toMatchObject({ errorClass: "auth", httpStatus: 401 });
    expect(result.message).toContain("Authentication_InvalidCredentials");
  });
});

describe("throttling and outages", () => {
  it("classifies 429 as rate_limited and carries Retry-After", async () => {
    await injectFault({ mode: "rate_limit_429", count: 1, retryAfterSeconds: 7 });
    const result = failure(await bcAdapter().push(claimFor(customerDoc())));
    expect(result).toMatchObject({ errorClass: "rate_limited", httpStatus: 429, retryAfterMs: 7_000 });
  });

  it("classifies 5xx and a missing answer as transient", async () => {
    await injectFault({ mode: "error_5xx", count: 1, status: 503 });
    expect(failure(await bcAdapter().push(claimFor(customerDoc())))).toMatchObject({
      errorClass: "transient",
      httpStatus: 503,
    });
    await injectFault({ mode: "slow", count: 1, delayMs: 1_000 });
    expect(failure(await bcAdapter({ timeoutMs: 300 }).push(claimFor(customerDoc())))).toMatchObject({
      errorClass: "transient",
      httpStatus: null,
    });
  });

  it("answers the per-user window with 429 once it is used up", async () => {
    await control("POST", "/settings", { windowLimit: 1, windowMs: 60_000 }); // the look-up uses it up
    const result = failure(
      await bcAdapter().push(
        claimFor(salesOrderDoc(), { refs: { customer: "00000000-0000-0000-0000-000000000000" } }),
      ),
    );
    expect(result.errorClass).toBe("rate_limited");
    expect(result.retryAfterMs).toBeGreaterThan(0);
  });
});

describe("business and validation errors", () => {
  it("parks an unknown item as business with BC's own message verbatim", async () => {
    const unknown = order({
      lines: order().lines.map((l, i) => (i === 0 ? { ...l, sku: "NO-SUCH-SKU" } : l)),
    });
    const { refs } = await pushedOrder();
    const result = failure(
      await bcAdapter().push(claimFor(salesOrderDoc({ ...unknown, externalId: "999" }), { refs })),
    );
    expect(result).toMatchObject({ errorClass: "business", httpStatus: 400 });
    expect(result.message).toBe(
      "Business Central 400 Internal_InvalidTableRelation: The field No. of table Sales Line contains a value (NO-SUCH-SKU) that cannot be found in the related table (Item).",
    );
    expect(JSON.parse(result.detail ?? "{}")).toMatchObject({
      error: { code: "Internal_InvalidTableRelation" },
    });
  });

  it("names the missing mapping: a GL account for a journal line, a default customer for an order", async () => {
    const noGl = bcAdapter({ connection: bcConnection({ mappings: { glAccount: {} } }) });
    const journalResult = failure(await noGl.push(claimFor({ kind: "journal_entry", journal: journal() })));
    expect(journalResult).toMatchObject({ errorClass: "validation", httpStatus: null });
    expect(journalResult.message).toContain('gl_account mapping for "marketplace_fees"');
    const anonymous = order({ customer: null });
    const orderResult = failure(await bcAdapter().push(claimFor(salesOrderDoc(anonymous))));
    expect(orderResult.errorClass).toBe("validation");
    expect(orderResult.message).toContain('default_customer mapping for channel "shopify"');
  });

  it("books an order to the channel's default customer when it has no customer of its own", async () => {
    const adapter = bcAdapter({
      connection: bcConnection({ mappings: { defaultCustomer: { shopify: "C-SHOPIFY" } } }),
    });
    expect((await adapter.push(claimFor(salesOrderDoc(order({ customer: null }))))).ok).toBe(true);
    expect((await records("salesOrders"))[0]?.body.customerNumber).toBe("C-SHOPIFY");
  });

  it("classifies a posting date before BC's allowed range as closed_period", async () => {
    await control("POST", "/settings", { allowPostingFrom: "2026-12-01" });
    const result = failure(await bcAdapter().push(claimFor({ kind: "journal_entry", journal: journal() })));
    expect(result.errorClass).toBe("closed_period");
    expect(result.message).toContain("Posting Date is not within your range of allowed posting dates");
    expect(await records("journalLines")).toHaveLength(0); // the snapshot batch left nothing behind
  });
});

describe("$batch size", () => {
  it("refuses a document that would need more than BC's 100 operations in one batch, writing nothing", async () => {
    const base = journal();
    const many = Array.from({ length: 100 }, (_, i) => ({
      purpose: "marketplace_fees" as const,
      side: "debit" as const,
      amount: { amount: 1, currency: "USD" },
      memo: `fee ${i}`,
    }));
    const big = {
      ...base,
      lines: [
        ...many,
        {
          purpose: "marketplace_clearing" as const,
          side: "credit" as const,
          amount: { amount: 100, currency: "USD" },
          memo: null,
        },
      ],
    };
    const result = failure(await bcAdapter().push(claimFor({ kind: "journal_entry", journal: big })));
    expect(result).toMatchObject({ errorClass: "validation", httpStatus: null });
    expect(result.message).toContain("one $batch takes at most 100");
    expect(await records("journalLines")).toHaveLength(0);
  });
});

describe("stale etags", () => {
  const partialCancel = () =>
    order({ lines: order().lines.map((l, i) => (i === 0 ? { ...l, cancelledQuantity: 1 } : l)) });

  it("reads the order again and re-applies the change when a line changed in between", async () => {
    const { refs } = await pushedOrder();
    const adapter = createBusinessCentralAdapter(bcConnection(), {
      fetch: racingFetch(1),
      now: Date.now,
      timeoutMs: 2_000,
    });
    expect((await adapter.push(claimFor(salesOrderDoc(partialCancel()), { refs }))).ok).toBe(true);
    const lines = await documentLines("salesOrderLines");
    expect(lines.map((l) => l.body.quantity)).toEqual([0, 2]);
    expect(lines[0]?.body.description).toBe("edited by a person 1");
  });

  it("classifies a record that keeps changing as transient Request_EntityChanged", async () => {
    const { refs } = await pushedOrder();
    const adapter = createBusinessCentralAdapter(bcConnection(), {
      fetch: racingFetch(5),
      now: Date.now,
      timeoutMs: 2_000,
    });
    const result = failure(await adapter.push(claimFor(salesOrderDoc(partialCancel()), { refs })));
    expect(result).toMatchObject({ errorClass: "transient", httpStatus: 409 });
    expect(result.message).toContain("Request_EntityChanged");
    expect((await documentLines("salesOrderLines")).map((l) => l.body.quantity)).toEqual([1, 2]);
  });
});
