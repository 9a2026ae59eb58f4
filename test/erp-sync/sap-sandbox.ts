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
import type { AdapterDeps, FetchLike } from "../../workers/erp-sync/src/adapters/erp-adapter";
import { createSapAdapter } from "../../workers/erp-sync/src/adapters/sap/adapter";
import { SANDBOX_TEST_BINDINGS, TEST_CONTROL_TOKEN } from "../support/netsuite-credentials";
import { sandboxFetch, sandboxRequest } from "./sandbox-env";

/**
 * The SAP adapter against the real sandbox, in-process: a connection to SAP Best Practices' US sales
 * area (1710/10/00) on the sandbox's client 100, control calls for `/_sandbox/sap`, and claims built
 * the way core builds them (docKey from documentKey, refs of the documents a claim depends on).
 */
export const SANDBOX_ORIGIN = "http://sandbox.test";

export async function sapControl(method: string, path: string, body?: unknown): Promise<Response> {
  const res = await sandboxRequest(
    new Request(`${SANDBOX_ORIGIN}/_sandbox/sap${path}`, {
      method,
      headers: { authorization: `Bearer ${TEST_CONTROL_TOKEN}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

export interface SapRecord {
  recordType: string;
  id: string;
  key: string | null;
  body: Record<string, unknown> & { items: Record<string, unknown>[] };
  writeCount: number;
}

export async function sapRecords(recordType?: string): Promise<SapRecord[]> {
  const json: { records: SapRecord[] } = await (await sapControl("GET", "/records")).json();
  return recordType ? json.records.filter((r) => r.recordType === recordType) : json.records;
}

export async function sapRequests(): Promise<
  Array<{ method: string; path: string; status: number; outcome: string }>
> {
  const json: { requests: Array<{ method: string; path: string; status: number; outcome: string }> } = await (
    await sapControl("GET", "/requests")
  ).json();
  return json.requests;
}

export const resetSap = () => sapControl("POST", "/reset");
export const sapFault = (plan: Record<string, unknown>) => sapControl("POST", "/faults", plan);
export const sapSettings = (settings: Record<string, unknown>) => sapControl("POST", "/settings", settings);

export function sapMappings(overrides: Partial<ErpMappings> = {}): ErpMappings {
  return {
    ...emptyMappings(),
    location: { loc_main: { warehouse: "171A", subsidiary: "1710" } },
    glAccount: {
      undeposited_funds: "11001000",
      marketplace_fees: "65008000",
      marketplace_clearing: "12100000",
    },
    ...overrides,
  };
}

let connections = 0;

/** A fresh connection id per call, so each test starts without a cached CSRF session. */
export function sapConnection(
  mappings: ErpMappings = sapMappings(),
  password: string = SANDBOX_TEST_BINDINGS.SAP_PASSWORD,
): ErpConnectionOf<"sap_s4hana"> {
  connections += 1;
  return connectionFor(
    {
      kind: "sap_s4hana",
      settings: {
        baseUrl: SANDBOX_ORIGIN,
        sapClient: "100",
        salesOrderType: "OR",
        returnOrderType: "CBAR",
        salesOrganization: "1710",
        distributionChannel: "10",
        organizationDivision: "00",
        companyCode: "1710",
      },
      credentials: { username: SANDBOX_TEST_BINDINGS.SAP_USERNAME, password },
    },
    { id: `erp_sap_test_${connections}`, mappings },
  );
}

export function sapAdapter(
  connection = sapConnection(),
  options: Partial<AdapterDeps> & { fetch?: FetchLike } = {},
) {
  return createSapAdapter(connection, {
    fetch: sandboxFetch,
    now: () => Date.now(),
    timeoutMs: 3_000,
    ...options,
  });
}

let claims = 0;

export function claimFor(
  document: ErpDocument,
  refs: ErpRefs = {},
  erpId: string | null = null,
): OutboxClaim {
  claims += 1;
  return {
    id: `obx_${claims}`,
    connectionId: "erp_sap",
    kind: document.kind,
    docKey: documentKey(document),
    orderId: null,
    version: 1,
    attempts: 1,
    leaseToken: `lease_${claims}`,
    correlationId: `corr_${claims}`,
    document,
    refs,
    erpId,
  };
}
