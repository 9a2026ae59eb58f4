import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Order, Payment } from "../../shared/canonical";
import { salesOrderKey } from "../../shared/erp";
import type { OutboxClaim } from "../../shared/internal-api";
import { claimOutbox, completeOutbox, failOutbox } from "../../workers/core/src/internal/outbox";
import { orderEvent } from "../support/canonical-order";
import { ADMIN, api } from "./api-helpers";
import {
  createConnection,
  createStore,
  deliver,
  deliverOrder,
  isolatedStore,
  type OutboxRow,
  plainOrder,
  rowByKey,
  rowsOfStore,
} from "./erp-helpers";

const usd = (amount: number) => ({ amount, currency: "USD" });
const payment = (overrides: Partial<Payment>): Payment => ({
  externalId: "p-1",
  gateway: "shopify_payments",
  kind: "capture",
  status: "success",
  amount: usd(100),
  method: "visa",
  ...overrides,
});

const customerKey = (order: Order) => `customer:shopify:${order.storeId}:${order.customer?.externalId}`;

async function claimAll(connectionId: string): Promise<OutboxClaim[]> {
  return claimOutbox(env.DB, connectionId, 50, 60_000);
}

async function complete(claim: OutboxClaim, erpId: string): Promise<void> {
  await completeOutbox(env.DB, {
    id: claim.id,
    leaseToken: claim.leaseToken,
    version: claim.version,
    erpSystem: "netsuite",
    erpId,
    erpNumber: null,
    durationMs: 1,
  });
}

// Runs first in this file's storage: until the "default" test creates one, no default connection exists.
describe("ERP documents of an order, before any connection exists", () => {
  it("wait under no connection, are never claimed, and are adopted by the first default connection", async () => {
    const order = plainOrder({ storeId: "sto_waiting", externalId: "W-1" });
    const result = await deliverOrder(order);
    expect(result.explicitAcks).toHaveLength(1);
    const waiting = await rowsOfStore("sto_waiting");
    expect(waiting.map((r) => [r.kind, r.connection_id, r.status])).toEqual([
      ["customer", "", "pending"],
      ["customer_payment", "", "pending"],
      ["sales_order", "", "pending"],
    ]);
    expect(await claimOutbox(env.DB, "", 50, 60_000)).toEqual([]);

    // A connection that is not the default adopts nothing.
    const side = await createConnection({ kind: "tryton" });
    expect((await rowsOfStore("sto_waiting")).every((r) => r.connection_id === "")).toBe(true);
    expect(await claimAll(side.id)).toEqual([]);

    const main = await createConnection({ kind: "netsuite", isDefault: true });
    const adopted = await rowsOfStore("sto_waiting");
    expect(adopted.map((r) => r.connection_id)).toEqual([main.id, main.id, main.id]);
    expect(adopted.map((r) => r.id)).toEqual(waiting.map((r) => r.id));
    // The customer comes first: the sales order waits for it, the payment for the sales order.
    const [customer, ...rest] = await claimAll(main.id);
    expect(rest).toEqual([]);
    expect(customer).toMatchObject({ kind: "customer", docKey: customerKey(order), connectionId: main.id });
  });
});

