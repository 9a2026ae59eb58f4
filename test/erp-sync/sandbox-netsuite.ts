import { TEST_CONTROL_TOKEN } from "../support/netsuite-credentials";
import { sandboxRequest } from "./sandbox-env";

export { sandboxFetch, sandboxRequests } from "./sandbox-env";

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
