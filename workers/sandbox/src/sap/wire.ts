/**
 * What the sandbox's SAP system answers, independent of Hono: the Durable Object builds these
 * synchronously and the routes turn them into Responses. Bodies are text (RPC cannot type open JSON).
 */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** For the request log: what happened, e.g. `created`, `rejected:V1/302`. */
  outcome: string;
}

export function jsonResponse(
  status: number,
  body: unknown,
  outcome: string,
  headers: Record<string, string> = {},
): WireResponse {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", dataserviceversion: "2.0", ...headers },
    body: JSON.stringify(body),
    outcome,
  };
}

export function emptyResponse(
  status: number,
  outcome: string,
  headers: Record<string, string> = {},
): WireResponse {
  return { status, headers: { dataserviceversion: "2.0", ...headers }, body: "", outcome };
}

export function toResponse(wire: WireResponse, head = false): Response {
  const body = head || wire.status === 204 || wire.body === "" ? null : wire.body;
  return new Response(body, { status: wire.status, headers: wire.headers });
}
