import { beforeEach, describe, expect, it } from "vitest";
import {
  control,
  entityOf,
  fetchSession,
  ODATA,
  records,
  type Session,
  salesOrderBody,
  sap,
  write,
} from "./sap-client";

const SERVICE = `${ODATA}/API_SALES_ORDER_SRV`;
const ORDERS = `${SERVICE}/A_SalesOrder`;

describe("sandbox SAP: OData v2 payloads, ETags and errors", () => {
  let session: Session;

  beforeEach(async () => {
    expect((await control("POST", "/reset")).status).toBe(200);
    session = await fetchSession();
  });

  it("creates a sales order by deep insert and answers 201 with Location and the OData v2 entity", async () => {
    const res = await write("POST", ORDERS, session, salesOrderBody());
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(`${ORDERS}('1')`);
    expect(res.headers.get("dataserviceversion")).toBe("2.0");
    const order = await entityOf(res);
    expect(order.__metadata).toMatchObject({
      uri: `${ORDERS}('1')`,
      type: "API_SALES_ORDER_SRV.A_SalesOrderType",
    });
    expect(order.__metadata.etag).toMatch(
      /^W\/"datetimeoffset'\d{4}-\d{2}-\d{2}T\d{2}%3A\d{2}%3A\d{2}\.\d{7}Z'"$/,
    );
    expect(order).toMatchObject({
      SalesOrder: "1",
      TotalNetAmount: "39.98",
      OverallDeliveryStatus: "A",
      OverallSDDocumentRejectionSts: "A",
    });
    expect(order.SalesOrderDate).toMatch(/^\/Date\(\d+\)\/$/);
    expect(order.LastChangeDateTime).toMatch(/^\/Date\(\d+\+0000\)\/$/);
    const items = order.to_Item as { results: Record<string, unknown>[] };
    expect(items.results[0]).toMatchObject({
      SalesOrderItem: "10",
      Material: "TG11",
      RequestedQuantity: "2.000",
      NetAmount: "39.98",
    });
  });

  it("finds documents with $filter, returns collections as d.results and defers navigation unless expanded", async () => {
    await write("POST", ORDERS, session, salesOrderBody());
    await write("POST", ORDERS, session, salesOrderBody({ PurchaseOrderByCustomer: "O'Brien-2" }));
    const found = await sap(
      "GET",
      `${ORDERS}?$filter=${encodeURIComponent("PurchaseOrderByCustomer eq 'O''Brien-2'")}&$inlinecount=allpages`,
    );
    const json: { d: { __count: string; results: Array<Record<string, unknown>> } } = await found.json();
    expect(json.d.__count).toBe("1");
    expect(json.d.results[0]).toMatchObject({
      SalesOrder: "2",
      to_Item: { __deferred: { uri: `${ORDERS}('2')/to_Item` } },
    });
    const expanded = await sap("GET", `${ORDERS}('2')?$expand=to_Item`);
    expect(((await entityOf(expanded)).to_Item as { results: unknown[] }).results).toHaveLength(1);
    const selected = await entityOf(await sap("GET", `${ORDERS}('2')?$select=SoldToParty`));
    expect(Object.keys(selected).sort()).toEqual(["SoldToParty", "__metadata"]);
    const items = await sap("GET", `${ORDERS}('2')/to_Item`);
    expect(((await items.json()) as { d: { results: unknown[] } }).d.results).toHaveLength(1);
    expect(
      (await sap("GET", `${ORDERS}?$filter=${encodeURIComponent("substringof('x', SalesOrder)")}`)).status,
    ).toBe(400);
  });

  it("needs If-Match to change an order: 428 without it, 412 with a stale ETag, 204 with the current one", async () => {
    const created = await entityOf(await write("POST", ORDERS, session, salesOrderBody()));
    const etag = created.__metadata.etag ?? "";
    const item = `${SERVICE}/A_SalesOrderItem(SalesOrder='1',SalesOrderItem='10')`;
    const missing = await write("PATCH", item, session, { RequestedQuantity: "1" });
    expect(missing.status).toBe(428);
    expect(await missing.json()).toMatchObject({ error: { message: { lang: "en" } } });
    expect(
      (await write("PATCH", item, session, { RequestedQuantity: "1" }, { "if-match": etag })).status,
    ).toBe(204);
    const stale = await write(
      "PATCH",
      item,
      session,
      { SalesDocumentRjcnReason: "10" },
      { "if-match": etag },
    );
    expect(stale.status).toBe(412);
    const current = (await sap("GET", `${ORDERS}('1')`)).headers.get("etag") ?? "";
    expect(current).not.toBe(etag);
    const merge = await write(
      "POST",
      `${ORDERS}('1')`,
      session,
      { DeliveryBlockReason: "01" },
      { "if-match": current, "x-http-method": "MERGE" },
    );
    expect(merge.status).toBe(204);
    const order = await entityOf(await sap("GET", `${ORDERS}('1')?$expand=to_Item`));
    expect(order).toMatchObject({ TotalNetAmount: "19.99", DeliveryBlockReason: "01" });
    expect((await write("DELETE", `${ORDERS}('1')`, session)).status).toBe(428);
  });

  it("answers business errors as SAP's OData error body, with innererror.errordetails", async () => {
    const res = await write("POST", ORDERS, session, salesOrderBody({ SoldToParty: "99999999" }));
    expect(res.status).toBe(400);
    const body: {
      error: {
        code: string;
        message: { lang: string; value: string };
        innererror: { errordetails: unknown[]; transactionid: string; timestamp: string };
      };
    } = await res.json();
    expect(body.error.code).toBe("V1/302");
    expect(body.error.message).toEqual({
      lang: "en",
      value: "Sold-to party 99999999 not maintained for sales area 1710 10 00",
    });
    expect(body.error.innererror.transactionid).toMatch(/^[0-9A-F]{32}$/);
    expect(body.error.innererror.timestamp).toMatch(/^\d{14}\.\d{7}$/);
    expect(body.error.innererror.errordetails).toEqual([
      {
        code: "V1/302",
        message: "Sold-to party 99999999 not maintained for sales area 1710 10 00",
        propertyref: "",
        severity: "error",
        target: "",
        transition: false,
      },
    ]);
    const tooLong = await write(
      "POST",
      ORDERS,
      session,
      salesOrderBody({ PurchaseOrderByCustomer: "x".repeat(36) }),
    );
    expect(tooLong.status).toBe(400);
    const noItems = await write("POST", `${ODATA}/API_CUSTOMER_RETURN_SRV/A_CustomerReturn`, session, {
      ...salesOrderBody({ to_Item: [] }),
      CustomerReturnType: "CBAR",
      SDDocumentReason: "001",
    });
    expect(((await noItems.json()) as { error: { message: { value: string } } }).error.message.value).toBe(
      "You cannot create entities without including any related entities",
    );
    expect(await records()).toHaveLength(0);
  });

  it("reports a pricing warning in the sap-message header and still creates the order", async () => {
    const body = salesOrderBody({ to_Item: [{ Material: "TG11", RequestedQuantity: "1" }] });
    const res = await write("POST", ORDERS, session, body);
    expect(res.status).toBe(201);
    expect(JSON.parse(res.headers.get("sap-message") ?? "{}")).toMatchObject({
      code: "V1/806",
      severity: "warning",
    });
  });

  it("404s unknown entities and services in Gateway's shape", async () => {
    expect((await sap("GET", `${ORDERS}('404')`)).status).toBe(404);
    const unknown = await sap("GET", `${ODATA}/API_NOPE_SRV/A_Nope`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "/IWBEP/CM_MGW_RT/021" } });
  });
});
