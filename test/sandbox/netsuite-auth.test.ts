import { beforeEach, describe, expect, it } from "vitest";
import { TEST_CREDENTIALS } from "../support/netsuite-credentials";
import { control, inspectRequests, netsuite, ORIGIN, RECORDS, randomNonce } from "./netsuite-client";

const url = `${RECORDS}/salesOrder/eid:auth-test-1`;

async function expectInvalidLogin(res: Response): Promise<void> {
  expect(res.status).toBe(401);
  const body: { status: number; "o:errorDetails": Array<{ "o:errorCode": string }> } = await res.json();
  expect(body.status).toBe(401);
  expect(body["o:errorDetails"][0]?.["o:errorCode"]).toBe("INVALID_LOGIN");
}

async function lastOutcome(): Promise<string | undefined> {
  return (await inspectRequests()).at(-1)?.outcome;
}

describe("sandbox NetSuite: token-based authentication", () => {
  beforeEach(async () => {
    expect((await control("POST", "/reset")).status).toBe(200);
  });

  it("accepts a correctly signed request (404 for a record that does not exist, not 401)", async () => {
    const res = await netsuite("GET", url);
    expect(res.status).toBe(404);
    expect(await lastOutcome()).toBe("rejected:NONEXISTENT_ID");
  });

  it("rejects a request without an Authorization header", async () => {
    const { exports } = await import("cloudflare:workers");
    await expectInvalidLogin(await exports.default.fetch(new Request(url)));
    expect(await lastOutcome()).toBe("auth:missing_header");
  });

  it("rejects a bad signature (wrong token secret)", async () => {
    await expectInvalidLogin(
      await netsuite("GET", url, { credentials: { ...TEST_CREDENTIALS, tokenSecret: "wrong" } }),
    );
    expect(await lastOutcome()).toBe("auth:bad_signature");
  });

  it("checks the signature over the URL it received, query included", async () => {
    await expectInvalidLogin(await netsuite("GET", `${url}?expandSubResources=true`, { signedUrl: url }));
    expect(await lastOutcome()).toBe("auth:bad_signature");
    await expectInvalidLogin(
      await netsuite("GET", url, { signedUrl: `${ORIGIN}/services/rest/record/v1/salesOrder/1` }),
    );
  });

  it("rejects a realm other than the account id", async () => {
    await expectInvalidLogin(await netsuite("GET", url, { realm: "1234567" }));
    expect(await lastOutcome()).toBe("auth:wrong_realm");
  });

  it("rejects an unknown consumer key or token", async () => {
    await expectInvalidLogin(
      await netsuite("GET", url, { credentials: { ...TEST_CREDENTIALS, consumerKey: "someone-else" } }),
    );
    expect(await lastOutcome()).toBe("auth:unknown_consumer");
    await expectInvalidLogin(
      await netsuite("GET", url, { credentials: { ...TEST_CREDENTIALS, tokenId: "revoked" } }),
    );
    expect(await lastOutcome()).toBe("auth:unknown_token");
  });

  it("rejects a timestamp more than 300 s away, in either direction", async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectInvalidLogin(await netsuite("GET", url, { timestamp: now - 301 }));
    expect(await lastOutcome()).toBe("auth:stale_timestamp");
    await expectInvalidLogin(await netsuite("GET", url, { timestamp: now + 301 }));
    expect(await lastOutcome()).toBe("auth:stale_timestamp");
  });

  it("rejects a nonce it has already seen", async () => {
    const nonce = randomNonce();
    expect((await netsuite("GET", url, { nonce })).status).toBe(404);
    await expectInvalidLogin(await netsuite("GET", url, { nonce }));
    expect(await lastOutcome()).toBe("auth:nonce_reused");
  });

  it("accepts HMAC-SHA256 only", async () => {
    const { exports } = await import("cloudflare:workers");
    const signed = await netsuite("GET", url);
    expect(signed.status).toBe(404);
    const sha1 = new Request(url, {
      headers: {
        authorization: `OAuth realm="1234567_SB1", oauth_token="${TEST_CREDENTIALS.tokenId}", oauth_consumer_key="${TEST_CREDENTIALS.consumerKey}", oauth_nonce="${randomNonce()}", oauth_timestamp="${Math.floor(Date.now() / 1000)}", oauth_signature_method="HMAC-SHA1", oauth_version="1.0", oauth_signature="AAAA"`,
      },
    });
    await expectInvalidLogin(await exports.default.fetch(sha1));
    expect(await lastOutcome()).toBe("auth:unsupported_signature_method");
  });
});
