import { beforeEach, describe, expect, it } from "vitest";
import { type BcErrorBody, bc, COMPANY_URL, resetWithCatalogue, token } from "./business-central-client";

/**
 * The text fields an integration writes free text into: Comment lines on sales documents (stored and
 * rendered as written, ignored by posting) and the description and comment of journal lines, with
 * BC's lengths (Sales Line and Gen. Journal Line Description Text[100], Comment Text[250]).
 */
beforeEach(resetWithCatalogue);

type Entity = Record<string, unknown> & { id: string; "@odata.etag": string };
type Line = Entity & { sequence: number };

const NOTE = "mesh 4bf92f3577b34da6a3ce929d0e0e4736";

async function linesOf(t: string, path: string, set: string): Promise<Line[]> {
  const json: Record<string, Line[]> = await (
    await bc("GET", `${COMPANY_URL}/${path}?$expand=${set}`, { token: t })
  ).json();
  return [...(json[set] ?? [])].sort((a, b) => a.sequence - b.sequence);
}

async function firstJournal(t: string, set: string): Promise<string> {
  const json: { value: Entity[] } = await (await bc("GET", `${COMPANY_URL}/${set}`, { token: t })).json();
  return json.value[0]?.id ?? "";
}

describe("Comment lines", () => {
  it("stores a Comment line's description as written and renders it on GET, with no item, price or amount", async () => {
    const t = await token();
    const res = await bc("POST", `${COMPANY_URL}/salesOrders`, {
      token: t,
      body: {
        externalDocumentNumber: "SHOP-1",
        customerNumber: "C-WEB",
        salesOrderLines: [
          { lineType: "Comment", description: NOTE },
          { lineType: "Item", lineObjectNumber: "SKU-RED", quantity: 2 },
        ],
      },
    });
    expect(res.status).toBe(201);
    const order: Entity = await res.json();
    expect(order.totalAmountExcludingTax).toBe(40);
    const [comment, item] = await linesOf(t, `salesOrders(${order.id})`, "salesOrderLines");
    expect(comment).toMatchObject({
      lineType: "Comment",
      description: NOTE,
      lineObjectNumber: "",
      itemId: "00000000-0000-0000-0000-000000000000",
      quantity: 0,
      unitPrice: 0,
      netAmount: 0,
      shipQuantity: 0,
    });
    expect(item).toMatchObject({ lineType: "Item", lineObjectNumber: "SKU-RED", sequence: 20000 });

    const patched = await bc("PATCH", `${COMPANY_URL}/salesOrderLines(${comment?.id})`, {
      token: t,
      body: { description: "mesh 0af7651916cd43dd8448eb211c80319c" },
      headers: { "if-match": comment?.["@odata.etag"] ?? "" },
    });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as Entity).description).toBe("mesh 0af7651916cd43dd8448eb211c80319c");
  });

  it("ships and invoices an order past its Comment line and deletes it once the items are all shipped", async () => {
    const t = await token();
    const order: Entity = await (
      await bc("POST", `${COMPANY_URL}/salesOrders`, {
        token: t,
        body: {
          customerNumber: "C-WEB",
          salesOrderLines: [
            { lineType: "Comment", description: NOTE },
            { lineType: "Item", lineObjectNumber: "SKU-RED", quantity: 2 },
          ],
        },
      })
    ).json();
    const shipped = await bc("POST", `${COMPANY_URL}/salesOrders(${order.id})/Microsoft.NAV.shipAndInvoice`, {
      token: t,
    });
    expect(shipped.status).toBe(204);
    expect((await bc("GET", `${COMPANY_URL}/salesOrders(${order.id})`, { token: t })).status).toBe(404);
    const entries: { value: Entity[] } = await (
      await bc("GET", `${COMPANY_URL}/itemLedgerEntries`, { token: t })
    ).json();
    expect(entries.value.map((e) => [e.itemNumber, e.quantity])).toEqual([["SKU-RED", -2]]);
    const invoices: { value: Entity[] } = await (
      await bc("GET", `${COMPANY_URL}/salesInvoices`, { token: t })
    ).json();
    expect(invoices.value[0]?.totalAmountExcludingTax).toBe(40);
  });

  it("finds nothing to post on a credit memo that has only a Comment line, and posts one with an item line too", async () => {
    const t = await token();
    const memo: Entity = await (
      await bc("POST", `${COMPANY_URL}/salesCreditMemos`, {
        token: t,
        body: { customerNumber: "C-WEB", salesCreditMemoLines: [{ lineType: "Comment", description: NOTE }] },
      })
    ).json();
    const empty = await bc("POST", `${COMPANY_URL}/salesCreditMemos(${memo.id})/Microsoft.NAV.post`, {
      token: t,
    });
    expect(((await empty.json()) as BcErrorBody).error.message).toMatch(/^There is nothing to post\./);
    await bc("POST", `${COMPANY_URL}/salesCreditMemos(${memo.id})/salesCreditMemoLines`, {
      token: t,
      body: { lineType: "Item", lineObjectNumber: "SKU-BLUE", quantity: 1 },
    });
    const posted = await bc("POST", `${COMPANY_URL}/salesCreditMemos(${memo.id})/Microsoft.NAV.post`, {
      token: t,
    });
    expect(posted.status).toBe(204);
    const lines = await linesOf(t, `salesCreditMemos(${memo.id})`, "salesCreditMemoLines");
    expect(lines.map((l) => [l.lineType, l.description, l.quantity])).toEqual([
      ["Comment", NOTE, 0],
      ["Item", "Blue shirt", 1],
    ]);
    const items: { value: Entity[] } = await (await bc("GET", `${COMPANY_URL}/items`, { token: t })).json();
    expect(items.value.find((i) => i.number === "SKU-BLUE")?.inventory).toBe(5);
  });
});

