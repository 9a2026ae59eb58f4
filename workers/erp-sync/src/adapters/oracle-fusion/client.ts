import type { AdapterDeps } from "../erp-adapter";
import type { OracleConfig } from "./config";

/**
 * One call to Fusion REST with Basic auth. Requests ask for `REST-Framework-Version: 4`, so errors
 * come back as ADF error JSON where the resource supports it (older shapes and plain-text bodies are
 * still understood by the classifier); bodies go as `application/vnd.oracle.adf.resourceitem+json`.
 * The whole exchange is bounded by the request timeout. Never throws.
 */
export const ITEM_MEDIA_TYPE = "application/vnd.oracle.adf.resourceitem+json";
export const FRAMEWORK_VERSION = "4";

export type CallOutcome =
  | { kind: "response"; status: number; headers: Headers; body: string }
  | { kind: "no_response"; timedOut: boolean; message: string };

export type Json = Record<string, unknown>;

export async function callOracle(
  config: OracleConfig,
  deps: AdapterDeps,
  method: "GET" | "POST" | "PATCH",
  url: string,
  body?: Json,
): Promise<CallOutcome> {
  const headers: Record<string, string> = {
    authorization: config.authorization,
    "rest-framework-version": FRAMEWORK_VERSION,
    accept: "application/json",
  };
  if (body !== undefined) headers["content-type"] = ITEM_MEDIA_TYPE;
  const request = new Request(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(deps.timeoutMs),
  });
  try {
    const response = await deps.fetch(request);
    return {
      kind: "response",
      status: response.status,
      headers: response.headers,
      body: await response.text(),
    };
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    const message = timedOut
      ? `no response within ${deps.timeoutMs} ms`
      : `network error: ${err instanceof Error ? err.message : String(err)}`;
    return { kind: "no_response", timedOut, message };
  }
}

export function parseJson(body: string): Json | null {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Json) : null;
  } catch {
    return null;
  }
}
