import { beforeEach, describe, expect, it } from "vitest";
import { control, inspectRecords, netsuite, RECORDS, salesOrderBody } from "./netsuite-client";

interface ErrorBody {
  "o:errorDetails": Array<{ detail: string; "o:errorCode": string; "o:errorPath"?: string }>;
}

async function put(type: string, eid: string, body: unknown, query = ""): Promise<Response> {
  return netsuite("PUT", `${RECORDS}/${type}/eid:${eid}${query}`, { body });
}

function idOf(res: Response): string {
  return res.headers.get("location")?.split("/").pop() ?? "";
}

const journal = (lines: unknown[]) => ({ tranDate: "2026-11-25", line: { items: lines } });

describe("sandbox NetSuite: record types beyond the sales order", () => {
  beforeEach(async () => {
    expect((await control("POST", "/reset")).status).toBe(200);
  });

  it.each([
    [
      "person without a last name",
      "customer",
      { isPerson: true, firstName: "Ann" },
      "USER_ERROR",
      "lastName",
    ],
    [
      "company with a bad email",
      "customer",
      { companyName: "Acme", email: "not-an-email" },
      "INVALID_CONTENT",
      "email",
    ],
    ["deposit without payment", "customerDeposit", { customer: { id: "1" } }, "USER_ERROR", "payment"],
    [
      "deposit for an unknown order",
      "customerDeposit",
      { customer: { id: "1" }, payment: 5, salesOrder: { id: "999" } },
      "INVALID_KEY_OR_REF",
      "salesOrder",
    ],
    [
      "unbalanced journal",
      "journalEntry",
      journal([
        { account: { id: "1" }, debit: 10 },
        { account: { id: "2" }, credit: 9.99 },
      ]),
      "USER_ERROR",
      "line",
    ],
    [
      "journal line with both sides",
      "journalEntry",
      journal([{ account: { id: "1" }, debit: 1, credit: 1 }]),
      "USER_ERROR",
      "line.items[0].debit",
    ],
    [
      "adjustment without account",
      "inventoryAdjustment",
      { inventory: { items: [{ item: { id: "1" }, location: { id: "1" }, adjustQtyBy: 1 }] } },
      "USER_ERROR",
      "account",
    ],
    [
      "adjustment by zero",
      "inventoryAdjustment",
      {
        account: { id: "1" },
        inventory: { items: [{ item: { id: "1" }, location: { id: "1" }, adjustQtyBy: 0 }] },
      },
      "INVALID_CONTENT",
      "inventory.items[0].adjustQtyBy",
    ],
    [
      "refund applying nothing",
      "customerRefund",
      { customer: { id: "1" }, apply: { items: [] } },
      "USER_ERROR",
      "apply",
    ],
    [
      "refund of an unknown credit",
      "customerRefund",
      { customer: { id: "1" }, apply: { items: [{ doc: { id: "999" }, apply: true, amount: 1 }] } },
      "INVALID_KEY_OR_REF",
      "apply.items[0].doc",
    ],
  ])("refuses a %s (%s %j) with 400 %s at %s", async (_case, type, body, code, path) => {
    const res = await put(type, "bad-1", body);
    expect(res.status).toBe(400);
    const error: ErrorBody = await res.json();
    expect(error["o:errorDetails"][0]).toMatchObject({ "o:errorCode": code, "o:errorPath": path });
    expect(await inspectRecords()).toHaveLength(0);
  });

  it("refunds only the refund customer's own credits", async () => {
    const credit = await put("creditMemo", "cm-1", {
      entity: { externalId: "CUS-A" },
      item: { items: [{ item: { externalId: "X" }, amount: 5 }] },
    });
    expect(credit.status).toBe(204);
    const apply = { items: [{ doc: { id: idOf(credit) }, apply: true, amount: 5 }] };
    const other = await put("customerRefund", "ref-1", { customer: { externalId: "CUS-B" }, apply });
    expect(other.status).toBe(400);
    const error: ErrorBody = await other.json();
    expect(error["o:errorDetails"][0]?.detail).toMatch(/own customer/);
    expect((await put("customerRefund", "ref-1", { customer: { externalId: "CUS-A" }, apply })).status).toBe(
      204,
    );
  });

  it("updates keyed lines in place, appends unkeyed ones, and replaces the sublist on ?replace=", async () => {
    const created = await put("salesOrder", "lines-1", salesOrderBody());
    const id = idOf(created);
    const lines = async () => {
      const json: { item: { items: Array<Record<string, unknown>> } } = await (
        await netsuite("GET", `${RECORDS}/salesOrder/${id}?expandSubResources=true`)
      ).json();
      return json.item.items.map((l) => [l.line, l.quantity]);
    };
    expect(await lines()).toEqual([[1, 2]]);
    await put("salesOrder", "lines-1", {
      item: {
        items: [
          { line: 1, quantity: 5 },
          { item: { externalId: "SKU-2" }, quantity: 1 },
        ],
      },
    });
    expect(await lines()).toEqual([
      [1, 5],
      [2, 1],
    ]);
    await put(
      "salesOrder",
      "lines-1",
      { item: { items: [{ item: { externalId: "SKU-3" }, quantity: 4 }] } },
      "?replace=item",
    );
    // Keys are never re-used: the replacement line is line 3.
    expect(await lines()).toEqual([[3, 4]]);
  });

  it("keeps a sales order line from dropping below what already shipped", async () => {
    const id = idOf(await put("salesOrder", "ship-1", salesOrderBody()));
    const fulfilled = await netsuite("POST", `${RECORDS}/salesOrder/${id}/!transform/itemFulfillment`, {
      body: { item: { items: [{ orderLine: 1, quantity: 2 }] } },
    });
    expect(fulfilled.status).toBe(204);
    const res = await put("salesOrder", "ship-1", { item: { items: [{ line: 1, quantity: 1 }] } });
    expect(res.status).toBe(400);
    const error: ErrorBody = await res.json();
    expect(error["o:errorDetails"][0]).toMatchObject({
      "o:errorCode": "USER_ERROR",
      "o:errorPath": "item.items[0].quantity",
    });
    expect(
      (await put("salesOrder", "ship-1", { item: { items: [{ line: 1, isClosed: true }] } })).status,
    ).toBe(204);
  });

  it("reads a field subset with ?fields=", async () => {
    const id = idOf(await put("salesOrder", "fields-1", salesOrderBody()));
    const json: Record<string, unknown> = await (
      await netsuite("GET", `${RECORDS}/salesOrder/${id}?fields=entity,tranId`)
    ).json();
    expect(Object.keys(json).sort()).toEqual(["entity", "id", "links", "tranId"]);
  });
});
