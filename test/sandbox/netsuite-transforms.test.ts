import { beforeEach, describe, expect, it } from "vitest";
import { control, inspectRecords, netsuite, RECORDS, salesOrderBody } from "./netsuite-client";

interface ErrorBody {
  status: number;
  "o:errorDetails": Array<{ detail: string; "o:errorCode": string; "o:errorPath"?: string }>;
}

/** A sales order of two lines: 2 × SKU-A and 3 × SKU-B. */
async function salesOrder(): Promise<string> {
  const res = await netsuite("PUT", `${RECORDS}/salesOrder/eid:so-t`, {
    body: salesOrderBody({
      item: {
        items: [
          { item: { externalId: "SKU-A" }, quantity: 2, rate: 10 },
          { item: { externalId: "SKU-B" }, quantity: 3, rate: 5 },
        ],
      },
    }),
  });
  expect(res.status).toBe(204);
  return idOf(res);
}

function idOf(res: Response): string {
  return res.headers.get("location")?.split("/").pop() ?? "";
}

async function transform(from: string, id: string, to: string, body: unknown, query = ""): Promise<Response> {
  return netsuite("POST", `${RECORDS}/${from}/${id}/!transform/${to}${query}`, { body });
}

async function expectError(res: Response, code: string, detail: RegExp, path?: string): Promise<void> {
  expect(res.status).toBe(400);
  const error: ErrorBody = await res.json();
  expect(error["o:errorDetails"][0]).toMatchObject({
    "o:errorCode": code,
    ...(path ? { "o:errorPath": path } : {}),
  });
  expect(error["o:errorDetails"][0]?.detail).toMatch(detail);
}

async function expanded(
  type: string,
  id: string,
): Promise<Record<string, unknown> & { item: { items: Array<Record<string, unknown>> } }> {
  return (await netsuite("GET", `${RECORDS}/${type}/${id}?expandSubResources=true`)).json();
}