describe("ERP documents of an order", () => {
  it("are a customer, the sales order and a payment, queued under the default connection", async () => {
    const defaults = await env.DB.prepare("SELECT id FROM erp_connections WHERE is_default = 1").first<{
      id: string;
    }>();
    if (!defaults) throw new Error("the first test creates the default connection");
    const order = plainOrder({ storeId: "sto_default_1", externalId: "D-1" });
    await deliverOrder(order);
    const rows = await rowsOfStore("sto_default_1");
    const orderId = rows[0]?.order_id;
    expect(orderId).toMatch(/^ord_/);
    expect(rows.map((r) => ({ kind: r.kind, key: r.doc_key, depends: JSON.parse(r.depends_on) }))).toEqual([
      { kind: "customer", key: customerKey(order), depends: [] },
      {
        kind: "customer_payment",
        key: "customer_payment:shopify:sto_default_1:D-1:389404469",
        depends: [salesOrderKey(order)],
      },
      { kind: "sales_order", key: "sales_order:shopify:sto_default_1:D-1", depends: [customerKey(order)] },
    ]);
    for (const row of rows) {
      expect(row).toMatchObject({
        connection_id: defaults.id,
        order_id: orderId,
        status: "pending",
        attempts: 0,
        version: 1,
      });
    }
    const documents = rows.map((r) => JSON.parse(r.document) as { kind: string });
    expect(documents[0]).toEqual({
      kind: "customer",
      customer: {
        channel: "shopify",
        storeId: "sto_default_1",
        customer: order.customer,
        billingAddress: null,
        shippingAddress: null,
      },
    });
    expect(documents[1]).toEqual({
      kind: "customer_payment",
      order,
      payment: order.payments[0],
      tenderIndex: 0,
    });
    expect(documents[2]).toEqual({ kind: "sales_order", order });
    const trace = await env.DB.prepare(
      "SELECT data FROM events WHERE order_id = ? AND type = 'erp.outbox.queued'",
    )
      .bind(orderId)
      .first<{ data: string }>();
    expect(JSON.parse(trace?.data ?? "null")).toEqual({
      kinds: ["customer", "sales_order", "customer_payment"],
    });

    // The order detail shows every document, and the sales order's row as `outbox`.
    const detail = (await (await api(`/v1/orders/${orderId}`, { headers: ADMIN })).json()) as {
      erp: { outbox: { kind: string; docKey: string }; documents: { kind: string; connectionId: string }[] };
    };
    expect(detail.erp.outbox).toMatchObject({ kind: "sales_order", docKey: salesOrderKey(order) });
    expect(detail.erp.documents.map((d) => d.kind).sort()).toEqual([
      "customer",
      "customer_payment",
      "sales_order",
    ]);
    expect(detail.erp.documents.every((d) => d.connectionId === defaults.id)).toBe(true);
  });

  it("go to the store's own connection when it has one, not the default", async () => {
    const { connectionId, storeId } = await isolatedStore("business_central");
    const order = plainOrder({ storeId, externalId: "OWN-1" });
    await deliverOrder(order);
    const rows = await rowsOfStore(storeId);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.connection_id === connectionId)).toBe(true);
    expect((await claimAll(connectionId)).map((c) => c.kind)).toEqual(["customer"]);
  });

  it("go to the default connection for a store onboarded without one", async () => {
    const storeId = await createStore(null);
    const defaults = await env.DB.prepare("SELECT id FROM erp_connections WHERE is_default = 1").first<{
      id: string;
    }>();
    await deliverOrder(plainOrder({ storeId, externalId: "DEF-2", customer: null, payments: [] }));
    expect((await rowsOfStore(storeId)).map((r) => [r.kind, r.connection_id])).toEqual([
      ["sales_order", defaults?.id],
    ]);
  });

  it("keep split tenders apart: one payment per captured tender, none for authorizations or failures", async () => {
    const { connectionId, storeId } = await isolatedStore();
    const order = plainOrder({
      storeId,
      externalId: "SPLIT-1",
      customer: null,
      payments: [
        payment({ externalId: "auth-1", kind: "authorization", amount: usd(62222) }),
        payment({ externalId: "gc-1", gateway: "gift_card", kind: "sale", amount: usd(20000), method: null }),
        payment({ externalId: "cap-failed", kind: "capture", status: "failure", amount: usd(42222) }),
        payment({ externalId: "cap-1", kind: "capture", amount: usd(42222) }),
        payment({ externalId: null, kind: "capture", amount: usd(0), method: null }),
      ],
    });
    await deliverOrder(order);
    const rows = await rowsOfStore(storeId);
    expect(rows.map((r) => r.doc_key)).toEqual([
      `customer_payment:shopify:${storeId}:SPLIT-1:cap-1`,
      `customer_payment:shopify:${storeId}:SPLIT-1:gc-1`,
      `customer_payment:shopify:${storeId}:SPLIT-1:tender-4`,
      `sales_order:shopify:${storeId}:SPLIT-1`,
    ]);
    const tenders = rows
      .filter((r) => r.kind === "customer_payment")
      .map((r) => JSON.parse(r.document) as { payment: Payment; tenderIndex: number })
      .map((d) => [d.tenderIndex, d.payment.externalId, d.payment.amount.amount]);
    expect(tenders).toEqual([
      [3, "cap-1", 42222],
      [1, "gc-1", 20000],
      [4, null, 0],
    ]);
    // No buyer named: the sales order depends on nothing and is due at once; the payments wait for it.
    expect(JSON.parse(rows[3]?.depends_on ?? "")).toEqual([]);
    const [so, ...none] = await claimAll(connectionId);
    expect(none).toEqual([]);
    expect(so?.kind).toBe("sales_order");
    if (!so) throw new Error("no claim");
    await complete(so, "SO-SPLIT");
    const payments = await claimAll(connectionId);
    expect(payments.map((c) => c.kind)).toEqual(["customer_payment", "customer_payment", "customer_payment"]);
    expect(payments.every((c) => c.refs.sales_order === "SO-SPLIT")).toBe(true);
  });

  it("name a customer only when the buyer has an email or an id, and reuse it for the buyer's next order", async () => {
    const { storeId } = await isolatedStore();
    const anonymous = plainOrder({
      storeId,
      externalId: "ANON-1",
      payments: [],
      customer: { externalId: null, email: null, phone: "+15550100", firstName: "Ann", lastName: null },
    });
    await deliverOrder(anonymous);
    expect((await rowsOfStore(storeId)).map((r) => r.kind)).toEqual(["sales_order"]);

    const byEmail = {
      externalId: null,
      email: "Repeat.Buyer@Example.com",
      phone: null,
      firstName: "R",
      lastName: "B",
    };
    const first = plainOrder({ storeId, externalId: "REP-1", payments: [], customer: byEmail });
    const second = plainOrder({ storeId, externalId: "REP-2", payments: [], customer: byEmail });
    await deliverOrder(first);
    await deliverOrder(second);
    const key = `customer:shopify:${storeId}:repeat.buyer%40example.com`;
    const customers = (await rowsOfStore(storeId)).filter((r) => r.kind === "customer");
    expect(customers.map((r) => r.doc_key)).toEqual([key]);
    for (const order of [first, second]) {
      expect(JSON.parse((await rowByKey(salesOrderKey(order)))?.depends_on ?? "")).toEqual([key]);
    }
  });
});

