import { exports } from "cloudflare:workers";
import { SANDBOX_TEST_BINDINGS, TEST_CONTROL_TOKEN } from "../support/netsuite-credentials";

/** Drives the sandbox worker's SAP system through its default export, as an OData client would. */
export const ORIGIN = "https://my123456-api.s4hana.cloud.sap";
export const ODATA = `${ORIGIN}/sap/opu/odata/sap`;
export const BASIC = `Basic ${btoa(`${SANDBOX_TEST_BINDINGS.SAP_USERNAME}:${SANDBOX_TEST_BINDINGS.SAP_PASSWORD}`)}`;

export interface Session {
  token: string;
  cookie: string;
}

export function sap(
  method: string,
  url: string,
  init: { headers?: Record<string, string>; body?: unknown } = {},
) {
  const headers = new Headers({ authorization: BASIC, accept: "application/json", ...init.headers });
  if (init.body !== undefined) headers.set("content-type", "application/json");
  const body =
    init.body === undefined
      ? undefined
      : typeof init.body === "string"
        ? init.body
        : JSON.stringify(init.body);
  return exports.default.fetch(new Request(url, { method, headers, body }));
}

/** `x-csrf-token: Fetch` on the service root, keeping the token and the cookies' name=value parts. */
export async function fetchSession(service = "API_SALES_ORDER_SRV"): Promise<Session> {
  const res = await sap("HEAD", `${ODATA}/${service}/`, { headers: { "x-csrf-token": "Fetch" } });
  const token = res.headers.get("x-csrf-token") ?? "";
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return { token, cookie };
}

export function write(
  method: string,
  url: string,
  session: Session,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return sap(method, url, {
    headers: { "x-csrf-token": session.token, cookie: session.cookie, ...headers },
    body,
  });
}

export async function control(method: string, path: string, body?: unknown): Promise<Response> {
  return exports.default.fetch(
    new Request(`${ORIGIN}/_sandbox/sap${path}`, {
      method,
      headers: { authorization: `Bearer ${TEST_CONTROL_TOKEN}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

export interface InspectedRecord {
  recordType: string;
  id: string;
  key: string | null;
  body: Record<string, unknown>;
  writeCount: number;
}

export async function records(): Promise<InspectedRecord[]> {
  const json: { records: InspectedRecord[] } = await (await control("GET", "/records")).json();
  return json.records;
}

/** A sales order deep insert for SAP Best Practices' US sales area and demo customer 17100001. */
export function salesOrderBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    SalesOrderType: "OR",
    SalesOrganization: "1710",
    DistributionChannel: "10",
    OrganizationDivision: "00",
    SoldToParty: "17100001",
    PurchaseOrderByCustomer: "shopify-sto_1-1001",
    TransactionCurrency: "USD",
    to_Item: [
      {
        Material: "TG11",
        RequestedQuantity: "2",
        RequestedQuantityUnit: "EA",
        to_PricingElement: [{ ConditionType: "PPR0", ConditionRateValue: "39.98", ConditionQuantity: "2" }],
      },
    ],
    ...overrides,
  };
}

export interface ODataEntityJson {
  __metadata: { uri: string; type: string; etag?: string };
  [field: string]: unknown;
}

export async function entityOf(res: Response): Promise<ODataEntityJson> {
  const json: { d: ODataEntityJson } = await res.json();
  return json.d;
}
