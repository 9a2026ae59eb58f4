import { beforeEach, describe, expect, it } from "vitest";
import { control, inspectRequests, RECORDS, salesOrderBody } from "./netsuite-client";
import { accessToken, assertion, bearer, m2mFetch, TOKEN_URL, tokenRequest } from "./netsuite-m2m-client";

async function expectTokenError(res: Response, status: number, error: string): Promise<void> {
  expect(res.status).toBe(status);
  expect(await res.json()).toEqual({ error });
}

async function lastOutcome(): Promise<string | undefined> {
  return (await inspectRequests()).at(-1)?.outcome;
}

describe("sandbox NetSuite: OAuth 2.0 client credentials (M2M)", () => {
  beforeEach(async () => {
    expect((await control("POST", "/reset")).status).toBe(200);
  });

  it.each(["PS256", "ES256"] as const)("issues a 60-minute bearer token for a %s assertion", async (alg) => {
    const res = await m2mFetch(tokenRequest(await assertion({ alg })));
    expect(res.status).toBe(200);
    const json: Record<string, unknown> = await res.json();
    expect(json).toMatchObject({ expires_in: "3600", token_type: "bearer" });
    expect(typeof json.access_token).toBe("string");
    const put = await m2mFetch(
      bearer("PUT", `${RECORDS}/salesOrder/eid:m2m-1`, String(json.access_token), salesOrderBody()),
    );
    expect(put.status).toBe(204);
    expect(await lastOutcome()).toBe("created");
  });

  it.each([
    ["an RS256 assertion (Oracle's old sample)", { header: { alg: "RS256" } }, "unsupported_alg:RS256"],
    ["an unknown certificate id", { header: { kid: "someone-else" } }, "unknown_kid"],
    ["another client id", { payload: { iss: "another-client" } }, "unknown_client"],
    ["a signature by another key", { signWith: "ES256" as const }, "bad_signature"],
    ["another audience", { payload: { aud: "https://other.suitetalk.api.netsuite.com/token" } }, "wrong_aud"],
    ["an iat in the future", { payload: { iat: 2_000_000_000, exp: 2_000_000_300 } }, "iat_in_future"],
    [
      "an exp 60 minutes after iat",
      { payload: { iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 3600 } },
      "exp_too_far",
    ],
    ["an expired assertion", { payload: { iat: 1_700_000_000, exp: 1_700_000_300 } }, "assertion_expired"],
  ])("refuses %s with invalid_client", async (_case, parts, reason) => {
    await expectTokenError(await m2mFetch(tokenRequest(await assertion(parts))), 401, "invalid_client");
    expect(await lastOutcome()).toBe(`token_refused:${reason}`);
  });

  it("refuses a replayed assertion", async () => {
    const used = await assertion();
    expect((await m2mFetch(tokenRequest(used))).status).toBe(200);
    await expectTokenError(await m2mFetch(tokenRequest(used)), 401, "invalid_client");
    expect(await lastOutcome()).toBe("token_refused:assertion_replayed");
  });

  it("answers malformed requests as RFC 6749 does", async () => {
    const good = await assertion();
    await expectTokenError(
      await m2mFetch(tokenRequest(good, { grant_type: "password" })),
      400,
      "unsupported_grant_type",
    );
    await expectTokenError(
      await m2mFetch(tokenRequest(good, { client_assertion_type: "jwt" })),
      400,
      "invalid_request",
    );
    await expectTokenError(await m2mFetch(tokenRequest("not.a-jwt")), 400, "invalid_request");
    await expectTokenError(
      await m2mFetch(tokenRequest(await assertion({ payload: { scope: "everything" } }))),
      400,
      "invalid_scope",
    );
    const json = await m2mFetch(
      new Request(TOKEN_URL, { method: "POST", body: "{}", headers: { "content-type": "application/json" } }),
    );
    await expectTokenError(json, 400, "invalid_request");
  });

  it("accepts scope as Oracle's array as well as comma-separated text", async () => {
    const res = await m2mFetch(
      tokenRequest(await assertion({ payload: { scope: ["restlets", "rest_webservices"] } })),
    );
    expect(res.status).toBe(200);
  });

  it("fails closed when the account has no M2M integration configured", async () => {
    const { exports } = await import("cloudflare:workers");
    const res = await exports.default.fetch(tokenRequest(await assertion()));
    await expectTokenError(res, 401, "invalid_client");
    expect(await lastOutcome()).toBe("token_refused:missing_client_config");
  });

  it("answers 401 INVALID_LOGIN to expired, unknown and out-of-scope tokens", async () => {
    const token = await accessToken();
    const url = `${RECORDS}/salesOrder/eid:m2m-2`;
    expect((await m2mFetch(bearer("GET", url, token))).status).toBe(404);
    expect((await control("POST", "/tokens/expire")).status).toBe(200);
    const expired = await m2mFetch(bearer("GET", url, token));
    expect(expired.status).toBe(401);
    const body: { "o:errorDetails": Array<{ "o:errorCode": string }> } = await expired.json();
    expect(body["o:errorDetails"][0]?.["o:errorCode"]).toBe("INVALID_LOGIN");
    expect(await lastOutcome()).toBe("auth:token_expired");
    expect((await m2mFetch(bearer("GET", url, "made-up"))).status).toBe(401);
    expect(await lastOutcome()).toBe("auth:unknown_token");
    const restletsOnly = await m2mFetch(tokenRequest(await assertion({ payload: { scope: "restlets" } })));
    const { access_token } = (await restletsOnly.json()) as { access_token: string };
    expect((await m2mFetch(bearer("GET", url, access_token))).status).toBe(401);
    expect(await lastOutcome()).toBe("auth:scope_mismatch");
  });
});
