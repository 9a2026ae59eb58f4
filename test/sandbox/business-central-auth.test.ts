import { exports } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import {
  type BcErrorBody,
  bc,
  COMPANY_URL,
  control,
  GOOD_FORM,
  resetWithCatalogue,
  token,
  tokenRequest,
} from "./business-central-client";

/** The Entra-style token endpoint and bearer checks on the API (reference/erp.md §2.2). */
beforeEach(resetWithCatalogue);

async function tokenAnswer(form: Record<string, string>, tenant?: string) {
  const res = await exports.default.fetch(tokenRequest(form, tenant));
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe("token endpoint", () => {
  it("issues a bearer token with expires_in for the client credentials grant", async () => {
    const { status, json } = await tokenAnswer(GOOD_FORM);
    expect(status).toBe(200);
    expect(json.token_type).toBe("Bearer");
    expect(json.expires_in).toBe(3599);
    expect(typeof json.access_token).toBe("string");
  });

  it("refuses a wrong secret with 401 invalid_client and AADSTS7000215", async () => {
    const { status, json } = await tokenAnswer({ ...GOOD_FORM, client_secret: "wrong" });
    expect(status).toBe(401);
    expect(json.error).toBe("invalid_client");
    expect(json.error_codes).toEqual([7000215]);
    expect(String(json.error_description)).toMatch(/^AADSTS7000215: Invalid client secret provided/);
  });

  it("refuses an unknown client, a wrong scope, a wrong grant and a wrong tenant with 400", async () => {
    expect((await tokenAnswer({ ...GOOD_FORM, client_id: "someone-else" })).json.error).toBe(
      "unauthorized_client",
    );
    expect(
      (await tokenAnswer({ ...GOOD_FORM, scope: "https://graph.microsoft.com/.default" })).json.error,
    ).toBe("invalid_scope");
    expect((await tokenAnswer({ ...GOOD_FORM, grant_type: "password" })).json.error).toBe(
      "unsupported_grant_type",
    );
    const wrongTenant = await tokenAnswer(GOOD_FORM, "00000000-0000-0000-0000-000000000000");
    expect(wrongTenant.status).toBe(400);
    expect(wrongTenant.json.error_codes).toEqual([90002]);
  });
});

describe("API authentication", () => {
  it("answers a missing, unknown or expired token with 401 Authentication_InvalidCredentials", async () => {
    const missing = await exports.default.fetch(new Request(`${COMPANY_URL}/items`));
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer /);
    const unknown = await bc("GET", `${COMPANY_URL}/items`, { token: "not-a-token" });
    expect(((await unknown.json()) as BcErrorBody).error.code).toBe("Authentication_InvalidCredentials");

    const good = await token();
    expect((await bc("GET", `${COMPANY_URL}/items`, { token: good })).status).toBe(200);
    await control("POST", "/tokens/expire");
    const expired = await bc("GET", `${COMPANY_URL}/items`, { token: good });
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as BcErrorBody).error.code).toBe("Authentication_InvalidCredentials");
    const stats: { refused: { auth: number } } = await (await control("GET", "/stats")).json();
    expect(stats.refused.auth).toBe(3);
  });

  it("answers a company that is not the tenant's with Internal_CompanyNotFound", async () => {
    const res = await bc(
      "GET",
      `${COMPANY_URL.replace(/companies\([^)]+\)/, "companies(11111111-1111-1111-1111-111111111111)")}/items`,
    );
    expect(((await res.json()) as BcErrorBody).error.code).toBe("Internal_CompanyNotFound");
  });

  it("refuses control writes without the control token", async () => {
    const res = await exports.default.fetch(
      new Request("https://api.businesscentral.dynamics.com/_sandbox/business-central/reset", {
        method: "POST",
      }),
    );
    expect(res.status).toBe(401);
  });
});
