import { createRoute } from "@hono/zod-openapi";
import { requireScope } from "../auth";
import { IdempotencyHeaders, jsonContent as json, problemsFor } from "../common-schemas";
import { idempotency } from "../idempotency";
import { AdjustmentAnswer, AdjustmentBody, InventoryView, SkuParams } from "./schemas";

export const getInventoryRoute = createRoute({
  tags: ["inventory"],
  middleware: requireScope("inventory:read"),
  security: [{ bearerAuth: ["inventory:read"] }],
  method: "get",
  path: "/v1/inventory/{sku}",
  summary: "Read a SKU's ledger",
  description:
    "On hand per location, reserved, available and every line's reservation, read from the SKU's ledger.",
  request: { params: SkuParams },
  responses: {
    200: { description: "The SKU's ledger.", content: json(InventoryView) },
    ...problemsFor(403, 422),
  },
});

export const adjustInventoryRoute = createRoute({
  tags: ["inventory"],
  middleware: [requireScope("inventory:write"), idempotency],
  security: [{ bearerAuth: ["inventory:write"] }],
  method: "post",
  path: "/v1/inventory/adjustments",
  summary: "Adjust a SKU's stock",
  description:
    "A count (`set`) or a change (`delta`) at one location, applied once per Idempotency-Key (required: " +
    "a retried delta without one could be applied twice). A count with a `sequence` older than the last " +
    "one applied is recorded and not applied, so late ERP or warehouse counts converge.",
  request: {
    headers: IdempotencyHeaders,
    body: { content: json(AdjustmentBody), required: true },
  },
  responses: {
    200: { description: "The adjustment and the SKU's ledger after it.", content: json(AdjustmentAnswer) },
    ...problemsFor(400, 403, 409, 413, 415, 422),
  },
});
