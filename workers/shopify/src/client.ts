import type { z } from "zod";

/**
 * The Admin API version every outbound call names. From 2026-04 on, `inventorySetQuantities` needs
 * `changeFromQuantity` on each quantity and an `@idempotent` key (admin-documents.ts).
 */
export const ADMIN_API_VERSION = "2026-10";

/** `fetch` as the client uses it; tests and the sandbox can hand in their own. */
export type FetchLike = (request: Request) => Promise<Response>;

/** Longer than Shopify takes to answer one small query or mutation; past it the call is retried. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Used when a throttled answer says neither Retry-After nor how far the bucket is short. */
const DEFAULT_THROTTLE_SECONDS = 2;
const MAX_THROTTLE_SECONDS = 60;

/**
 * Why a call did not yield data, sorted by what the caller does about it: wait for the bucket
 * (`throttled`), fix the store's token or scopes (`unauthorized`), try again (`transient`), or
 * give up on this request as it is (`refused`: Shopify answered and will answer the same again).
 */
export type AdminFailure =
  | { kind: "throttled"; retryAfterSeconds: number; detail: string }
  | { kind: "unauthorized"; status: number; detail: string }
  | { kind: "transient"; status: number | null; detail: string }
  | { kind: "refused"; status: number; detail: string };

export type AdminResult<T> = { ok: true; data: T } | { ok: false; failure: AdminFailure };

export interface AdminClient {
  /** One GraphQL document with its variables; `data` is checked against `schema`. */
  request<T>(
    document: string,
    variables: Record<string, unknown>,
    schema: z.ZodType<T>,
  ): Promise<AdminResult<T>>;
}

export interface AdminClientOptions {
  /** `SHOPIFY_ADMIN_BASE_URL`: a URL template in which `{shop}` stands for the shop domain. */
  baseUrl: string;
  shopDomain: string;
  accessToken: string;
  fetch?: FetchLike;
}

/** `<base with {shop} replaced>/admin/api/<version>/graphql.json`, Shopify's own path. */
export function adminGraphqlUrl(baseUrl: string, shopDomain: string, version = ADMIN_API_VERSION): string {
  const base = baseUrl.split("{shop}").join(encodeURIComponent(shopDomain)).replace(/\/+$/, "");
  return `${base}/admin/api/${version}/graphql.json`;
}

/**
 * A GraphQL Admin API client for one shop: `POST …/graphql.json` with `X-Shopify-Access-Token` and
 * a JSON `{query, variables}` body, as Shopify documents it. It never throws and never puts the
 * token anywhere but that header: failures carry the status and Shopify's own messages only.
 */
export function createAdminClient(options: AdminClientOptions): AdminClient {
  const url = adminGraphqlUrl(options.baseUrl, options.shopDomain);
  // Looked up per call, not captured: the global can be replaced after the client is made.
  const send: FetchLike = options.fetch ?? ((request) => fetch(request));
  return {
    async request(document, variables, schema) {
      const request = new Request(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          "x-shopify-access-token": options.accessToken,
        },
        body: JSON.stringify({ query: document, variables }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      let response: Response;
      try {
        response = await send(request);
      } catch (err) {
        return fail({ kind: "transient", status: null, detail: `request failed: ${messageOf(err)}` });
      }
      return readResponse(response, schema);
    },
  };
}

async function readResponse<T>(response: Response, schema: z.ZodType<T>): Promise<AdminResult<T>> {
  const { status } = response;
  const text = await response.text().catch(() => "");
  const body = parseJson(text);
  const detail = `HTTP ${status}: ${clip(text)}`;
  if (status === 429) {
    const seconds = retryAfterSeconds(response.headers.get("retry-after")) ?? throttleSeconds(body);
    return fail({ kind: "throttled", retryAfterSeconds: seconds, detail });
  }
  if (status === 401 || status === 403) return fail({ kind: "unauthorized", status, detail });
  if (status >= 500) return fail({ kind: "transient", status, detail });
  if (status < 200 || status >= 300) return fail({ kind: "refused", status, detail });
  if (!isRecord(body)) return fail({ kind: "transient", status, detail: `not a JSON object: ${clip(text)}` });

  const errors = graphqlErrors(body.errors);
  if (errors.length > 0) {
    const codes = errors.map((e) => e.code);
    const message = `GraphQL errors: ${clip(errors.map((e) => `${e.code ?? "-"} ${e.message}`).join("; "))}`;
    if (codes.includes("THROTTLED"))
      return fail({ kind: "throttled", retryAfterSeconds: throttleSeconds(body), detail: message });
    if (codes.includes("ACCESS_DENIED")) return fail({ kind: "unauthorized", status, detail: message });
    if (codes.includes("INTERNAL_SERVER_ERROR")) return fail({ kind: "transient", status, detail: message });
    return fail({ kind: "refused", status, detail: message });
  }
  const data = schema.safeParse(body.data);
  if (!data.success)
    return fail({ kind: "refused", status, detail: `unexpected data: ${clip(data.error.message)}` });
  return { ok: true, data: data.data };
}

/**
 * Seconds until the bucket holds what the throttled query asked for: Shopify answers a throttled
 * call with `extensions.cost` (requested cost, and `throttleStatus` with what is available now and
 * the points restored per second).
 */
export function throttleSeconds(body: unknown): number {
  const cost = isRecord(body) && isRecord(body.extensions) ? body.extensions.cost : null;
  if (!isRecord(cost) || !isRecord(cost.throttleStatus)) return DEFAULT_THROTTLE_SECONDS;
  const requested = Number(cost.requestedQueryCost);
  const available = Number(cost.throttleStatus.currentlyAvailable);
  const restoreRate = Number(cost.throttleStatus.restoreRate);
  if (![requested, available, restoreRate].every(Number.isFinite) || restoreRate <= 0)
    return DEFAULT_THROTTLE_SECONDS;
  const seconds = Math.ceil(Math.max(0, requested - available) / restoreRate);
  return Math.min(MAX_THROTTLE_SECONDS, Math.max(1, seconds));
}

/** `Retry-After` as delay-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  const seconds = /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : (Date.parse(trimmed) - now) / 1000;
  if (Number.isNaN(seconds)) return null;
  return Math.min(MAX_THROTTLE_SECONDS, Math.max(1, Math.ceil(seconds)));
}

/** GraphQL `errors`: an array of `{message, extensions: {code}}`; Shopify's auth errors are a bare string. */
function graphqlErrors(errors: unknown): { message: string; code: string | null }[] {
  if (errors === undefined || errors === null) return [];
  if (typeof errors === "string") return [{ message: errors, code: null }];
  if (!Array.isArray(errors)) return [{ message: JSON.stringify(errors), code: null }];
  return errors.map((e) => {
    const record = isRecord(e) ? e : {};
    const code = isRecord(record.extensions) ? record.extensions.code : undefined;
    return { message: String(record.message ?? ""), code: typeof code === "string" ? code : null };
  });
}

function fail(failure: AdminFailure): { ok: false; failure: AdminFailure } {
  return { ok: false, failure };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function clip(text: string): string {
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
