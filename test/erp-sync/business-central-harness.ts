import {
  connectionFor,
  documentKey,
  type ErpDocument,
  type ErpMappings,
  emptyMappings,
} from "../../shared/erp";
import type { OutboxClaim } from "../../shared/internal-api";
import { createBusinessCentralAdapter } from "../../workers/erp-sync/src/adapters/business-central/adapter";
import type { ErpAdapter } from "../../workers/erp-sync/src/adapters/erp-adapter";
import { SANDBOX_TEST_BINDINGS, TEST_CONTROL_TOKEN } from "../support/netsuite-credentials";
import { sandboxFetch, sandboxRequest } from "./sandbox-env";

/**
 * The Business Central adapter against the real sandbox, in-process: the connection points both its
 * API base and its Entra authority at the sandbox, with the sandbox's test tenant, company and app
 * registration (test/support/netsuite-credentials.ts holds every sandbox test binding).
 */
export const SANDBOX_ORIGIN = "https://bc.sandbox.test";

export const GL: ErpMappings["glAccount"] = {
  shipping_income: "40200",
  refunds: "40400",
  bank: "10100",
  marketplace_fees: "61100",
  marketplace_clearing: "20600",
  inventory_adjustment: "54700",
};

export function bcConnection(
  overrides: { mappings?: Partial<ErpMappings>; clientSecret?: string; id?: string; revision?: number } = {},
) {
  return connectionFor(
    {
      kind: "business_central",
      settings: {
        tenantId: SANDBOX_TEST_BINDINGS.BC_TENANT_ID,
        environment: SANDBOX_TEST_BINDINGS.BC_ENVIRONMENT,
        companyId: SANDBOX_TEST_BINDINGS.BC_COMPANY_ID,
        apiBaseUrl: SANDBOX_ORIGIN,
        authorityUrl: SANDBOX_ORIGIN,
      },
      credentials: {
        clientId: SANDBOX_TEST_BINDINGS.BC_CLIENT_ID,
        clientSecret: overrides.clientSecret ?? SANDBOX_TEST_BINDINGS.BC_CLIENT_SECRET,
      },
    },
    {
      mappings: { ...emptyMappings(), glAccount: GL, ...overrides.mappings },
      id: overrides.id ?? "erp_bc_test",
      revision: overrides.revision ?? 1,
    },
  );
}

export function bcAdapter(
  options: { timeoutMs?: number; connection?: ReturnType<typeof bcConnection> } = {},
): ErpAdapter {
  return createBusinessCentralAdapter(options.connection ?? bcConnection(), {
    fetch: sandboxFetch,
    now: Date.now,
    timeoutMs: options.timeoutMs ?? 2_000,
  });
}

let sequence = 0;
export function claimFor(document: ErpDocument, overrides: Partial<OutboxClaim> = {}): OutboxClaim {
  sequence += 1;
  return {
    id: `obx_${sequence}`,
    connectionId: "erp_bc_test",
    kind: document.kind,
    docKey: documentKey(document),
    orderId: null,
    version: 1,
    attempts: 1,
    leaseToken: `lease_${sequence}`,
    correlationId: `corr_${sequence}`,
    document,
    refs: {},
    erpId: null,
    ...overrides,
  };
}

export async function control(method: string, path: string, body?: unknown): Promise<Response> {
  const res = await sandboxRequest(
    new Request(`${SANDBOX_ORIGIN}/_sandbox/business-central${path}`, {
      method,
      headers: { authorization: `Bearer ${TEST_CONTROL_TOKEN}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

/** A fresh company with the SKUs of test/support/canonical-order.ts in stock. */
export async function resetTenant(): Promise<void> {
  await control("POST", "/reset");
  await control("POST", "/seed", {
    items: [
      { number: "IPOD2008GREEN", displayName: "IPod Nano - 8gb green", unitPrice: 199, inventory: 10 },
      { number: "IPOD2008RED", displayName: "IPod Nano - 8gb red", unitPrice: 199, inventory: 10 },
    ],
    customers: [{ number: "C-SHOPIFY", displayName: "Shopify web customers", email: "" }],
  });
}

export interface BcRecord {
  recordType: string;
  id: string;
  key: string | null;
  body: Record<string, unknown>;
  writeCount: number;
}

export async function records(recordType?: string): Promise<BcRecord[]> {
  const json: { records: BcRecord[] } = await (await control("GET", "/records")).json();
  return recordType ? json.records.filter((r) => r.recordType === recordType) : json.records;
}

/** A document's lines without Comment lines (the adapter's trace line, or a BC user's text). */
export async function documentLines(
  recordType: "salesOrderLines" | "salesCreditMemoLines",
): Promise<BcRecord[]> {
  return (await records(recordType)).filter((r) => r.body.lineType !== "Comment");
}

/**
 * One call to the sandbox's API v2.0 as a BC user or another integration would make it (a fresh
 * token, the company's URL), outside any adapter: to read what a GET renders, or to change a record
 * behind the adapter's back.
 */
export async function bcApi(
  method: string,
  path: string,
  options: { body?: unknown; ifMatch?: string } = {},
): Promise<Response> {
  const { settings, credentials } = bcConnection();
  const token: { access_token: string } = await (
    await sandboxRequest(
      new Request(`${SANDBOX_ORIGIN}/${settings.tenantId}/oauth2/v2.0/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: credentials.clientId,
          client_secret: credentials.clientSecret,
          scope: "https://api.businesscentral.dynamics.com/.default",
        }).toString(),
      }),
    )
  ).json();
  const headers = new Headers({ authorization: `Bearer ${token.access_token}` });
  if (options.body !== undefined) headers.set("content-type", "application/json");
  if (options.ifMatch !== undefined) headers.set("if-match", options.ifMatch);
  const company = `${SANDBOX_ORIGIN}/v2.0/${settings.tenantId}/${settings.environment}/api/v2.0/companies(${settings.companyId})`;
  return sandboxRequest(
    new Request(`${company}/${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    }),
  );
}

export async function injectFault(plan: Record<string, unknown>): Promise<void> {
  await control("POST", "/faults", plan);
}

export async function stats(): Promise<{
  requests: number;
  admitted: number;
  refused: Record<string, number>;
  maxInFlight: number;
  limitViolations: number;
}> {
  return (await control("GET", "/stats")).json();
}