describe("ERP documents of a changing order", () => {
  async function parkedSalesOrder() {
    const { connectionId, storeId } = await isolatedStore();
    const order = plainOrder({ storeId, externalId: "CHG-1" });
    await deliverOrder(order);
    const [customer] = await claimAll(connectionId);
    if (!customer) throw new Error("no customer claim");
    await complete(customer, "CUST-1");
    const [so] = await claimAll(connectionId);
    if (so?.kind !== "sales_order") throw new Error("no sales order claim");
    await failOutbox(env.DB, {
      id: so.id,
      leaseToken: so.leaseToken,
      version: so.version,
      errorClass: "business",
      httpStatus: 400,
      message: "Bad Request",
      detail: "[]",
      retryAt: null,
    });
    expect(await rowByKey(salesOrderKey(order))).toMatchObject({ status: "parked", attempts: 1, version: 1 });
    return { connectionId, storeId, order };
  }

  it("a newer version bumps the sales order row and makes a parked row pending from attempt zero", async () => {
    const { connectionId, storeId, order } = await parkedSalesOrder();
    const before = await rowsOfStore(storeId);
    const newer = { ...order, note: "leave at the door", sourceUpdatedAt: "2026-11-20T11:00:00-05:00" };
    await deliverOrder(newer, "order.updated");
    const after = await rowsOfStore(storeId);
    const so = after.find((r) => r.kind === "sales_order");
    expect(so).toMatchObject({ status: "pending", attempts: 0, version: 2 });
    expect(JSON.parse(so?.document ?? "null")).toEqual({ kind: "sales_order", order: newer });
    // The customer (done) and the payment keep their version-1 rows untouched.
    const others = (rows: OutboxRow[]) => rows.filter((r) => r.kind !== "sales_order");
    expect(others(after)).toEqual(others(before));
    const [claim] = await claimAll(connectionId);
    expect(claim).toMatchObject({
      kind: "sales_order",
      version: 2,
      attempts: 1,
      refs: { customer: "CUST-1" },
    });
  });

  it("a stale or identical redelivery changes no row", async () => {
    const { storeId, order } = await parkedSalesOrder();
    const before = await rowsOfStore(storeId);
    const older = { ...order, note: "older", sourceUpdatedAt: "2026-11-20T09:00:00-05:00" };
    await deliverOrder(older, "order.updated");
    await deliverOrder(order, "order.updated");
    await deliver([orderEvent("order.created", order), orderEvent("order.created", order)]);
    expect(await rowsOfStore(storeId)).toEqual(before);
  });

  it("a different state with the same one-second updated_at applies; done rows become due again", async () => {
    const { connectionId, storeId } = await isolatedStore();
    const order = plainOrder({ storeId, externalId: "TIE-1", customer: null, payments: [] });
    await deliverOrder(order);
    const [so] = await claimAll(connectionId);
    if (!so) throw new Error("no claim");
    await complete(so, "SO-TIE");
    expect(await rowByKey(salesOrderKey(order))).toMatchObject({ status: "done", version: 1 });
    const cancelled = { ...order, status: "cancelled" as const, cancelReason: "customer" };
    await deliver([orderEvent("order.cancelled", cancelled)]);
    const row = await rowByKey(salesOrderKey(order));
    expect(row).toMatchObject({ status: "pending", version: 2, pushed_version: 1, erp_id: "SO-TIE" });
    expect(JSON.parse(row?.document ?? "null")).toMatchObject({ order: { status: "cancelled" } });
    const status = await env.DB.prepare("SELECT erp_status FROM orders WHERE id = ?")
      .bind(so.orderId)
      .first();
    expect(status).toEqual({ erp_status: "pending" });
    // The same cancelled state again is identical: nothing moves.
    await deliver([orderEvent("order.cancelled", cancelled)]);
    expect(await rowByKey(salesOrderKey(order))).toEqual(row);
    const [again] = await claimAll(connectionId);
    expect(again).toMatchObject({ version: 2, erpId: "SO-TIE" });
  });
});

