import type { AdapterDeps, PushFailure } from "../erp-adapter";
import { noResponse, responseFailure } from "./classify";
import type { BcConfig } from "./config";
import { bearerToken } from "./token";

/**
 * One call to Business Central's API with the connection's bearer token. A 401 from the API (the
 * token expired or was revoked early) gets exactly one fresh token and one retry; BC refused the
 * first request before processing it, so repeating it cannot write twice. Never throws: every
 * answer is a result or a classified failure.
 */
export type Json = Record<string, unknown>;
export type Step<T> = { ok: true; value: T } | PushFailure;

export interface Answer {
  status: number;
  headers: Headers;
  json: Json | null;
  /** The body as BC sent it, for `detail`. */
  text: string;
}

export interface CallOptions {
  body?: unknown;
  ifMatch?: string;
  headers?: Record<string, string>;
}

export class BcClient {
  constructor(
    readonly config: BcConfig,
    private readonly deps: AdapterDeps,
  ) {}

  /** The raw answer, whatever its status; failures only for no answer or no token. */
  async call(method: string, url: string, options: CallOptions = {}): Promise<Step<Answer>> {
    const first = await this.attempt(method, url, options, false);
    if (!first.ok || first.value.status !== 401) return first;
    return this.attempt(method, url, options, true);
  }

  /** A 2xx answer's JSON (null for 204), or the classified failure. */
  async send(method: string, url: string, options: CallOptions = {}): Promise<Step<Json | null>> {
    const answer = await this.call(method, url, options);
    if (!answer.ok) return answer;
    const { status, headers, json, text } = answer.value;
    if (status >= 200 && status < 300) return { ok: true, value: json };
    return responseFailure(status, headers, text, this.deps.now());
  }

  async get(url: string): Promise<Step<Json>> {
    const result = await this.send("GET", url);
    if (!result.ok) return result;
    return { ok: true, value: result.value ?? {} };
  }

  private async attempt(
    method: string,
    url: string,
    options: CallOptions,
    fresh: boolean,
  ): Promise<Step<Answer>> {
    const token = await bearerToken(this.config, this.deps, fresh);
    if (!token.ok) return token;
    const headers = new Headers({
      authorization: `Bearer ${token.token}`,
      accept: "application/json",
      ...options.headers,
    });
    if (options.body !== undefined) headers.set("content-type", "application/json");
    if (options.ifMatch !== undefined) headers.set("if-match", options.ifMatch);
    try {
      const response = await this.deps.fetch(
        new Request(url, {
          method,
          headers,
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
          signal: AbortSignal.timeout(this.deps.timeoutMs),
        }),
      );
      const text = await response.text();
      return {
        ok: true,
        value: { status: response.status, headers: response.headers, json: parseJson(text), text },
      };
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
      return noResponse(
        timedOut
          ? `no response from Business Central within ${this.deps.timeoutMs} ms`
          : `network error: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
}

function parseJson(text: string): Json | null {
  if (text.trim() === "") return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? (parsed as Json) : null;
  } catch {
    return { unparsed: text };
  }
}

/** A failure that is not BC's answer but the adapter's own finding (e.g. an unexpected shape). */
export function unexpected(message: string): PushFailure {
  return { ok: false, errorClass: "transient", httpStatus: null, message, detail: null };
}
