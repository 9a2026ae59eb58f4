import { describe, expect, it } from "vitest";
import { Fulfillment } from "../../shared/canonical";
import { mapShopifyDelivery } from "../../workers/shopify/src/map";
import { ShopifyFulfillment } from "../../workers/shopify/src/schema-fulfillment";
import docsFulfillment from "../fixtures/shopify/fulfillments-create.json";
import failure from "../fixtures/shopify/fulfillments-create-failure.json";
import referenceSample from "../fixtures/shopify/fulfillments-create-reference-sample.json?raw";
import cancelled from "../fixtures/shopify/fulfillments-update-cancelled.json";
import multiPackage from "../fixtures/shopify/fulfillments-update-multi-package.json";
import { intakeMessage, mapEvent } from "./map-support";

const upserted = (payload: unknown, topic = "fulfillments/create") =>
  mapEvent("fulfillment.upserted", topic, payload);

describe("every fulfilment fixture matches the schema and maps to a valid Fulfillment (drift check)", () => {
  it.each([
    ["fulfillments-create", docsFulfillment],
    ["fulfillments-create-failure", failure],
    ["fulfillments-update-cancelled", cancelled],
    ["fulfillments-update-multi-package", multiPackage],
  ])("%s", (_name, fixture) => {
    const parsed = ShopifyFulfillment.safeParse(fixture);
    expect(parsed.success, parsed.error?.message).toBe(true);
    const data = upserted(fixture).data;
    expect(Fulfillment.parse(data)).toEqual(data);
  });
});

describe("fulfillments/create: the docs fulfilment 1069019878 of order 450789469", () => {
  const event = upserted(docsFulfillment);

  it("names the order and its line by Shopify's ids, from Shopify's location, dated by created_at", () => {
    expect(event).toMatchObject({
      type: "fulfillment.upserted",
      id: "shopify:sto_map:fulfillments/create:e5a1c6a6-2f3c-4a5f-9a8c-1d1c1b1a1e10",
      occurredAt: "2025-04-02T11:38:43-05:00",
    });
    expect(event.data).toEqual({
      channel: "shopify",
      storeId: "sto_map",
      orderExternalId: "450789469",
      externalId: "1069019878",
      status: "shipped",
      locationId: "24826418",
      lines: [{ externalLineId: "518995019", sku: "IPOD2008RED", quantity: 1 }],
      packages: [
        {
          carrier: "my-custom-shipping-company",
          service: null,
          trackingNumber: "123456789",
          trackingUrl: "http://my-custom-shipping-company.shopifyapps.com/track/123456",
        },
        // Shopify's example has a second URL but one number: kept, not dropped.
        {
          carrier: "my-custom-shipping-company",
          service: null,
          trackingNumber: null,
          trackingUrl: "http://my-custom-shipping-company.shopifyapps.com/track/789012",
        },
      ],
      shippedAt: "2025-04-02T11:38:43-05:00",
      sourceUpdatedAt: "2025-04-02T11:38:43-05:00",
    });
  });
});

describe("multi-package and partial quantities (#1002 in two UPS parcels)", () => {
  const event = upserted(multiPackage, "fulfillments/update");

  it("one package per tracking number, each with its own URL and the shared carrier", () => {
    expect(event.data.packages).toEqual([
      {
        carrier: "UPS",
        service: null,
        trackingNumber: "1Z001985YW99744790",
        trackingUrl: "https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=1Z001985YW99744790",
      },
      {
        carrier: "UPS",
        service: null,
        trackingNumber: "1Z001985YW99744791",
        trackingUrl: "https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=1Z001985YW99744791",
      },
    ]);
  });

  it("lines carry the units shipped here (1 of the 2 ordered green), delivered per the carrier, dated by updated_at", () => {
    expect(event.data.lines).toEqual([
      { externalLineId: "466157049", sku: "IPOD2008GREEN", quantity: 1 },
      { externalLineId: "518995019", sku: "IPOD2008RED", quantity: 1 },
    ]);
    expect(event.data).toMatchObject({ orderExternalId: "450789470", status: "delivered" });
    expect(event.occurredAt).toBe("2026-03-17T16:40:00-04:00");
  });

  it("a payload with only the singular tracking fields (older versions) is one package", () => {
    const { tracking_numbers: _n, tracking_urls: _u, ...singular } = multiPackage;
    expect(upserted(singular).data.packages).toEqual([
      {
        carrier: "UPS",
        service: null,
        trackingNumber: "1Z001985YW99744790",
        trackingUrl: "https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=1Z001985YW99744790",
      },
    ]);
  });

  it("a carrier without any tracking number still names the carrier; no carrier and no number, no package", () => {
    const bare = {
      ...multiPackage,
      tracking_number: null,
      tracking_numbers: [],
      tracking_url: null,
      tracking_urls: [],
    };
    expect(upserted(bare).data.packages).toEqual([
      { carrier: "UPS", service: null, trackingNumber: null, trackingUrl: null },
    ]);
    expect(upserted({ ...bare, tracking_company: null }).data.packages).toEqual([]);
  });
});

describe("status mapping", () => {
  it.each([
    ["pending", null, "pending"],
    ["open", null, "pending"],
    ["success", null, "shipped"],
    ["success", "in_transit", "shipped"],
    ["success", "delivered", "delivered"],
    ["cancelled", null, "cancelled"],
    ["error", null, "cancelled"],
    ["failure", null, "cancelled"],
  ])("%s with shipment_status %s is %s", (status, shipmentStatus, expected) => {
    const payload = { ...docsFulfillment, status, shipment_status: shipmentStatus };
    expect(upserted(payload).data.status).toBe(expected);
  });

  it("Shopify's failed and cancelled examples are cancelled; odd tracking text is kept as sent", () => {
    expect(upserted(failure).data).toMatchObject({ status: "cancelled", locationId: "655441491" });
    const voided = upserted(cancelled, "fulfillments/update").data;
    expect(voided.status).toBe("cancelled");
    expect(voided.packages[0]?.trackingNumber).toBe("#☠1☢\n---\n4321\n");
  });

  it("a status Shopify may add later is parked as validation, not guessed", () => {
    const result = mapShopifyDelivery(intakeMessage("fulfillments/create"), {
      ...docsFulfillment,
      status: "in_progress",
    });
    expect(result).toMatchObject({
      ok: false,
      kind: "validation",
      reason: "Shopify fulfillments/create payload does not match the fulfillment schema",
    });
  });
});

describe("fulfilments that cannot be mapped are parked, not guessed", () => {
  it("the webhook reference's sample: ids past 2^53 were rounded by JSON.parse, so it is refused", () => {
    const result = mapShopifyDelivery(intakeMessage("fulfillments/create"), JSON.parse(referenceSample));
    expect(result).toMatchObject({ ok: false, kind: "validation" });
    expect(result.ok || result.detail).toContain("an id beyond 2^53 cannot be read exactly");
  });

  it("a fulfilment with no unit on any line", () => {
    const empty = {
      ...docsFulfillment,
      line_items: docsFulfillment.line_items.map((l) => ({ ...l, quantity: 0 })),
    };
    expect(mapShopifyDelivery(intakeMessage("fulfillments/create"), empty)).toEqual({
      ok: false,
      kind: "validation",
      reason: "Shopify fulfillment 1069019878 of order 450789469 ships no units",
      detail: null,
    });
  });
});