// Last in this file: it takes the default away from the connection the tests above used.
describe("ERP documents while the default connection is disabled", () => {
  it("queue under a disabled default connection and wait for it, never moving to another one", async () => {
    const old = await env.DB.prepare("SELECT id FROM erp_connections WHERE is_default = 1").first<{
      id: string;
    }>();
    if (!old) throw new Error("the first test creates the default connection");
    const patch = (id: string, body: unknown) =>
      api(`/v1/erp-connections/${id}`, {
        method: "PATCH",
        headers: { ...ADMIN, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await patch(old.id, { status: "disabled" })).status).toBe(200);
    const order = plainOrder({ storeId: "sto_default_off", externalId: "OFF-1", customer: null });
    await deliverOrder(order);
    // Queued where they belong: a later change of the order must find the same rows.
    expect((await rowsOfStore("sto_default_off")).map((r) => [r.kind, r.connection_id])).toEqual([
      ["customer_payment", old.id],
      ["sales_order", old.id],
    ]);
    const active = await env.DB.prepare("SELECT id FROM erp_connections WHERE status = 'active'").all<{
      id: string;
    }>();
    expect(active.results.map((r) => r.id)).not.toContain(old.id);
    const changed = {
      ...order,
      sourceUpdatedAt: "2026-11-20T11:00:00-05:00",
      note: "changed while disabled",
    };
    await deliverOrder(changed);
    const salesOrders = (await rowsOfStore("sto_default_off")).filter((r) => r.kind === "sales_order");
    expect(salesOrders).toHaveLength(1);
    expect((await patch(old.id, { status: "active" })).status).toBe(200);
    const claims = (await claimAll(old.id)).filter((c) => c.docKey === salesOrderKey(order));
    expect(claims).toHaveLength(1);
    expect(claims[0]?.document).toMatchObject({
      kind: "sales_order",
      order: { note: "changed while disabled" },
    });
  });
});
