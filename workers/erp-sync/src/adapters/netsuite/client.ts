import type { AdapterDeps, PushFailure } from "../erp-adapter";
import type { Authorizer } from "./auth";

/**
 * One call to NetSuite REST: authorized (TBA signature over the exact URL fetched, or a bearer token),
 * bounded by the request timeout (body included), and never throwing: it returns what happened. A 401
 * to a bearer token is retried once with a renewed token; a 401 to TBA is final.
 */
export type CallOutcome =
  | { kind: "response"; status: number; headers: Headers; body: string }
  | { kind: "no_response"; timedOut: boolean; message: string }
  /** No request was sent: the credentials could not be obtained (token endpoint refused or down). */
  | { kind: "failed"; failure: PushFailure };

export interface CallOptions {
  body?: unknown;
  query?: Record<string, string>;
  headers?: Record<string, string>;
}

export interface NetSuiteClient {
  readonly baseUrl: string;
  call(method: string, path: string, options?: CallOptions): Promise<CallOutcome>;
}

type Exchange = Exclude<CallOutcome, { kind: "failed" }>;

/** A single fetch with the adapter's timeout, as an outcome. */
export async function fetchOnce(
  deps: Pick<AdapterDeps, "fetch" | "timeoutMs">,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
): Promise<Exchange> {
  try {
    const response = await deps.fetch(
      new Request(url, { ...init, signal: AbortSignal.timeout(deps.timeoutMs) }),
    );
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A JSON object body, or null for anything else (never throws). */
export function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

export function createClient(baseUrl: string, authorizer: Authorizer, deps: AdapterDeps): NetSuiteClient {
  async function attempt(
    method: string,
    url: string,
    options: CallOptions,
    retryOn401: boolean,
  ): Promise<CallOutcome> {
    const auth = await authorizer.header(method, url);
    if (!auth.ok) return { kind: "failed", failure: auth.failure };
    const outcome = await fetchOnce(deps, url, {
      method,
      headers: {
        authorization: auth.value,
        accept: "application/json",
        ...(options.body === undefined ? {} : { "content-type": "application/json" }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    if (retryOn401 && outcome.kind === "response" && outcome.status === 401 && authorizer.renew(auth.value)) {
      return attempt(method, url, options, false);
    }
    return outcome;
  }
  return {
    baseUrl,
    call(method, path, options = {}) {
      const query =
        options.query && Object.keys(options.query).length > 0
          ? `?${new URLSearchParams(options.query)}`
          : "";
      return attempt(method, `${baseUrl}${path}${query}`, options, true);
    },
  };
}
