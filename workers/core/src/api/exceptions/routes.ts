import { createRoute } from "@hono/zod-openapi";
import { requireScope } from "../auth";
import { jsonContent as json, pageOf, problemsFor } from "../common-schemas";
import {
  ExceptionDetail,
  ExceptionIdParams,
  ExceptionSummary,
  ListExceptionsQuery,
  ReplayAnswer,
} from "./schemas";

const read = {
  tags: ["exceptions"],
  middleware: requireScope("exceptions:read"),
  security: [{ bearerAuth: ["exceptions:read"] }],
};

export const listExceptionsRoute = createRoute({
  ...read,
  method: "get",
  path: "/v1/exceptions",
  summary: "List parked exceptions",
  description: "Newest first: dead letters, messages that failed validation or mapping, ERP errors.",
  request: { query: ListExceptionsQuery },
  responses: {
    200: { description: "A page of exceptions.", content: json(pageOf(ExceptionSummary, "ExceptionPage")) },
    ...problemsFor(400, 403, 422),
  },
});

export const getExceptionRoute = createRoute({
  ...read,
  method: "get",
  path: "/v1/exceptions/{id}",
  summary: "Get an exception with its detail and payload",
  request: { params: ExceptionIdParams },
  responses: {
    200: { description: "The exception.", content: json(ExceptionDetail) },
    ...problemsFor(403, 404, 422),
  },
});

export const replayExceptionRoute = createRoute({
  tags: ["exceptions"],
  middleware: requireScope("exceptions:write"),
  security: [{ bearerAuth: ["exceptions:write"] }],
  method: "post",
  path: "/v1/exceptions/{id}/replay",
  summary: "Replay an exception",
  description:
    "A dead letter or invalid message goes back onto the queue it died on; a parked ERP push is made " +
    "due again from attempt zero. Consumers are idempotent, so replaying something that did get " +
    "through changes nothing. Only open exceptions can be replayed (409 otherwise).",
  request: { params: ExceptionIdParams },
  responses: {
    202: { description: "Replayed; the outcome shows in the order's trace.", content: json(ReplayAnswer) },
    ...problemsFor(403, 404, 409, 422),
  },
});
