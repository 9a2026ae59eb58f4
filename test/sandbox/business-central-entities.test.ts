import { beforeEach, describe, expect, it } from "vitest";
import {
  type BcErrorBody,
  bc,
  COMPANY_URL,
  control,
  ITEM_JOURNAL_URL,
  resetWithCatalogue,
  token,
} from "./business-central-client";

/** The API's entity rules: 201 with the entity, etags and If-Match, filters, paging, read-only posted documents. */
beforeEach(resetWithCatalogue);

type Entity = Record<string, unknown> & { id: string; "@odata.etag": string };

async function createOrder(t: string, externalDocumentNumber = "SHOP-1001"): Promise<Entity> {
  const res = await bc("POST", `${COMPANY_URL}/salesOrders`, {
    token: t,
    body: {
      externalDocumentNumber,
      customerNumber: "C-WEB",
      salesOrderLines: [
        { lineType: "Item", lineObjectNumber: "SKU-RED", quantity: 2 },
        { lineType: "Item", lineObjectNumber: "SKU-BLUE", quantity: 1 },
      ],
    },
  });
  expect(res.status).toBe(201);
  return res.json();
}

describe("entities", () => {
  it("answers POST with 201 and the full entity, etag included, and finds it by external document number", async () => {
    const t = await token();
    const order = await createOrder(t, "shop-o'brien");
    expect(order["@odata.etag"]).toMatch(/^W\/"/);
    expect(order.number).toBe("S-ORD101001");
    expect(order.totalAmountExcludingTax).toBe(65);
    const filter = encodeURIComponent("externalDocumentNumber eq 'SHOP-O''BRIEN'");
    const found: { value: Entity[] } = await (
      await bc("GET", `${COMPANY_URL}/salesOrders?$filter=${filter}&$expand=salesOrderLines`, { token: t })
    ).json();
    expect(found.value.map((o) => o.id)).toEqual([order.id]);
    expect(found.value[0]?.salesOrderLines).toHaveLength(2);
  });

  it("requires If-Match on PATCH and DELETE and refuses a stale etag with 409 Request_EntityChanged", async () => {
    const t = await token();
    const order = await createOrder(t);
    const url = `${COMPANY_URL}/salesOrders(${order.id})`;
    const missing = await bc("PATCH", url, { token: t, body: { externalDocumentNumber: "X" } });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as BcErrorBody).error.code).toBe("BadRequest_InvalidToken");
    const changed = await bc("PATCH", url, {
      token: t,
      body: { email: "a@b.example" },
      headers: { "if-match": order["@odata.etag"] },
    });
    expect(changed.status).toBe(200);
    const stale = await bc("DELETE", url, { token: t, headers: { "if-match": order["@odata.etag"] } });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as BcErrorBody).error.code).toBe("Request_EntityChanged");
    expect((await bc("DELETE", url, { token: t, headers: { "if-match": "*" } })).status).toBe(204);
  });

  it("ships through Microsoft.NAV.shipAndInvoice with 204 and keeps salesShipments read-only", async () => {
    const t = await token();
    const order = await createOrder(t);
    const lines: { value: Entity[] } = await (
      await bc("GET", `${COMPANY_URL}/salesOrders(${order.id})/salesOrderLines`, { token: t })
    ).json();
    const [red, blue] = lines.value;
    const tooMany = await bc("PATCH", `${COMPANY_URL}/salesOrderLines(${red?.id})`, {
      token: t,
      body: { shipQuantity: 3 },
      headers: { "if-match": "*" },
    });
    expect(((await tooMany.json()) as BcErrorBody).error.message).toMatch(
      /^You cannot ship more than 2 units\./,
    );
    await bc("PATCH", `${COMPANY_URL}/salesOrderLines(${blue?.id})`, {
      token: t,
      body: { shipQuantity: 0 },
      headers: { "if-match": "*" },
    });
    const shipped = await bc("POST", `${COMPANY_URL}/salesOrders(${order.id})/Microsoft.NAV.shipAndInvoice`, {
      token: t,
    });
    expect(shipped.status).toBe(204);
    const shipments: { value: Entity[] } = await (
      await bc("GET", `${COMPANY_URL}/salesShipments?$expand=salesShipmentLines`, { token: t })
    ).json();
    expect(shipments.value[0]).toMatchObject({
      externalDocumentNumber: "SHOP-1001",
      orderNumber: "S-ORD101001",
    });
    const refused = await bc("POST", `${COMPANY_URL}/salesShipments`, { token: t, body: {} });
    expect(refused.status).toBe(405);
    expect(((await refused.json()) as BcErrorBody).error.code).toBe("BadRequest_MethodNotAllowed");
    const items: { value: Entity[] } = await (await bc("GET", `${COMPANY_URL}/items`, { token: t })).json();
    expect(items.value.map((i) => i.inventory)).toEqual([8, 4]);
  });

  it("wants customer payments negative, as BC's error table says", async () => {
    const t = await token();
    const journals: { value: Entity[] } = await (
      await bc("GET", `${COMPANY_URL}/customerPaymentJournals`, { token: t })
    ).json();
    const url = `${COMPANY_URL}/customerPaymentJournals(${journals.value[0]?.id})/customerPayments`;
    const positive = await bc("POST", url, { token: t, body: { customerNumber: "C-WEB", amount: 10 } });
    expect(((await positive.json()) as BcErrorBody).error).toMatchObject({
      code: "Application_DialogException",
    });
    expect((await bc("POST", url, { token: t, body: { customerNumber: "C-WEB", amount: -10 } })).status).toBe(
      201,
    );
  });

  it("pages collections with @odata.nextLink", async () => {
    await control("POST", "/settings", { pageSize: 1 });
    const t = await token();
    const first: { value: Entity[]; "@odata.nextLink"?: string } = await (
      await bc("GET", `${COMPANY_URL}/items`, { token: t })
    ).json();
    expect(first.value).toHaveLength(1);
    const next: { value: Entity[]; "@odata.nextLink"?: string } = await (
      await bc("GET", first["@odata.nextLink"] ?? "", { token: t })
    ).json();
    expect(next.value.map((i) => i.number)).toEqual(["SKU-BLUE"]);
    expect(next["@odata.nextLink"]).toBeUndefined();
  });

  it("serves the custom item journal API and refuses to post below zero", async () => {
    const t = await token();
    const journal: Entity = await (
      await bc("POST", `${ITEM_JOURNAL_URL}/itemJournals`, { token: t, body: { code: "MESH" } })
    ).json();
    await bc("POST", `${ITEM_JOURNAL_URL}/itemJournals(${journal.id})/itemJournalLines`, {
      token: t,
      body: { itemNumber: "SKU-BLUE", entryType: "Negative Adjmt.", quantity: 5, documentNumber: "ADJ-1" },
    });
    const post = await bc("POST", `${ITEM_JOURNAL_URL}/itemJournals(${journal.id})/Microsoft.NAV.post`, {
      token: t,
    });
    expect(((await post.json()) as BcErrorBody).error.message).toMatch(
      /^You have insufficient quantity of Item SKU-BLUE on inventory\./,
    );
  });
});
