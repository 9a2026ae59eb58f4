import { beforeEach, describe, expect, it } from "vitest";
import { control, inspectRecords, netsuite, ORIGIN, RECORDS, salesOrderBody } from "./netsuite-client";

interface ErrorBody {
  type: string;
  title: string;
  status: number;
  "o:errorDetails": Array<{ detail: string; "o:errorCode": string; "o:errorPath"?: string }>;
}

function internalIdFrom(res: Response): string {
  const location = res.headers.get("location") ?? "";
  expect(location).toMatch(new RegExp(`^${ORIGIN}/services/rest/record/v1/salesOrder/\\d+$`));
  return location.split("/").pop() ?? "";
}

describe("sandbox NetSuite: salesOrder records", () => {
  beforeEach(async () => {
    expect((await control("POST", "/reset")).status).toBe(200);
  });

  it("PUT eid: upserts: the same external id twice is one record written twice", async () => {
    const first = await netsuite("PUT", `${RECORDS}/salesOrder/eid:shopify-s1-1001`, {
      body: salesOrderBody(),
    });
    expect(first.status).toBe(204);
    expect(await first.text()).toBe("");
    const second = await netsuite("PUT", `${RECORDS}/salesOrder/eid:shopify-s1-1001`, {
      body: salesOrderBody({ memo: "second write" }),
    });
    expect(second.status).toBe(204);
    expect(internalIdFrom(second)).toBe(internalIdFrom(first));

    const records = await inspectRecords();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      recordType: "salesOrder",
      id: internalIdFrom(first),
      externalId: "shopify-s1-1001",
      writeCount: 2,
    });
    expect(records[0]?.body.memo).toBe("second write");
  });

  it("POST creates, and a second POST with the same externalId is a 400", async () => {
    const created = await netsuite("POST", `${RECORDS}/salesorder`, {
      body: salesOrderBody({ externalId: "ext-1" }),
    });
    expect(created.status).toBe(204);
    internalIdFrom(created);
    const duplicate = await netsuite("POST", `${RECORDS}/salesOrder`, {
      body: salesOrderBody({ externalId: "ext-1" }),
    });
    expect(duplicate.status).toBe(400);
    const error: ErrorBody = await duplicate.json();
    expect(error["o:errorDetails"][0]).toMatchObject({
      "o:errorCode": "DUP_RCRD",
      "o:errorPath": "externalId",
    });
    expect(await inspectRecords()).toHaveLength(1);
  });

  it("GET by internal id and by eid returns references as {id, refName} and the sublist on request", async () => {
    const put = await netsuite("PUT", `${RECORDS}/salesOrder/eid:ebay-s2-77`, { body: salesOrderBody() });
    const id = internalIdFrom(put);

    const byId = await netsuite("GET", `${RECORDS}/salesOrder/${id}`);
    expect(byId.status).toBe(200);
    const record: Record<string, unknown> = await byId.json();
    expect(record).toMatchObject({
      id,
      externalId: "ebay-s2-77",
      otherRefNum: "#1001",
      tranDate: "2026-11-20",
    });
    expect(record.entity).toEqual({ id: "42", refName: "customer 42" });
    expect(record.currency).toMatchObject({ refName: "USD" });
    expect(record.item).toEqual({ links: [{ rel: "self", href: `${RECORDS}/salesOrder/${id}/item` }] });

    const byEid = await netsuite("GET", `${RECORDS}/salesOrder/eid:ebay-s2-77?expandSubResources=true`);
    expect(byEid.status).toBe(200);
    const expanded: { id: string; item: { items: Array<Record<string, unknown>> } } = await byEid.json();
    expect(expanded.id).toBe(id);
    expect(expanded.item.items).toHaveLength(1);
    expect(expanded.item.items[0]).toMatchObject({
      line: 1,
      quantity: 2,
      rate: 19.99,
      item: { refName: "SKU-RED-M" },
    });
    expect(expanded.item.items[0]?.item).toHaveProperty("id");
  });

  it("PATCH updates fields and answers 204 with the record's Location", async () => {
    const put = await netsuite("PUT", `${RECORDS}/salesOrder/eid:patch-1`, { body: salesOrderBody() });
    const id = internalIdFrom(put);
    const patched = await netsuite("PATCH", `${RECORDS}/salesOrder/${id}`, { body: { memo: "patched" } });
    expect(patched.status).toBe(204);
    expect(internalIdFrom(patched)).toBe(id);
    const [record] = await inspectRecords();
    expect(record?.body.memo).toBe("patched");
    expect(record?.writeCount).toBe(2);
    expect((await netsuite("PATCH", `${RECORDS}/salesOrder/999999`, { body: { memo: "x" } })).status).toBe(
      404,
    );
  });

  it.each([
    [
      "a line with quantity 0",
      salesOrderBody({ item: { items: [{ item: { externalId: "SKU-1" }, quantity: 0 }] } }),
      "item.items[0].quantity",
      "INVALID_CONTENT",
    ],
    [
      "a line without an item",
      salesOrderBody({ item: { items: [{ quantity: 1, rate: 5 }] } }),
      "item.items[0].item",
      "USER_ERROR",
    ],
    ["no lines at all", salesOrderBody({ item: { items: [] } }), "item", "USER_ERROR"],
    ["no customer", salesOrderBody({ entity: undefined }), "entity", "USER_ERROR"],
  ])("rejects %s with 400 and the field's o:errorPath, storing nothing", async (_case, body, path, code) => {
    const res = await netsuite("PUT", `${RECORDS}/salesOrder/eid:invalid-1`, { body });
    expect(res.status).toBe(400);
    const error: ErrorBody = await res.json();
    expect(error).toMatchObject({ title: "Bad Request", status: 400 });
    expect(error["o:errorDetails"][0]).toMatchObject({ "o:errorCode": code, "o:errorPath": path });
    expect(await inspectRecords()).toHaveLength(0);
  });

  it("answers unknown record types, missing records and bad bodies in NetSuite's error format", async () => {
    const unknownType = await netsuite("GET", `${RECORDS}/bad-path/1`);
    expect(unknownType.status).toBe(404);
    const typeError: ErrorBody = await unknownType.json();
    expect(typeError["o:errorDetails"][0]?.detail).toBe("Record type 'bad-path' does not exist.");

    const missing: ErrorBody = await (await netsuite("GET", `${RECORDS}/salesOrder/424242`)).json();
    expect(missing["o:errorDetails"][0]?.detail).toBe(
      "The record instance does not exist. Provide a valid record instance ID.",
    );

    const { signedRequest } = await import("./netsuite-client");
    const { exports } = await import("cloudflare:workers");
    const raw = await signedRequest("POST", `${RECORDS}/salesOrder`);
    const badBody = await exports.default.fetch(new Request(raw, { body: "bad body" }));
    expect(badBody.status).toBe(400);
    const bodyError: ErrorBody = await badBody.json();
    expect(bodyError["o:errorDetails"][0]?.["o:errorCode"]).toBe("INVALID_CONTENT");
  });

  it("refuses an external id with characters NetSuite cannot parse", async () => {
    const res = await netsuite("PUT", `${RECORDS}/salesOrder/eid:RED|PO|1337`, { body: salesOrderBody() });
    expect(res.status).toBe(400);
    const error: ErrorBody = await res.json();
    expect(error["o:errorDetails"][0]?.["o:errorCode"]).toBe("INVALID_ID");
    expect((await netsuite("PUT", `${RECORDS}/salesOrder/17`, { body: salesOrderBody() })).status).toBe(405);
    expect(await inspectRecords()).toHaveLength(0);
  });
});
