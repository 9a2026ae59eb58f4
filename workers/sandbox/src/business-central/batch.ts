import { type ApiContext, type ApiRequest, type ApiResult, executeApi } from "./api";
import type { ApiRoot } from "./entity-set";
import type { Json } from "./entity-store";
import { type BcError, badRequest, errorBody, TOO_MANY_BATCH_PARTS } from "./errors";

/**
 * JSON `$batch` (OData 4.01 JSON batch, as BC serves it at `<api root>/$batch`): up to 100
 * operations run in order. Without `Isolation: snapshot` each operation commits on its own and the
 * batch stops at the first failure, answering the operations up to it (kauffmann.nl, "Batch calls
 * with Business Central (2)"). With it, the whole batch is one transaction: a failure rolls back
 * every operation, while the responses still show each one's own status (Microsoft Learn,
 * "Using OData transactional $batch requests"). The batch itself answers 200 either way.
 */
export const MAX_BATCH_OPERATIONS = 100;

export interface BatchOperation {
  id: string | null;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Json | null;
}

export interface BatchResponse {
  id: string | null;
  status: number;
  headers: Record<string, string>;
  body?: Json;
}

export function parseBatch(body: unknown): BatchOperation[] | BcError {
  const requests = typeof body === "object" && body !== null ? (body as Json).requests : undefined;
  if (!Array.isArray(requests)) return badRequest("Invalid Request Body");
  if (requests.length > MAX_BATCH_OPERATIONS) return TOO_MANY_BATCH_PARTS;
  const ops: BatchOperation[] = [];
  for (const raw of requests) {
    if (typeof raw !== "object" || raw === null) return badRequest("Invalid Request Body");
    const r = raw as Json;
    if (typeof r.method !== "string" || typeof r.url !== "string") return badRequest("Invalid Request Body");
    const headers: Record<string, string> = {};
    if (typeof r.headers === "object" && r.headers !== null) {
      for (const [k, v] of Object.entries(r.headers as Json))
        if (typeof v === "string") headers[k.toLowerCase()] = v;
    }
    const opBody = typeof r.body === "object" && r.body !== null ? (r.body as Json) : null;
    ops.push({
      id: typeof r.id === "string" ? r.id : null,
      method: r.method,
      url: r.url,
      headers,
      body: opBody,
    });
  }
  return ops;
}

/** An operation's URL is relative to the API root (`companies(...)/salesOrders`) or absolute. */
export function operationRequest(op: BatchOperation, api: ApiRoot, rootUrl: string): ApiRequest {
  const marker = `/api/${api}/`;
  const absolute = /^https?:\/\//.test(op.url);
  const full = new URL(absolute ? op.url : `${rootUrl}/${op.url.replace(/^\//, "")}`);
  const at = full.pathname.indexOf(marker);
  const path = at >= 0 ? full.pathname.slice(at + marker.length) : full.pathname;
  return {
    method: op.method,
    api,
    path,
    query: Object.fromEntries(full.searchParams),
    ifMatch: op.headers["if-match"] ?? null,
    body: op.body,
    url: full.toString(),
  };
}

export function toBatchResponse(op: BatchOperation, result: ApiResult): BatchResponse {
  const headers: Record<string, string> =
    result.body === null
      ? {}
      : { "content-type": "application/json; odata.metadata=minimal", "odata-version": "4.0" };
  return {
    id: op.id,
    status: result.status,
    headers,
    ...(result.body === null ? {} : { body: result.body }),
  };
}

/** Thrown inside a snapshot transaction to roll it back, carrying the answers given so far. */
export class RollbackBatch extends Error {
  constructor(readonly responses: BatchResponse[]) {
    super("batch rolled back");
  }
}

export function runOperations(
  ctx: ApiContext,
  ops: BatchOperation[],
  api: ApiRoot,
  rootUrl: string,
  snapshot: boolean,
  transaction: <T>(fn: () => T) => T,
): BatchResponse[] {
  const responses: BatchResponse[] = [];
  if (snapshot) {
    try {
      transaction(() => {
        for (const op of ops) {
          const response = toBatchResponse(op, executeApi(ctx, operationRequest(op, api, rootUrl)));
          responses.push(response);
          if (response.status >= 400) throw new RollbackBatch(responses);
        }
      });
    } catch (err) {
      if (!(err instanceof RollbackBatch)) throw err;
    }
    return responses;
  }
  for (const op of ops) {
    const result = runOne(ctx, operationRequest(op, api, rootUrl), transaction);
    responses.push(toBatchResponse(op, result));
    if (result.status >= 400) break;
  }
  return responses;
}

class RollbackOne extends Error {
  constructor(readonly result: ApiResult) {
    super("request rolled back");
  }
}

/** One request in its own transaction: kept whole on success, undone whole on failure. */
export function runOne(ctx: ApiContext, req: ApiRequest, transaction: <T>(fn: () => T) => T): ApiResult {
  try {
    return transaction(() => {
      const result = executeApi(ctx, req);
      if (result.status >= 400) throw new RollbackOne(result);
      return result;
    });
  } catch (err) {
    if (err instanceof RollbackOne) return err.result;
    return {
      status: 500,
      body: errorBody({ status: 500, code: "Internal_ServerError", message: String(err) }),
    };
  }
}
