import { createRoute, z } from "@hono/zod-openapi";
import { requireScope } from "../auth";
import { IdempotencyHeaders, jsonContent as json, problemsFor } from "../common-schemas";
import { idempotency } from "../idempotency";
import {
  Connection,
  ConnectionIdParams,
  CreateConnectionBody,
  MappingParams,
  MappingRow,
  MappingsQuery,
  PutMappingsBody,
  UpdateConnectionBody,
} from "./schemas";

const tags = ["erp"];
const write = {
  middleware: [requireScope("erp:write"), idempotency],
  security: [{ bearerAuth: ["erp:write"] }],
};
const read = { middleware: requireScope("erp:read"), security: [{ bearerAuth: ["erp:read"] }] };

export const createConnectionRoute = createRoute({
  method: "post",
  path: "/v1/erp-connections",
  tags,
  summary: "Add an ERP connection",
  description:
    "Validates settings and credentials against the ERP kind; credentials are sealed and never returned.",
  ...write,
  request: { headers: IdempotencyHeaders, body: { required: true, content: json(CreateConnectionBody) } },
  responses: {
    201: { description: "The connection.", content: json(Connection) },
    ...problemsFor(400, 403, 409, 413, 415, 422),
  },
});

export const listConnectionsRoute = createRoute({
  method: "get",
  path: "/v1/erp-connections",
  tags,
  summary: "List ERP connections",
  ...read,
  responses: {
    200: { description: "Every connection.", content: json(z.object({ items: z.array(Connection) })) },
    ...problemsFor(403),
  },
});

export const getConnectionRoute = createRoute({
  method: "get",
  path: "/v1/erp-connections/{id}",
  tags,
  summary: "Get an ERP connection",
  ...read,
  request: { params: ConnectionIdParams },
  responses: { 200: { description: "The connection.", content: json(Connection) }, ...problemsFor(403, 404) },
});

export const updateConnectionRoute = createRoute({
  method: "patch",
  path: "/v1/erp-connections/{id}",
  tags,
  summary: "Change an ERP connection",
  description: "The result is validated as a whole; `isDefault: true` moves the default here.",
  ...write,
  request: {
    headers: IdempotencyHeaders,
    params: ConnectionIdParams,
    body: { required: true, content: json(UpdateConnectionBody) },
  },
  responses: {
    200: { description: "The connection.", content: json(Connection) },
    ...problemsFor(400, 403, 404, 409, 413, 415, 422),
  },
});

export const listMappingsRoute = createRoute({
  method: "get",
  path: "/v1/erp-connections/{id}/mappings",
  tags,
  summary: "List a connection's mappings",
  ...read,
  request: { params: ConnectionIdParams, query: MappingsQuery },
  responses: {
    200: { description: "The mappings.", content: json(z.object({ items: z.array(MappingRow) })) },
    ...problemsFor(403, 404, 422),
  },
});

export const putMappingsRoute = createRoute({
  method: "put",
  path: "/v1/erp-connections/{id}/mappings",
  tags,
  summary: "Upsert mappings",
  ...write,
  request: {
    headers: IdempotencyHeaders,
    params: ConnectionIdParams,
    body: { required: true, content: json(PutMappingsBody) },
  },
  responses: {
    200: {
      description: "The connection's mappings after the change.",
      content: json(z.object({ items: z.array(MappingRow) })),
    },
    ...problemsFor(400, 403, 404, 409, 413, 415, 422),
  },
});

export const deleteMappingRoute = createRoute({
  method: "delete",
  path: "/v1/erp-connections/{id}/mappings/{kind}/{key}",
  tags,
  summary: "Remove a mapping",
  ...write,
  request: { headers: IdempotencyHeaders, params: MappingParams },
  responses: { 204: { description: "Removed (or there was none)." }, ...problemsFor(403, 404, 422) },
});
