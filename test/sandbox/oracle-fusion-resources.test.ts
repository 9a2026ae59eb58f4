import { beforeEach, describe, expect, it } from "vitest";
import { CRM, control, createAccount, FSCM, ITEM_TYPE, oracle, orderBody } from "./oracle-fusion-client";

interface Collection {
  items: Record<string, unknown>[];
  count: number;
  hasMore: boolean;
  limit: number;
  offset: number;
  totalResults?: number;
  links: { rel: string; href: string }[];
}

describe("Oracle Fusion sandbox: ADF resources", () => {
  beforeEach(async () => {
    await control("POST", "/reset");
  });

  it("creates an order with 201, the item media type, Location by OrderKey and server-filled fields", async () => {
    const party = await createAccount();
    const res = await oracle("POST", `${FSCM}/salesOrdersForOrderHub`, { body: orderBody(party.PartyId) });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe(ITEM_TYPE);
    expect(res.headers.get("location")).toBe(`${FSCM}/salesOrdersForOrderHub/MESH%3AORD-1`);
    const order: Record<string, unknown> = await res.json();
    expect(order).toMatchObject({
      OrderKey: "MESH:ORD-1",
      StatusCode: "OPEN",
      BuyingPartyNumber: party.PartyNumber,
      SourceTransactionRevisionNumber: 1,
    });
    expect(order.links).toContainEqual(
      expect.objectContaining({ rel: "child", name: "lines", kind: "collection" }),
    );
    expect(order).not.toHaveProperty("lines");
    const byHeader = await oracle("GET", `${FSCM}/salesOrdersForOrderHub/${order.HeaderId}?expand=lines`);
    const expanded: { lines: Record<string, unknown>[] } = await byHeader.json();
    expect(expanded.lines[0]).toMatchObject({
      LineNumber: 1,
      StatusCode: "AWAIT_SHIPPING",
      ShippedQuantity: 0,
    });
  });

  it("finds items with q in both syntaxes, pages with limit/offset and counts with totalResults", async () => {
    const party = await createAccount();
    for (const id of ["A-1", "A-2", "A-3"]) {
      expect(
        (await oracle("POST", `${FSCM}/salesOrdersForOrderHub`, { body: orderBody(party.PartyId, id) }))
          .status,
      ).toBe(201);
    }
    const simple: Collection = await (
      await oracle(
        "GET",
        `${FSCM}/salesOrdersForOrderHub?q=SourceTransactionId=A-2;SourceTransactionSystem=MESH`,
      )
    ).json();
    expect(simple.items.map((i) => i.SourceTransactionId)).toEqual(["A-2"]);
    const rowMatch = encodeURIComponent("SourceTransactionId='A-3' and SourceTransactionSystem='MESH'");
    const matched: Collection = await (
      await oracle("GET", `${FSCM}/salesOrdersForOrderHub?q=${rowMatch}`)
    ).json();
    expect(matched.items.map((i) => i.SourceTransactionId)).toEqual(["A-3"]);
    const page: Collection = await (
      await oracle("GET", `${FSCM}/salesOrdersForOrderHub?limit=2&offset=0&totalResults=true`)
    ).json();
    expect(page).toMatchObject({ count: 2, hasMore: true, limit: 2, offset: 0, totalResults: 3 });
    expect(page.links[0]).toMatchObject({ rel: "self", href: `${FSCM}/salesOrdersForOrderHub` });
    const bad = await oracle(
      "GET",
      `${FSCM}/salesOrdersForOrderHub?q=${encodeURIComponent("SourceTransactionId='open")}`,
    );
    expect(bad.status).toBe(400);
  });

  it("refuses a second order with the same source transaction, in ADF error JSON from version 4", async () => {
    const party = await createAccount();
    await oracle("POST", `${FSCM}/salesOrdersForOrderHub`, { body: orderBody(party.PartyId) });
    const res = await oracle("POST", `${FSCM}/salesOrdersForOrderHub`, { body: orderBody(party.PartyId) });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/vnd.oracle.adf.error+json");
    expect(await res.json()).toEqual({
      title: "Bad Request",
      status: "400",
      "o:errorDetails": [
        {
          detail:
            "A sales order with the source transaction ID ORD-1 already exists for the source system MESH.",
          "o:errorCode": "SANDBOX-DUPLICATE-SOURCE-ORDER",
        },
      ],
    });
  });

  it("answers errors as plain text to clients that send no framework version", async () => {
    const res = await oracle("POST", `${FSCM}/salesOrdersForOrderHub`, {
      body: orderBody(999),
      version: null,
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("text/plain;charset=UTF-8");
    expect(await res.text()).toBe("The value 999 of the attribute BuyingPartyId isn't valid.");
  });

  it("revises an order only with a higher revision number, and cancels it when every line goes to zero", async () => {
    const party = await createAccount();
    await oracle("POST", `${FSCM}/salesOrdersForOrderHub`, { body: orderBody(party.PartyId) });
    const url = `${FSCM}/salesOrdersForOrderHub/MESH:ORD-1`;
    const lines = [{ SourceTransactionLineId: "1", OrderedQuantity: 1 }];
    const stale = await oracle("PATCH", url, { body: { SourceTransactionRevisionNumber: 1, lines } });
    expect(stale.status).toBe(400);
    const partial = await oracle("PATCH", `${url}?expand=lines`, {
      body: { SourceTransactionRevisionNumber: 2, lines },
    });
    expect(partial.status).toBe(200);
    const revised: { lines: Record<string, unknown>[]; StatusCode: string } = await partial.json();
    expect(revised.lines[0]).toMatchObject({ OrderedQuantity: 1, CanceledQuantity: 1 });
    const cancel = await oracle("PATCH", url, {
      body: {
        SourceTransactionRevisionNumber: 3,
        lines: [{ SourceTransactionLineId: "1", OrderedQuantity: 0 }],
      },
    });
    expect(await cancel.json()).toMatchObject({ StatusCode: "CANCELED", SourceTransactionRevisionNumber: 3 });
  });

  it("serves accounts under crmRestApi only, and refuses unsupported media types", async () => {
    expect((await oracle("GET", `${FSCM}/accounts`)).status).toBe(404);
    expect((await oracle("GET", `${CRM}/accounts`)).status).toBe(200);
    const res = await oracle("POST", `${CRM}/accounts`, {
      body: { OrganizationName: "X" },
      contentType: "text/xml",
    });
    expect(res.status).toBe(415);
  });

  it("moves on-hand with staged inventory transactions and refuses to go negative", async () => {
    const receipt = {
      OrganizationCode: "M1",
      ItemNumber: "AS54888",
      SubinventoryCode: "Stores",
      TransactionUnitOfMeasure: "Ea",
      TransactionTypeName: "Miscellaneous Receipt",
      TransactionQuantity: 5,
    };
    expect((await oracle("POST", `${FSCM}/inventoryStagedTransactions`, { body: receipt })).status).toBe(201);
    const issue = { ...receipt, TransactionTypeName: "Miscellaneous Issue", TransactionQuantity: -7 };
    const refused = await oracle("POST", `${FSCM}/inventoryStagedTransactions`, { body: issue });
    expect(refused.status).toBe(400);
    const onhand: Collection = await (
      await oracle("GET", `${FSCM}/inventoryOnhandBalances?q=ItemNumber=AS54888`)
    ).json();
    expect(onhand.items).toEqual([
      {
        ItemNumber: "AS54888",
        OrganizationCode: "M1",
        SubinventoryCode: "Stores",
        OnhandQuantity: 5,
        PrimaryUOMCode: "Ea",
      },
    ]);
  });
});
