import { exports } from "cloudflare:workers";
import { buildAuthorizationHeader, type OAuth1Credentials } from "../../shared/oauth1";
import { TEST_ACCOUNT_ID, TEST_CONTROL_TOKEN, TEST_CREDENTIALS } from "../support/netsuite-credentials";

/** Drives the sandbox worker through its default export, signing like a NetSuite TBA client. */
export const ORIGIN = "https://1234567-sb1.suitetalk.api.netsuite.com";
export const RECORDS = `${ORIGIN}/services/rest/record/v1`;

export interface SignOptions {
  body?: unknown;
  realm?: string;
  nonce?: string;
  timestamp?: number;
  credentials?: OAuth1Credentials;
  /** Sign this URL instead of the one requested (to prove the sandbox checks what it received). */
  signedUrl?: string;
}

export function randomNonce(): string {
  return crypto.randomUUID().replaceAll("-", "");
}

export async function signedRequest(
  method: string,
  url: string,
  options: SignOptions = {},
): Promise<Request> {
  const authorization = await buildAuthorizationHeader({
    method,
    url: options.signedUrl ?? url,
    realm: options.realm ?? TEST_ACCOUNT_ID,
    credentials: options.credentials ?? TEST_CREDENTIALS,
    nonce: options.nonce ?? randomNonce(),
    timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
  });
  const headers = new Headers({ authorization });
  if (options.body !== undefined) headers.set("content-type", "application/json");
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Request(url, { method, headers, body });
}

export async function netsuite(method: string, url: string, options: SignOptions = {}): Promise<Response> {
  return exports.default.fetch(await signedRequest(method, url, options));
}

export async function control(method: string, path: string, body?: unknown): Promise<Response> {
  return exports.default.fetch(
    new Request(`${ORIGIN}/_sandbox/netsuite${path}`, {
      method,
      headers: { authorization: `Bearer ${TEST_CONTROL_TOKEN}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

export interface InspectedRecord {
  recordType: string;
  id: string;
  externalId: string | null;
  body: Record<string, unknown>;
  writeCount: number;
}

export async function inspectRecords(): Promise<InspectedRecord[]> {
  const res = await control("GET", "/records");
  const json: { records: InspectedRecord[] } = await res.json();
  return json.records;
}

export async function inspectRequests(): Promise<
  Array<{ method: string; path: string; status: number; outcome: string }>
> {
  const res = await control("GET", "/requests");
  const json: { requests: Array<{ method: string; path: string; status: number; outcome: string }> } =
    await res.json();
  return json.requests;
}

export function salesOrderBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    entity: { id: "42" },
    tranDate: "2026-11-20",
    currency: { externalId: "USD" },
    otherRefNum: "#1001",
    memo: "mesh test",
    item: { items: [{ item: { externalId: "SKU-RED-M" }, quantity: 2, rate: 19.99, amount: 39.98 }] },
    ...overrides,
  };
}
