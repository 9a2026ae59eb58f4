import { createRoute, z } from "@hono/zod-openapi";
import { requireScope } from "../auth";
import { IdempotencyHeaders, jsonContent as json, Limit, problemsFor } from "../common-schemas";
import { idempotency } from "../idempotency";
import {
  InventoryPolicy,
  ListingParams,
  ListingsBody,
  ListingsQuery,
  ListingView,
  ReconcileBody,
  ReconciliationReport,
  ReconciliationRun,
  RunParams,
} from "./schemas";

const read = { middleware: requireScope("inventory:read"), security: [{ bearerAuth: ["inventory:read"] }] };
const write = {
  middleware: [requireScope("inventory:write"), idempotency],
  security: [{ bearerAuth: ["inventory:write"] }],
};

export const listListingsRoute = createRoute({
  ...read,
  tags: ["inventory"],
  method: "get",
  path: "/v1/inventory/listings",
  summary: "List where channels show SKUs",
  request: { query: ListingsQuery.extend({ limit: Limit }) },
  responses: {
    200: {
      description: "Listings, by store and SKU.",
      content: json(z.object({ items: z.array(ListingView) })),
    },
    ...problemsFor(400, 403, 422),
  },
});

export const putListingsRoute = createRoute({
  ...write,
  tags: ["inventory"],
  method: "put",
  path: "/v1/inventory/listings",
  summary: "Add or change listings",
  description:
    "Each listing names where one store's channel shows one SKU. The SKU's ledger pushes the store's available " +
    "to promise there from now on (a first push follows within seconds). Up to 500 per request; idempotent.",
  request: { headers: IdempotencyHeaders, body: { required: true, content: json(ListingsBody) } },
  responses: {
    200: { description: "The listings as stored.", content: json(z.object({ items: z.array(ListingView) })) },
    ...problemsFor(400, 403, 404, 409, 413, 415, 422),
  },
});

export const deleteListingRoute = createRoute({
  ...write,
  tags: ["inventory"],
  method: "delete",
  path: "/v1/inventory/listings/{storeId}/{sku}",
  summary: "Stop pushing a SKU to a store",
  request: { headers: IdempotencyHeaders, params: ListingParams },
  responses: {
    204: { description: "The listing is gone (or was never there)." },
    ...problemsFor(403, 409, 422),
  },
});

export const getPolicyRoute = createRoute({
  ...read,
  tags: ["inventory"],
  method: "get",
  path: "/v1/inventory/policy",
  summary: "Read allocation rules, safety stock and store settings",
  responses: {
    200: { description: "The inventory policy.", content: json(InventoryPolicy) },
    ...problemsFor(403),
  },
});

export const putPolicyRoute = createRoute({
  ...write,
  tags: ["inventory"],
  method: "put",
  path: "/v1/inventory/policy",
  summary: "Replace allocation rules, safety stock and store settings",
  description:
    "Available to promise per store = per location, on hand minus reserved minus safety stock; nothing from a " +
    "location exclusive to another store; then the store's percent (rounded down) and cap. After a change " +
    "every listed SKU, and every SKU with lines waiting for stock, re-reads it and pushes what moved. Rules shape what channels are shown; a real order may still take any stock " +
    "not promised exclusively to another store.",
  request: { headers: IdempotencyHeaders, body: { required: true, content: json(InventoryPolicy) } },
  responses: {
    200: { description: "The policy as stored.", content: json(InventoryPolicy) },
    ...problemsFor(400, 403, 404, 409, 413, 415, 422),
  },
});

export const runReconciliationRoute = createRoute({
  ...write,
  tags: ["inventory"],
  method: "post",
  path: "/v1/inventory/reconciliations",
  summary: "Reconcile the ledgers with the ERP's last reading now",
  description:
    "Runs the same comparison each read-back runs (every 15 minutes), against the readings in hand. Movements " +
    "whose ERP documents were not done before the reading count as in flight, not as drift.",
  request: { headers: IdempotencyHeaders, body: { required: false, content: json(ReconcileBody) } },
  responses: {
    201: { description: "The run and what it found.", content: json(ReconciliationReport) },
    ...problemsFor(400, 403, 404, 409, 413, 415, 422),
  },
});

export const listReconciliationsRoute = createRoute({
  ...read,
  tags: ["inventory"],
  method: "get",
  path: "/v1/inventory/reconciliations",
  summary: "List reconciliation runs, newest first",
  request: { query: z.object({ limit: Limit }) },
  responses: {
    200: { description: "Runs.", content: json(z.object({ items: z.array(ReconciliationRun) })) },
    ...problemsFor(400, 403, 422),
  },
});

export const getReconciliationRoute = createRoute({
  ...read,
  tags: ["inventory"],
  method: "get",
  path: "/v1/inventory/reconciliations/{id}",
  summary: "A reconciliation run with every location it found out of step",
  request: { params: RunParams },
  responses: {
    200: { description: "The run.", content: json(ReconciliationReport) },
    ...problemsFor(403, 404, 422),
  },
});
