import { createExecutionContext } from "cloudflare:test";
import type { ErpConnectionOf, ErpDocument, ErpMappings } from "../../shared/erp";
import { connectionFor, documentKey, emptyMappings } from "../../shared/erp";
import type { OutboxClaim } from "../../shared/internal-api";
import type { ErpAdapter, FetchLike } from "../../workers/erp-sync/src/adapters/erp-adapter";
import { createNetSuiteAdapter } from "../../workers/erp-sync/src/adapters/netsuite/adapter";
import { app as sandboxApp } from "../../workers/sandbox/src/app";
import { TEST_ACCOUNT_ID, TEST_CONTROL_TOKEN, TEST_CREDENTIALS } from "../support/netsuite-credentials";
import { M2M_SANDBOX_BINDINGS, m2mCredentials } from "../support/netsuite-m2m";
import { sandboxEnv, sandboxFetch, sandboxRequest, sandboxRequests } from "./sandbox-env";

export { sandboxFetch, sandboxRequests };

/**
 * The sandbox NetSuite account as erp-sync tests drive it: control calls, adapters on TBA or M2M
 * connections built with `connectionFor`, and claims for any document.
 */
async function control(method: string, path: string, body?: unknown): Promise<Response> {
  const request = new Request(`http://sandbox.test/_sandbox/netsuite${path}`, {
    method,
    headers: { authorization: `Bearer ${TEST_CONTROL_TOKEN}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const res = await sandboxRequest(request);
  if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

export async function resetSandbox(): Promise<void> {
  await control("POST", "/reset");
}

export async function injectFault(plan: Record<string, unknown>): Promise<void> {
  await control("POST", "/faults", plan);
}

export async function sandboxSettings(settings: Record<string, unknown>): Promise<void> {
  await control("POST", "/settings", settings);
}

export async function expireTokens(): Promise<void> {
  await control("POST", "/tokens/expire");
}

export async function sandboxStats(): Promise<{
  requests: number;
  refused: Record<string, number>;
  limitViolations: number;
}> {
  return (await control("GET", "/stats")).json();
}

export interface SandboxRecord {
  recordType: string;
  id: string;
  externalId: string | null;
  key: string | null;
  body: Record<string, unknown>;
  writeCount: number;
}

export async function sandboxRecords(type?: string): Promise<SandboxRecord[]> {
  const json: { records: SandboxRecord[] } = await (await control("GET", "/records")).json();
  return type ? json.records.filter((r) => r.recordType === type) : json.records;
}

export async function sandboxLog(): Promise<
  Array<{ method: string; path: string; status: number; outcome: string }>
> {
  const json: { requests: Array<{ method: string; path: string; status: number; outcome: string }> } = await (
    await control("GET", "/requests")
  ).json();
  return json.requests;
}

/** Like `sandboxFetch`, with the account's M2M integration configured (M2M_SANDBOX_BINDINGS). */
export function m2mSandboxFetch(request: Request): Promise<Response> {
  sandboxRequests.push(`${request.method} ${request.url}`);
  const env = { ...sandboxEnv(), ...M2M_SANDBOX_BINDINGS };
  const { signal } = request;
  const answer = Promise.resolve(sandboxApp.fetch(request, env, createExecutionContext()));
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    answer.then(resolve, reject);
  });
}

type NetSuiteConnection = ErpConnectionOf<"netsuite">;
const settings: NetSuiteConnection["settings"] = {
  accountId: TEST_ACCOUNT_ID,
  baseUrl: null,
  advancedShipping: true,
  subsidiaryId: null,
};

export function tbaConnection(mappings: ErpMappings = emptyMappings(), revision = 1) {
  return connectionFor(
    { kind: "netsuite", settings, credentials: { auth: "tba", ...TEST_CREDENTIALS } },
    { mappings, revision, id: "erp_netsuite_tba" },
  );
}

export function m2mConnection(algorithm: "PS256" | "ES256", revision = 1, id = `erp_netsuite_${algorithm}`) {
  return connectionFor(
    { kind: "netsuite", settings, credentials: m2mCredentials(algorithm) },
    { revision, id },
  );
}

/** An adapter on the in-process sandbox; 4 s: held answers time out soon, a loaded CI machine still answers in time. */
export function netsuiteAdapter(
  connection: NetSuiteConnection = tbaConnection(),
  fetch: FetchLike = sandboxFetchFor(connection),
  timeoutMs = 4000,
): ErpAdapter {
  return createNetSuiteAdapter(connection, { fetch, now: () => Date.now(), timeoutMs });
}

function sandboxFetchFor(connection: { credentials: { auth: string } }): FetchLike {
  return connection.credentials.auth === "oauth2_m2m" ? m2mSandboxFetch : sandboxFetch;
}

let claims = 0;

/** A claim for a document, as core would lease it. */
export function claimFor(document: ErpDocument, overrides: Partial<OutboxClaim> = {}): OutboxClaim {
  claims += 1;
  return {
    id: `obx_${claims}`,
    connectionId: "erp_netsuite_tba",
    kind: document.kind,
    docKey: documentKey(document),
    orderId: null,
    version: 1,
    attempts: 1,
    leaseToken: `lease_${claims}`,
    correlationId: `corr${String(claims).padStart(28, "0")}`,
    document,
    refs: {},
    erpId: null,
    ...overrides,
  };
}
