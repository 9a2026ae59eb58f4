import { exports } from "cloudflare:workers";
import { SANDBOX_TEST_BINDINGS, TEST_CONTROL_TOKEN } from "../support/netsuite-credentials";

/** Drives the sandbox worker through its default export, as a Fusion REST client with Basic auth would. */
export const POD = "https://fa-mesh-saasfaprod1.fa.ocs.oraclecloud.com";
export const FSCM = `${POD}/fscmRestApi/resources/11.13.18.05`;
export const CRM = `${POD}/crmRestApi/resources/11.13.18.05`;
export const ITEM_TYPE = "application/vnd.oracle.adf.resourceitem+json";

export function basic(
  username: string = SANDBOX_TEST_BINDINGS.ORACLE_USERNAME,
  password: string = SANDBOX_TEST_BINDINGS.ORACLE_PASSWORD,
): string {
  return `Basic ${btoa(`${username}:${password}`)}`;
}

export interface CallOptions {
  body?: unknown;
  authorization?: string | null;
  /** REST-Framework-Version; null sends none (Fusion then answers errors as plain text). */
  version?: string | null;
  contentType?: string;
}

export function oracle(method: string, url: string, options: CallOptions = {}): Promise<Response> {
  const headers = new Headers();
  const authorization = options.authorization === undefined ? basic() : options.authorization;
  if (authorization) headers.set("authorization", authorization);
  const version = options.version === undefined ? "4" : options.version;
  if (version) headers.set("rest-framework-version", version);
  if (options.body !== undefined) headers.set("content-type", options.contentType ?? ITEM_TYPE);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return exports.default.fetch(new Request(url, { method, headers, body }));
}

export function control(method: string, path: string, body?: unknown): Promise<Response> {
  return exports.default.fetch(
    new Request(`${POD}/_sandbox/oracle-fusion${path}`, {
      method,
      headers: { authorization: `Bearer ${TEST_CONTROL_TOKEN}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

export async function createAccount(
  reference = "shopify-sto_1",
): Promise<{ PartyId: number; PartyNumber: string }> {
  const res = await oracle("POST", `${CRM}/accounts`, {
    body: {
      OrganizationName: "Shopify store 1",
      SourceSystem: "MESH",
      SourceSystemReferenceValue: reference,
    },
  });
  if (res.status !== 201) throw new Error(`account: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A minimal valid order for the Order Hub, booked to `partyId`. */
export function orderBody(
  partyId: number,
  id = "ORD-1",
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    SourceTransactionNumber: id,
    SourceTransactionSystem: "MESH",
    SourceTransactionId: id,
    BusinessUnitName: "US1 Business Unit",
    BuyingPartyId: partyId,
    TransactionalCurrencyCode: "USD",
    TransactionOn: "2026-11-20T10:00:00-05:00",
    SubmittedFlag: true,
    lines: [
      {
        SourceTransactionLineId: "1",
        SourceTransactionLineNumber: 1,
        ProductNumber: "AS54888",
        OrderedQuantity: 2,
        OrderedUOMCode: "Ea",
      },
    ],
    ...overrides,
  };
}
