import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { app as sandboxApp } from "../../workers/sandbox/src/app";
import { SANDBOX_TEST_BINDINGS, TEST_CONTROL_TOKEN } from "../support/netsuite-credentials";

/**
 * The real sandbox NetSuite, in-process: its Hono app over the NetSuiteAccount object this test
 * worker hosts. `sandboxFetch` is what the adapter gets instead of the network; like a real fetch it
 * rejects when the request's signal aborts (the adapter's timeout), whatever the server is doing.
 */
function sandboxEnv(): SandboxEnv {
  return { ...SANDBOX_TEST_BINDINGS, NETSUITE: env.NETSUITE };
}

export const sandboxRequests: string[] = [];

export function sandboxFetch(request: Request): Promise<Response> {
  sandboxRequests.push(`${request.method} ${request.url}`);
  const { signal } = request;
  const answer = Promise.resolve(sandboxApp.fetch(request, sandboxEnv(), createExecutionContext()));
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    answer.then(resolve, reject);
  });
}

async function control(method: string, path: string, body?: unknown): Promise<Response> {
  const request = new Request(`http://sandbox.test/_sandbox/netsuite${path}`, {
    method,
    headers: { authorization: `Bearer ${TEST_CONTROL_TOKEN}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const res = await sandboxApp.fetch(request, sandboxEnv(), createExecutionContext());
  if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

export async function resetSandbox(): Promise<void> {
  await control("POST", "/reset");
}

export async function injectFault(plan: Record<string, unknown>): Promise<void> {
  await control("POST", "/faults", plan);
}

export interface SandboxRecord {
  recordType: string;
  id: string;
  externalId: string | null;
  body: Record<string, unknown>;
  writeCount: number;
}

export async function sandboxRecords(): Promise<SandboxRecord[]> {
  const json: { records: SandboxRecord[] } = await (await control("GET", "/records")).json();
  return json.records;
}

export async function sandboxLog(): Promise<
  Array<{ method: string; path: string; status: number; outcome: string }>
> {
  const json: { requests: Array<{ method: string; path: string; status: number; outcome: string }> } = await (
    await control("GET", "/requests")
  ).json();
  return json.requests;
}