describe("text lengths", () => {
  it("refuses a sales line description over Text[100] with Application_StringExceededLength", async () => {
    const t = await token();
    const res = await bc("POST", `${COMPANY_URL}/salesOrders`, {
      token: t,
      body: {
        customerNumber: "C-WEB",
        salesOrderLines: [{ lineType: "Comment", description: "x".repeat(101) }],
      },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as BcErrorBody;
    expect(body.error.code).toBe("Application_StringExceededLength");
    expect(body.error.message).toMatch(
      /^The length of the string is 101, but it must be less than or equal to 100/,
    );
  });

  it("keeps a journal line's description to 100 and its comment to 250, and a customer payment's too", async () => {
    const t = await token();
    const journal: Entity = await (
      await bc("POST", `${COMPANY_URL}/journals`, { token: t, body: { code: "MESH" } })
    ).json();
    const lines = `${COMPANY_URL}/journals(${journal.id})/journalLines`;
    const line = { accountType: "G/L Account", accountNumber: "10100", amount: 1 };
    const longComment = await bc("POST", lines, { token: t, body: { ...line, comment: "c".repeat(251) } });
    expect(((await longComment.json()) as BcErrorBody).error.code).toBe("Application_StringExceededLength");
    const written = await bc("POST", lines, {
      token: t,
      body: { ...line, description: "d".repeat(100), comment: "c".repeat(250) },
    });
    expect(written.status).toBe(201);
    expect(((await written.json()) as Entity).description).toBe("d".repeat(100));

    const payments = `${COMPANY_URL}/customerPaymentJournals(${await firstJournal(t, "customerPaymentJournals")})/customerPayments`;
    const longDescription = await bc("POST", payments, {
      token: t,
      body: { customerNumber: "C-WEB", amount: -1, description: "d".repeat(101) },
    });
    expect(((await longDescription.json()) as BcErrorBody).error.code).toBe(
      "Application_StringExceededLength",
    );
  });
});
