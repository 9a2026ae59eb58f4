import { exports } from "cloudflare:workers";
import { SANDBOX_TEST_BINDINGS, TEST_CONTROL_TOKEN } from "../support/netsuite-credentials";

/**
 * Drives the sandbox worker's Business Central routes through its default export, the way a BC
 * integration would: a client-credentials token from the Entra-style endpoint, then bearer calls to
 * the company-scoped API. Tenant, environment, company and client come from the test bindings.
 */
export const ORIGIN = "https://api.businesscentral.dynamics.com";
export const TENANT = SANDBOX_TEST_BINDINGS.BC_TENANT_ID;
export const COMPANY = SANDBOX_TEST_BINDINGS.BC_COMPANY_ID;
export const API_ROOT = `${ORIGIN}/v2.0/${TENANT}/${SANDBOX_TEST_BINDINGS.BC_ENVIRONMENT}/api/v2.0`;
export const COMPANY_URL = `${API_ROOT}/companies(${COMPANY})`;
export const ITEM_JOURNAL_URL = `${ORIGIN}/v2.0/${TENANT}/${SANDBOX_TEST_BINDINGS.BC_ENVIRONMENT}/api/mesh/inventory/v1.0/companies(${COMPANY})`;

export function tokenRequest(form: Record<string, string>, tenant: string = TENANT): Request {
  return new Request(`${ORIGIN}/${tenant}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
}

export const GOOD_FORM = {
  grant_type: "client_credentials",
  client_id: SANDBOX_TEST_BINDINGS.BC_CLIENT_ID,
  client_secret: SANDBOX_TEST_BINDINGS.BC_CLIENT_SECRET,
  scope: "https://api.businesscentral.dynamics.com/.default",
};

export async function token(): Promise<string> {
  const res = await exports.default.fetch(tokenRequest(GOOD_FORM));
  const json: { access_token: string } = await res.json();
  return json.access_token;
}

export async function bc(
  method: string,
  url: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers = new Headers(options.headers);
  headers.set("authorization", `Bearer ${options.token ?? (await token())}`);
  if (options.body !== undefined) headers.set("content-type", "application/json");
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return exports.default.fetch(new Request(url, { method, headers, body }));
}

export async function control(method: string, path: string, body?: unknown): Promise<Response> {
  return exports.default.fetch(
    new Request(`${ORIGIN}/_sandbox/business-central${path}`, {
      method,
      headers: { authorization: `Bearer ${TEST_CONTROL_TOKEN}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

export async function resetWithCatalogue(): Promise<void> {
  await control("POST", "/reset");
  await control("POST", "/seed", {
    items: [
      { number: "SKU-RED", displayName: "Red shirt", unitPrice: 20, inventory: 10 },
      { number: "SKU-BLUE", displayName: "Blue shirt", unitPrice: 25, inventory: 4 },
    ],
    customers: [{ number: "C-WEB", displayName: "Web shop customer", email: "web@shop.example" }],
  });
}

export interface BcErrorBody {
  error: { code: string; message: string };
}