describe("sandbox NetSuite: transforms", () => {
  beforeEach(async () => {
    expect((await control("POST", "/reset")).status).toBe(200);
  });

  it("fulfils everything left when the body names no lines, and answers 204 + Location", async () => {
    const so = await salesOrder();
    const res = await transform("salesOrder", so, "itemFulfillment", {});
    expect(res.status).toBe(204);
    expect(res.headers.get("location")).toMatch(/\/record\/v1\/itemFulfillment\/\d+$/);
    const shipped = await expanded("itemFulfillment", idOf(res));
    expect(shipped.createdFrom).toMatchObject({ id: so, refName: `Sales Order #SO${so}` });
    expect(shipped.item.items.map((l) => [l.orderLine, l.quantity])).toEqual([
      [1, 2],
      [2, 3],
    ]);
    const order = await expanded("salesOrder", so);
    expect(order.orderStatus).toEqual({ id: "F", refName: "Pending Billing" });
    expect(order.item.items.map((l) => l.quantityFulfilled)).toEqual([2, 3]);
  });

  it("fulfils partially by orderLine, leaves itemReceive:false lines out, and never ships more than remains", async () => {
    const so = await salesOrder();
    const partial = await transform("salesOrder", so, "itemFulfillment", {
      item: {
        items: [
          { orderLine: 2, quantity: 2 },
          { orderline: 1, itemreceive: false },
        ],
      },
    });
    expect(partial.status).toBe(204);
    const shipped = await expanded("itemFulfillment", idOf(partial));
    expect(shipped.item.items).toEqual([
      expect.objectContaining({ orderLine: 2, quantity: 2, itemReceive: true }),
    ]);
    // Shipped but not billed (Advanced Shipping on), with units still to ship.
    expect((await expanded("salesOrder", so)).orderStatus).toMatchObject({ id: "E" });

    await expectError(
      await transform("salesOrder", so, "itemFulfillment", {
        item: { items: [{ orderLine: 2, quantity: 2 }] },
      }),
      "USER_ERROR",
      /cannot fulfill more than the remaining quantity: line 2 has 1 left, 2 requested/,
      "item.items[1].quantity",
    );
    await expectError(
      await transform("salesOrder", so, "itemFulfillment", {
        item: { items: [{ item: { externalId: "SKU-C" }, quantity: 1 }] },
      }),
      "USER_ERROR",
      /Adding new line to sublist item is not allowed/,
    );
    expect(await transform("salesOrder", so, "itemFulfillment", {})).toHaveProperty("status", 204);
    await expectError(
      await transform("salesOrder", so, "itemFulfillment", {}),
      "USER_ERROR",
      /at least one line item/,
      "item",
    );
    expect((await inspectRecords()).filter((r) => r.recordType === "itemFulfillment")).toHaveLength(2);
  });

  it("refuses a transform whose external id is taken, and a closed line has nothing to ship", async () => {
    const so = await salesOrder();
    const body = {
      externalId: "IF-1",
      item: {
        items: [
          { orderLine: 1, quantity: 1 },
          { orderLine: 2, itemReceive: false },
        ],
      },
    };
    expect((await transform("salesOrder", so, "itemFulfillment", body)).status).toBe(204);
    await expectError(
      await transform("salesOrder", so, "itemFulfillment", body),
      "DUP_RCRD",
      /external ID 'IF-1' already exists/,
      "externalId",
    );
    const order = await expanded("salesOrder", so);
    const closeAll = order.item.items.map((l) => ({ line: l.line, isClosed: true }));
    expect(
      (await netsuite("PATCH", `${RECORDS}/salesOrder/${so}`, { body: { item: { items: closeAll } } }))
        .status,
    ).toBe(204);
    await expectError(
      await transform("salesOrder", so, "itemFulfillment", {
        item: { items: [{ orderLine: 2, quantity: 1 }] },
      }),
      "USER_ERROR",
      /line 2 has 0 left/,
    );
    // Every line closed, one unit shipped and not yet billed.
    expect((await expanded("salesOrder", so)).orderStatus).toMatchObject({ id: "F" });
  });

  it("bills at fulfilment when Advanced Shipping is off", async () => {
    expect((await control("POST", "/settings", { advancedShipping: false })).status).toBe(200);
    const so = await salesOrder();
    expect((await transform("salesOrder", so, "itemFulfillment", {})).status).toBe(204);
    const invoices = (await inspectRecords()).filter((r) => r.recordType === "invoice");
    expect(invoices).toHaveLength(1);
    expect(invoices[0]?.body).toMatchObject({ createdFrom: { id: so } });
    expect((await expanded("salesOrder", so)).orderStatus).toEqual({ id: "G", refName: "Billed" });
  });

  it("authorizes a return, receives it and credits it, each within what the one before allows", async () => {
    const so = await salesOrder();
    const ra = await transform(
      "salesOrder",
      so,
      "returnAuthorization",
      { item: { items: [{ orderLine: 2, quantity: 2 }] } },
      "?replace=item",
    );
    expect(ra.status).toBe(204);
    const raId = idOf(ra);
    const authorization = await expanded("returnAuthorization", raId);
    expect(authorization.item.items).toEqual([
      expect.objectContaining({ line: 1, orderLine: 2, quantity: 2, amount: 10 }),
    ]);

    await expectError(
      await transform("returnAuthorization", raId, "itemReceipt", {
        item: { items: [{ orderLine: 1, quantity: 3 }] },
      }),
      "USER_ERROR",
      /cannot receive more than the remaining quantity/,
    );
    expect(
      (
        await transform("returnAuthorization", raId, "itemReceipt", {
          item: { items: [{ orderLine: 1, quantity: 1 }] },
        })
      ).status,
    ).toBe(204);
    const credit = await transform(
      "returnAuthorization",
      raId,
      "creditMemo",
      {
        item: {
          items: [
            { orderLine: 1, quantity: 2, amount: 9.5 },
            { item: { externalId: "mesh-shipping-refund" }, amount: 4 },
          ],
        },
      },
      "?replace=item",
    );
    expect(credit.status).toBe(204);
    const memo = await expanded("creditMemo", idOf(credit));
    expect(memo.item.items.map((l) => [l.orderLine ?? null, l.amount])).toEqual([
      [1, 9.5],
      [null, 4],
    ]);
    await expectError(
      await transform(
        "returnAuthorization",
        raId,
        "creditMemo",
        { item: { items: [{ orderLine: 1, quantity: 1 }] } },
        "?replace=item",
      ),
      "USER_ERROR",
      /cannot credit more than the remaining quantity/,
    );
  });

  it("answers unsupported pairs and missing sources in NetSuite's format", async () => {
    const so = await salesOrder();
    await expectError(
      await transform("salesOrder", so, "journalEntry", {}),
      "USER_ERROR",
      /cannot transform a salesOrder into a journalEntry/,
    );
    expect((await transform("salesOrder", "999999", "itemFulfillment", {})).status).toBe(404);
    expect((await transform("salesOrder", so, "bogus", {})).status).toBe(404);
    const standalone = await netsuite("POST", `${RECORDS}/itemFulfillment`, {
      body: { entity: { id: "1" } },
    });
    await expectError(standalone, "USER_ERROR", /can only be created by transforming/);
  });

  it("serves a sublist collapsed to links, expanded, and one line by its key", async () => {
    const so = await salesOrder();
    const collapsed: { items: Array<Record<string, unknown>>; totalResults: number } = await (
      await netsuite("GET", `${RECORDS}/salesOrder/${so}/item`)
    ).json();
    expect(collapsed.totalResults).toBe(2);
    expect(collapsed.items[0]).toEqual({
      links: [{ rel: "self", href: `${RECORDS}/salesOrder/${so}/item/1` }],
    });
    const lines: { items: Array<Record<string, unknown>> } = await (
      await netsuite("GET", `${RECORDS}/salesOrder/${so}/item?expandSubResources=true`)
    ).json();
    expect(lines.items.map((l) => l.line)).toEqual([1, 2]);
    const line: Record<string, unknown> = await (
      await netsuite("GET", `${RECORDS}/salesOrder/${so}/item/2`)
    ).json();
    expect(line).toMatchObject({ line: 2, quantity: 3, item: { refName: "SKU-B" }, quantityFulfilled: 0 });
    expect((await netsuite("GET", `${RECORDS}/salesOrder/${so}/item/9`)).status).toBe(404);
  });
});
