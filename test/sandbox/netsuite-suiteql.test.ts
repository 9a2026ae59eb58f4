import { beforeEach, describe, expect, it } from "vitest";
import { control, netsuite, ORIGIN, RECORDS, salesOrderBody, signedRequest } from "./netsuite-client";

const SUITEQL = `${ORIGIN}/services/rest/query/v1/suiteql`;

interface Page {
  links: Array<{ rel: string; href: string }>;
  count: number;
  hasMore: boolean;
  items: Array<Record<string, unknown>>;
  offset: number;
  totalResults: number;
}

async function query(q: string, params = "", transient = true): Promise<Response> {
  const { exports } = await import("cloudflare:workers");
  const signed = await signedRequest("POST", `${SUITEQL}${params}`, { body: { q } });
  if (transient) signed.headers.set("prefer", "transient");
  return exports.default.fetch(signed);
}

async function rows(q: string, params = ""): Promise<Page> {
  const res = await query(q, params);
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

async function adjust(externalId: string, sku: string, location: string, qty: number): Promise<void> {
  const body = {
    account: { id: "500" },
    inventory: {
      items: [{ item: { externalId: sku }, location: { externalId: location }, adjustQtyBy: qty }],
    },
  };
  expect((await netsuite("PUT", `${RECORDS}/inventoryAdjustment/eid:${externalId}`, { body })).status).toBe(
    204,
  );
}

describe("sandbox NetSuite: SuiteQL", () => {
  beforeEach(async () => {
    expect((await control("POST", "/reset")).status).toBe(200);
  });

  it("requires Prefer: transient and a limit of at most 1000", async () => {
    const missing = await query("SELECT id FROM customer", "", false);
    expect(missing.status).toBe(400);
    const body: { "o:errorDetails": Array<{ "o:errorCode": string }> } = await missing.json();
    expect(body["o:errorDetails"][0]?.["o:errorCode"]).toBe("INVALID_PARAMETER");
    expect((await query("SELECT id FROM customer", "?limit=1001")).status).toBe(400);
    expect((await query("SELECT id FROM customer", "?limit=1000")).status).toBe(200);
  });

  it("finds a customer by email and a transaction by external id, values as strings", async () => {
    const customer = { isPerson: true, firstName: "Bob", lastName: "O'Neil", email: "bob@example.com" };
    expect((await netsuite("PUT", `${RECORDS}/customer/eid:CUS-1`, { body: customer })).status).toBe(204);
    const byEmail = await rows("SELECT id, email FROM customer WHERE email = 'bob@example.com'");
    expect(byEmail.items).toEqual([{ links: [], id: expect.any(String), email: "bob@example.com" }]);
    expect((await rows("SELECT id FROM customer WHERE lastname = 'O''Neil'")).count).toBe(1);
    expect((await rows("SELECT id FROM customer WHERE email = 'nobody@example.com'")).items).toEqual([]);

    expect(
      (await netsuite("PUT", `${RECORDS}/salesOrder/eid:SO-77`, { body: salesOrderBody() })).status,
    ).toBe(204);
    const tx = await rows(
      "SELECT t.id, t.tranid, t.type, t.status FROM transaction t WHERE t.externalid = 'SO-77'",
    );
    expect(tx.items).toEqual([
      {
        links: [],
        id: expect.any(String),
        tranid: expect.stringMatching(/^SO\d+$/),
        type: "SalesOrd",
        status: "B",
      },
    ]);
  });

  it("reads on hand per item and location from adjustments and fulfilments", async () => {
    await adjust("A1", "SKU-1", "WH-1", 10);
    await adjust("A2", "SKU-1", "WH-2", 4);
    await adjust("A3", "SKU-2", "WH-1", 7);
    const so = await netsuite("PUT", `${RECORDS}/salesOrder/eid:SO-1`, {
      body: salesOrderBody({
        item: { items: [{ item: { externalId: "SKU-1" }, quantity: 3, location: { externalId: "WH-1" } }] },
      }),
    });
    const soId = so.headers.get("location")?.split("/").pop();
    expect(
      (await netsuite("POST", `${RECORDS}/salesOrder/${soId}/!transform/itemFulfillment`, { body: {} }))
        .status,
    ).toBe(204);

    const items = await rows("SELECT id, itemid, externalid FROM item ORDER BY id");
    const idOf = (sku: string) => String(items.items.find((i) => i.externalid === sku)?.id);
    const levels = await rows(
      `SELECT item, location, quantityonhand FROM inventoryitemlocations WHERE item IN (${idOf("SKU-1")}, ${idOf("SKU-2")}) ORDER BY item, location`,
    );
    const locations = await rows("SELECT id, externalid FROM location ORDER BY id");
    const whOf = (id: unknown) => locations.items.find((l) => l.id === id)?.externalid;
    expect(
      levels.items.map((r) => [
        items.items.find((i) => i.id === r.item)?.externalid,
        whOf(r.location),
        r.quantityonhand,
      ]),
    ).toEqual([
      ["SKU-1", "WH-1", "7"],
      ["SKU-1", "WH-2", "4"],
      ["SKU-2", "WH-1", "7"],
    ]);
    const balance = await rows(`SELECT quantityonhand FROM inventorybalance WHERE item = ${idOf("SKU-2")}`);
    expect(balance.items).toEqual([{ links: [], quantityonhand: "7" }]);
  });

  it("pages with limit and offset: hasMore, totalResults and next/previous links", async () => {
    for (const n of [1, 2, 3, 4, 5]) await adjust(`P${n}`, `SKU-${n}`, "WH-1", n);
    const first = await rows("SELECT id FROM item ORDER BY id", "?limit=2");
    expect(first).toMatchObject({ count: 2, hasMore: true, offset: 0, totalResults: 5 });
    expect(first.links.find((l) => l.rel === "next")?.href).toBe(`${SUITEQL}?limit=2&offset=2`);
    const last = await rows("SELECT id FROM item ORDER BY id", "?limit=2&offset=4");
    expect(last).toMatchObject({ count: 1, hasMore: false, offset: 4, totalResults: 5 });
    expect(last.links.map((l) => l.rel)).toEqual(["previous", "first", "last", "self"]);
    const all = [
      ...first.items,
      ...(await rows("SELECT id FROM item ORDER BY id", "?limit=2&offset=2")).items,
      ...last.items,
    ];
    expect(new Set(all.map((r) => r.id)).size).toBe(5);
  });

  it("refuses what it cannot parse, unknown tables and unknown columns", async () => {
    for (const q of [
      "DELETE FROM customer",
      "SELECT id FROM nowhere",
      "SELECT shoesize FROM customer",
      "SELECT id FROM item WHERE id > 3",
    ]) {
      const res = await query(q);
      expect(res.status, q).toBe(400);
      const body: { "o:errorDetails": Array<{ detail: string; "o:errorCode": string }> } = await res.json();
      expect(body["o:errorDetails"][0]?.detail, q).toMatch(/^Invalid search query/);
    }
  });
});
