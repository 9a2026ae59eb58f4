import type { FetchLike } from "../erp-adapter";

/**
 * One JSON-RPC 1.0 call to trytond, as its dispatcher answers it (trytond/protocols/dispatcher.py and
 * jsonrpc.py): `POST <baseUrl>/<database>/` with `{"id", "method", "params"}`. A call that ran
 * answers 200 with `{"id", "result"}`, or 200 with `{"id", "error"}` where `error` is the exception's
 * args (`["UserError", [message, description, domain]]`, `["ConcurrencyException", message]`, or
 * `[text, traceback]` for an unexpected exception). Before dispatch the server answers with a bare
 * HTTP status instead: 401 for a missing, unknown or expired session and for a refused login, 403
 * for a method that is not exposed, 404 for an unknown database, 429 after too many failed logins.
 * Returns what happened; never throws.
 */
export type RpcOutcome =
  | { kind: "result"; value: unknown }
  | { kind: "error"; error: unknown; body: string }
  | { kind: "http"; status: number; headers: Headers; body: string }
  | { kind: "no_response"; timedOut: boolean; message: string };

export interface RpcDeps {
  fetch: FetchLike;
  timeoutMs: number;
}

let nextId = 0;

export async function callRpc(
  deps: RpcDeps,
  url: string,
  authorization: string | null,
  method: string,
  params: readonly unknown[],
): Promise<RpcOutcome> {
  nextId += 1;
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (authorization) headers.authorization = authorization;
  const request = new Request(url, {
    method: "POST",
    headers,
    body: JSON.stringify({ id: nextId, method, params }),
    signal: AbortSignal.timeout(deps.timeoutMs),
  });
  try {
    const response = await deps.fetch(request);
    const body = await response.text();
    if (response.status !== 200)
      return { kind: "http", status: response.status, headers: response.headers, body };
    return parseEnvelope(body, response.headers);
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    const message = timedOut
      ? `no response within ${deps.timeoutMs} ms`
      : `network error: ${err instanceof Error ? err.message : String(err)}`;
    return { kind: "no_response", timedOut, message };
  }
}

function parseEnvelope(body: string, headers: Headers): RpcOutcome {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    // A 200 that is not JSON-RPC is not trytond's answer (a proxy page): treat like a bad gateway.
    return { kind: "http", status: 502, headers, body };
  }
  if (typeof parsed === "object" && parsed !== null) {
    if ("error" in parsed && parsed.error != null) return { kind: "error", error: parsed.error, body };
    if ("result" in parsed) return { kind: "result", value: parsed.result };
  }
  return { kind: "http", status: 502, headers, body };
}
