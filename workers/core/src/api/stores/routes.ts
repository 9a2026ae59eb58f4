import { createRoute } from "@hono/zod-openapi";
import { requireScope } from "../auth";
import { IdempotencyHeaders, jsonContent as json, pageOf, problemsFor } from "../common-schemas";
import { idempotency } from "../idempotency";
import {
  AdminTokenBody,
  CreateStoreBody,
  ListStoresQuery,
  RotatedStore,
  RotateSecretBody,
  Store,
  StoreIdParams,
} from "./schemas";

export const createStoreRoute = createRoute({
  method: "post",
  path: "/v1/stores",
  tags: ["stores"],
  summary: "Onboard a store",
  description:
    "Registers a channel store and its webhook secret, and answers with the webhook URL to configure in the channel. " +
    "Send an `Idempotency-Key` header to make retries safe.",
  middleware: [requireScope("stores:write"), idempotency],
  security: [{ bearerAuth: ["stores:write"] }],
  request: {
    headers: IdempotencyHeaders,
    body: { required: true, content: json(CreateStoreBody) },
  },
  responses: {
    201: { description: "The store was created.", content: json(Store) },
    ...problemsFor(400, 403, 409, 413, 415, 422),
  },
});

export const listStoresRoute = createRoute({
  method: "get",
  path: "/v1/stores",
  tags: ["stores"],
  summary: "List stores",
  middleware: requireScope("stores:read"),
  security: [{ bearerAuth: ["stores:read"] }],
  request: { query: ListStoresQuery },
  responses: {
    200: { description: "A page of stores, newest first.", content: json(pageOf(Store, "StorePage")) },
    ...problemsFor(400, 403, 422),
  },
});

export const getStoreRoute = createRoute({
  method: "get",
  path: "/v1/stores/{id}",
  tags: ["stores"],
  summary: "Get a store",
  middleware: requireScope("stores:read"),
  security: [{ bearerAuth: ["stores:read"] }],
  request: { params: StoreIdParams },
  responses: {
    200: { description: "The store.", content: json(Store) },
    ...problemsFor(403, 404, 422),
  },
});

export const rotateSecretRoute = createRoute({
  method: "post",
  path: "/v1/stores/{id}/webhook-secret",
  tags: ["stores"],
  summary: "Rotate a store's webhook secret",
  description:
    "Stores the new secret (sealed) and keeps the previous one verifying for an hour, since Shopify can take " +
    "that long to sign with a new client secret. Neither secret is ever returned.",
  middleware: [requireScope("stores:write"), idempotency],
  security: [{ bearerAuth: ["stores:write"] }],
  request: {
    headers: IdempotencyHeaders,
    params: StoreIdParams,
    body: { required: true, content: json(RotateSecretBody) },
  },
  responses: {
    200: { description: "The secret was rotated.", content: json(RotatedStore) },
    ...problemsFor(400, 403, 404, 409, 413, 415, 422),
  },
});

export const setAdminTokenRoute = createRoute({
  method: "put",
  path: "/v1/stores/{id}/admin-access-token",
  tags: ["stores"],
  summary: "Set a store's Admin API access token",
  description:
    "Replaces the token inventory pushes use (sealed, bound to the store; never returned). Pushes that failed " +
    "for want of a token were parked; setting it pushes every listing of the store again, so nothing needs a replay.",
  middleware: [requireScope("stores:write"), idempotency],
  security: [{ bearerAuth: ["stores:write"] }],
  request: {
    headers: IdempotencyHeaders,
    params: StoreIdParams,
    body: { required: true, content: json(AdminTokenBody) },
  },
  responses: {
    200: { description: "The token was stored.", content: json(Store) },
    ...problemsFor(400, 403, 404, 409, 413, 415, 422),
  },
});
