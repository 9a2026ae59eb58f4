import {
  connectionFor,
  documentKey,
  type ErpConnectionOf,
  type ErpDocument,
  type ErpMappings,
  type ErpRefs,
  emptyMappings,
} from "../../shared/erp";
import type { OutboxClaim } from "../../shared/internal-api";
import type { ErpAdapter, FetchLike } from "../../workers/erp-sync/src/adapters/erp-adapter";
import { createOracleFusionAdapter } from "../../workers/erp-sync/src/adapters/oracle-fusion/adapter";
import { SANDBOX_TEST_BINDINGS, TEST_CONTROL_TOKEN } from "../support/netsuite-credentials";
import { sandboxFetch, sandboxRequest } from "./sandbox-env";

/**
 * The Oracle Fusion adapter against the real sandbox pod, in-process: a connection with the sandbox's
 * test credentials, claims built from documents, and the control API to reset, fault and inspect.
 */
export const POD_URL = "https://fa-mesh-saasfaprod1.fa.ocs.oraclecloud.com";
export const BUSINESS_UNIT = "US1 Business Unit";
/** Short, so a held commit_then_timeout answer fails the call quickly on a busy 2-core machine. */
export const TIMEOUT_MS = 400;

export function oracleConnection(
  mappings: Partial<ErpMappings> = {},
  overrides: { password?: string; businessUnitName?: string } = {},
): ErpConnectionOf<"oracle_fusion"> {
  return connectionFor(
    {
      kind: "oracle_fusion",
      settings: {
        baseUrl: POD_URL,
        sourceTransactionSystem: "MESH",
        businessUnitName: overrides.businessUnitName ?? BUSINESS_UNIT,
      },
      credentials: {
        username: SANDBOX_TEST_BINDINGS.ORACLE_USERNAME,
        password: overrides.password ?? SANDBOX_TEST_BINDINGS.ORACLE_PASSWORD,
      },
    },
    { mappings: { ...emptyMappings(), ...mappings } },
  );
}

export function oracleAdapter(connection = oracleConnection(), fetch: FetchLike = sandboxFetch): ErpAdapter {
  return createOracleFusionAdapter(connection, { fetch, now: Date.now, timeoutMs: TIMEOUT_MS });
}

let sequence = 0;
export function claimOf(
  document: ErpDocument,
  refs: ErpRefs = {},
  extra: Partial<OutboxClaim> = {},
): OutboxClaim {
  sequence += 1;
  return {
    id: `obx_${sequence}`,
    connectionId: "erp_oracle_fusion",
    kind: document.kind,
    docKey: documentKey(document),
    orderId: null,
    version: 1,
    attempts: 1,
    leaseToken: `lease_${sequence}`,
    correlationId: `corr-oracle-${sequence}`,
    document,
    refs,
    erpId: null,
    ...extra,
  };
}

async function control(method: string, path: string, body?: unknown): Promise<Response> {
  const res = await sandboxRequest(
    new Request(`${POD_URL}/_sandbox/oracle-fusion${path}`, {
      method,
      headers: { authorization: `Bearer ${TEST_CONTROL_TOKEN}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

export const resetPod = () => control("POST", "/reset");
export const podSettings = (settings: Record<string, unknown>) => control("POST", "/settings", settings);
export const injectFault = (plan: Record<string, unknown>) => control("POST", "/faults", plan);

export interface PodRecord {
  recordType: string;
  id: string;
  key: string;
  body: Record<string, unknown>;
  writeCount: number;
}

export async function podRecords(recordType?: string): Promise<PodRecord[]> {
  const json: { records: PodRecord[] } = await (await control("GET", "/records")).json();
  return recordType ? json.records.filter((r) => r.recordType === recordType) : json.records;
}

export async function podRequests(): Promise<
  { method: string; path: string; status: number; outcome: string }[]
> {
  const json: { requests: { method: string; path: string; status: number; outcome: string }[] } = await (
    await control("GET", "/requests")
  ).json();
  return json.requests;
}

/**
 * A fetch that arms a commit_then_timeout fault just before the adapter's first write (POST or
 * PATCH), so the write itself commits and its answer is lost, whatever reads came before it.
 */
export function losingFirstWrite(delayMs = 1_500): FetchLike {
  let armed = true;
  return async (request) => {
    if (armed && (request.method === "POST" || request.method === "PATCH")) {
      armed = false;
      await injectFault({ mode: "commit_then_timeout", count: 1, delayMs });
    }
    return sandboxFetch(request);
  };
}
