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

const DELIVERY = `${ODATA}/API_OUTBOUND_DELIVERY_SRV;v=0002`;
const MATDOC = `${ODATA}/API_MATERIAL_DOCUMENT_SRV/A_MaterialDocumentHeader`;
const STOCK = `${ODATA}/API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod`;

function movement(type: string, quantity: string, code = "05") {
  return {
    GoodsMovementCode: code,
    PostingDate: "/Date(1795478400000)/",
    MaterialDocumentHeaderText: `count ${type}`,
    to_MaterialDocumentItem: [
      {
        Material: "TG11",
        Plant: "1710",
        StorageLocation: "171A",
        GoodsMovementType: type,
        QuantityInEntryUnit: quantity,
        EntryUnit: "EA",
      },
    ],
  };
}

async function unrestricted(): Promise<string | undefined> {
  const res = await sap(
    "GET",
    `${STOCK}?$filter=${encodeURIComponent("Material eq 'TG11' and InventoryStockType eq '01'")}`,
  );
  const json: { d: { results: Array<{ MatlWrhsStkQtyInMatlBaseUnit: string }> } } = await res.json();
  return json.d.results[0]?.MatlWrhsStkQtyInMatlBaseUnit;
}

describe("sandbox SAP: deliveries, goods issue and material documents", () => {
  let session: Session;

  beforeEach(async () => {
    expect((await control("POST", "/reset")).status).toBe(200);
    session = await fetchSession("API_OUTBOUND_DELIVERY_SRV");
    expect(
      (await write("POST", `${ODATA}/API_SALES_ORDER_SRV/A_SalesOrder`, session, salesOrderBody())).status,
    ).toBe(201);
  });

  it("delivers part of an order, posts goods issue once with If-Match, and moves stock", async () => {
    expect((await write("POST", MATDOC, session, movement("561", "5"))).status).toBe(201);
    const body = {
      DeliveryDocumentBySupplier: "fulfillment-1",
      to_DeliveryDocumentItem: {
        results: [{ ReferenceSDDocument: "1", ReferenceSDDocumentItem: "10", ActualDeliveryQuantity: "1" }],
      },
    };
    const created = await entityOf(await write("POST", `${DELIVERY}/A_OutbDeliveryHeader`, session, body));
    // Not creatable: Gateway ignores it on create; the reference is set by a PATCH with If-Match.
    expect(created).toMatchObject({
      DeliveryDocument: "80000000",
      OverallGoodsMovementStatus: "A",
      DeliveryDocumentBySupplier: "",
    });
    const header = `${DELIVERY}/A_OutbDeliveryHeader('80000000')`;
    const labelled = await write(
      "PATCH",
      header,
      session,
      { DeliveryDocumentBySupplier: "fulfillment-1" },
      { "if-match": created.__metadata.etag ?? "" },
    );
    expect(labelled.status).toBe(204);
    const etag = labelled.headers.get("etag") ?? "";
    expect(etag).toBe((await sap("GET", header)).headers.get("etag"));
    const order = await entityOf(await sap("GET", `${ODATA}/API_SALES_ORDER_SRV/A_SalesOrder('1')`));
    expect(order.OverallDeliveryStatus).toBe("B");

    const issue = `${DELIVERY}/PostGoodsIssue?DeliveryDocument='80000000'`;
    expect((await write("POST", issue, session)).status).toBe(428);
    const stale = await write("POST", issue, session, undefined, {
      "if-match": created.__metadata.etag ?? "",
    });
    expect(stale.status).toBe(412);
    const posted = await write("POST", issue, session, undefined, { "if-match": etag });
    expect(posted.status).toBe(200);
    expect(await entityOf(posted)).toMatchObject({
      OverallGoodsMovementStatus: "C",
      DeliveryDocumentBySupplier: "fulfillment-1",
    });
    const again = await write("POST", issue, session, undefined, { "if-match": "*" });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe("VL/602");
    expect(await unrestricted()).toBe("4.000");

    const over = {
      to_DeliveryDocumentItem: [
        { ReferenceSDDocument: "1", ReferenceSDDocumentItem: "10", ActualDeliveryQuantity: "2" },
      ],
    };
    const refused = await write("POST", `${DELIVERY}/A_OutbDeliveryHeader`, session, over);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("VL/363");
  });

  it("posts 561/562 and 651 material documents and refuses a movement type under the wrong goods movement code", async () => {
    expect((await write("POST", MATDOC, session, movement("561", "3"))).status).toBe(201);
    expect((await write("POST", MATDOC, session, movement("562", "1"))).status).toBe(201);
    expect((await write("POST", MATDOC, session, movement("651", "1"))).status).toBe(201);
    expect(await unrestricted()).toBe("2.000");
    const wrong = await write("POST", MATDOC, session, movement("561", "1", "01"));
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe("M7/160");
    const found = await sap(
      "GET",
      `${MATDOC}?$filter=${encodeURIComponent("MaterialDocumentHeaderText eq 'count 651'")}&$expand=to_MaterialDocumentItem`,
    );
    const json: {
      d: { results: Array<{ MaterialDocument: string; to_MaterialDocumentItem: { results: unknown[] } }> };
    } = await found.json();
    expect(json.d.results).toHaveLength(1);
    expect(json.d.results[0]?.to_MaterialDocumentItem.results).toHaveLength(1);
    expect((await records()).filter((r) => r.recordType === "A_MaterialDocumentHeader")).toHaveLength(3);
  });

  it("refuses stock decreases below zero with M7/021 when stock is enforced", async () => {
    await control("POST", "/settings", { enforceStock: true });
    const res = await write("POST", MATDOC, session, movement("562", "2"));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: {
        code: "M7/021",
        message: { value: "Deficit of SL Unrestricted-use 2.000 EA : TG11 1710 171A" },
      },
    });
  });
});
