import type { PushFailure } from "../erp-adapter";
import { responseFailure } from "./classify";
import { type BcClient, type Json, type Step, unexpected } from "./client";

/**
 * JSON `$batch` with `Isolation: snapshot`: the operations of one document run as one BC
 * transaction, so a retry after a lost answer finds either all of them done or none (Microsoft
 * Learn, "Using OData transactional $batch requests"). BC allows at most 100 operations per batch;
 * the adapter never builds more, and refuses a document that would need more as a validation error.
 */
export const MAX_OPERATIONS = 100;

export interface Operation {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Relative to the API root, e.g. `companies(<id>)/salesOrders(<id>)`. */
  url: string;
  body?: Json;
  ifMatch?: string;
}

export async function runSnapshotBatch(
  client: BcClient,
  root: string,
  ops: Operation[],
  now: number,
): Promise<Step<Json[]>> {
  if (ops.length > MAX_OPERATIONS) {
    return {
      ok: false,
      errorClass: "validation",
      httpStatus: null,
      message: `this document needs ${ops.length} Business Central operations; one $batch takes at most ${MAX_OPERATIONS}`,
      detail: null,
    };
  }
  const requests = ops.map((op, index) => ({
    id: String(index + 1),
    method: op.method,
    url: op.url,
    headers: {
      "Content-Type": "application/json",
      ...(op.ifMatch === undefined ? {} : { "If-Match": op.ifMatch }),
    },
    ...(op.body === undefined ? {} : { body: op.body }),
  }));
  const answer = await client.send("POST", `${root}/$batch`, {
    body: { requests },
    headers: { isolation: "snapshot" },
  });
  if (!answer.ok) return answer;
  const responses = answer.value?.responses;
  if (!Array.isArray(responses)) return unexpected("Business Central answered a $batch without responses");
  const failed = (responses as Json[]).find((r) => typeof r.status === "number" && r.status >= 400);
  if (failed) return operationFailure(failed, now);
  if (responses.length < ops.length)
    return unexpected("Business Central answered fewer operations than were sent");
  return {
    ok: true,
    value: (responses as Json[]).map((r) =>
      typeof r.body === "object" && r.body !== null ? (r.body as Json) : {},
    ),
  };
}

function operationFailure(response: Json, now: number): PushFailure {
  const status = typeof response.status === "number" ? response.status : 500;
  const headers = new Headers();
  if (typeof response.headers === "object" && response.headers !== null) {
    for (const [k, v] of Object.entries(response.headers)) if (typeof v === "string") headers.set(k, v);
  }
  const body = response.body === undefined ? "" : JSON.stringify(response.body);
  const failure = responseFailure(status, headers, body, now);
  return { ...failure, message: `${failure.message} (in a $batch; nothing of it was kept)`.slice(0, 500) };
}

/** Entity path below the API root, for operations inside a batch. */
export function relative(companyId: string, path: string): string {
  return `companies(${companyId})/${path}`;
}
