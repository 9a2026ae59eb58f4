import { describe, expect, it } from "vitest";
import {
  buildAuthorizationHeader,
  type OAuth1Params,
  parseAuthorizationHeader,
  percentEncode,
  signatureBaseString,
  signBaseString,
  signingKey,
  verifySignature,
} from "../../shared/oauth1";

// Oracle's published inputs ("The Signature for Web Services and RESTlets"); expected values from
// reference/erp.md §1.9 (vectors A, B, C) and RFC 5849 §3.4.1 (normalisation).
const oracle = {
  consumerKey: "ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4",
  consumerSecret: "d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5",
  tokenId: "2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc",
  tokenSecret: "c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295",
};
const nonce = "fjaLirsIcCGVZWzBX0pg";
const timestamp = 1508242306;

function oracleParams(method = "HMAC-SHA256"): OAuth1Params {
  return {
    oauth_consumer_key: oracle.consumerKey,
    oauth_token: oracle.tokenId,
    oauth_nonce: nonce,
    oauth_timestamp: String(timestamp),
    oauth_signature_method: method,
    oauth_version: "1.0",
  };
}

describe("OAuth 1.0a HMAC-SHA256 (NetSuite TBA)", () => {
  it("vector A: REST GET base string, signature and Oracle's full header", async () => {
    const url = "https://123456.suitetalk.api.netsuite.com/services/rest/record/v1/employee/40";
    const base = signatureBaseString("GET", url, oracleParams());
    expect(base).toBe(
      "GET&https%3A%2F%2F123456.suitetalk.api.netsuite.com%2Fservices%2Frest%2Frecord%2Fv1%2Femployee%2F40&oauth_consumer_key%3Def40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4%26oauth_nonce%3DfjaLirsIcCGVZWzBX0pg%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1508242306%26oauth_token%3D2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc%26oauth_version%3D1.0",
    );
    expect(await signBaseString(base, oracle)).toBe("B5OIWznZ2YP0OB7VrJrGkYsTh+8H+5T9Hag+o92q0zY=");
    const header = await buildAuthorizationHeader({
      method: "GET",
      url,
      realm: "123456",
      credentials: oracle,
      nonce,
      timestamp,
    });
    expect(header).toBe(
      'OAuth realm="123456", oauth_token="2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc", oauth_consumer_key="ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4", oauth_nonce="fjaLirsIcCGVZWzBX0pg", oauth_timestamp="1508242306", oauth_signature_method="HMAC-SHA256", oauth_version="1.0", oauth_signature="B5OIWznZ2YP0OB7VrJrGkYsTh%2B8H%2B5T9Hag%2Bo92q0zY%3D"',
    );
  });

  it("vector B: RESTlet POST with query parameters sorted into the base string", async () => {
    const url =
      "https://123456.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=6&deploy=1&customParam=someValue&testParam=someOtherValue";
    const base = signatureBaseString("POST", url, oracleParams());
    expect(base).toBe(
      "POST&https%3A%2F%2F123456.restlets.api.netsuite.com%2Fapp%2Fsite%2Fhosting%2Frestlet.nl&customParam%3DsomeValue%26deploy%3D1%26oauth_consumer_key%3Def40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4%26oauth_nonce%3DfjaLirsIcCGVZWzBX0pg%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1508242306%26oauth_token%3D2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc%26oauth_version%3D1.0%26script%3D6%26testParam%3DsomeOtherValue",
    );
    expect(await signBaseString(base, oracle)).toBe("+KK4SKNgz4ZiILGLwOMtfYlgcXSy1eis8ldE9X90azQ=");
  });

  it("vector C: the same RESTlet call on account 1234567", async () => {
    const url =
      "https://1234567.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=6&deploy=1&customParam=someValue&testParam=someOtherValue";
    const base = signatureBaseString("POST", url, oracleParams());
    expect(base).toBe(
      "POST&https%3A%2F%2F1234567.restlets.api.netsuite.com%2Fapp%2Fsite%2Fhosting%2Frestlet.nl&customParam%3DsomeValue%26deploy%3D1%26oauth_consumer_key%3Def40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4%26oauth_nonce%3DfjaLirsIcCGVZWzBX0pg%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1508242306%26oauth_token%3D2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc%26oauth_version%3D1.0%26script%3D6%26testParam%3DsomeOtherValue",
    );
    expect(await signBaseString(base, oracle)).toBe("i7MEtGwhCTIZbTsTrNGw9LdcERn4wsjt5C7TxmKWIfU=");
    expect(signingKey(oracle.consumerSecret, oracle.tokenSecret)).toBe(
      `${oracle.consumerSecret}&${oracle.tokenSecret}`,
    );
  });

  it("RFC 5849 normalisation: decodes, re-encodes (double-encoding %3D), sorts, keeps empty values", () => {
    const base = signatureBaseString("POST", "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b", {
      oauth_consumer_key: "9djdj82h48djs9d2",
      oauth_token: "kkk9d7dh3k39sjv7",
      oauth_nonce: "7d8f3e4a",
      oauth_timestamp: "137131201",
      oauth_signature_method: "HMAC-SHA1",
      oauth_version: "1.0",
    });
    expect(base).toBe(
      "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7%26oauth_version%3D1.0",
    );
  });

  it("percent-encodes the RFC 3986 reserved characters encodeURIComponent leaves alone", () => {
    expect(percentEncode("!'()*~-._ a+b/")).toBe("%21%27%28%29%2A~-._%20a%2Bb%2F");
  });

  it("parses its own header back and verifies it; any change to the URL breaks it", async () => {
    const url =
      "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/salesOrder/eid:shopify-s1-1001";
    const header = await buildAuthorizationHeader({
      method: "PUT",
      url,
      realm: "1234567_SB1",
      credentials: oracle,
      nonce,
      timestamp,
    });
    const parsed = parseAuthorizationHeader(header);
    expect(parsed?.realm).toBe("1234567_SB1");
    expect(parsed?.params).toEqual(oracleParams());
    if (!parsed) throw new Error("header did not parse");
    expect(await verifySignature("PUT", url, parsed, oracle)).toBe(true);
    expect(await verifySignature("POST", url, parsed, oracle)).toBe(false);
    expect(await verifySignature("PUT", `${url}?replace=item`, parsed, oracle)).toBe(false);
    expect(await verifySignature("PUT", url, parsed, { ...oracle, tokenSecret: "other" })).toBe(false);
  });

  it("rejects headers that are not OAuth, malformed, repeated or incomplete", () => {
    expect(parseAuthorizationHeader(null)).toBeNull();
    expect(parseAuthorizationHeader("Bearer abc")).toBeNull();
    expect(parseAuthorizationHeader('OAuth oauth_token="a", oauth_token="b"')).toBeNull();
    expect(parseAuthorizationHeader('OAuth realm="1", oauth_token=unquoted')).toBeNull();
    expect(parseAuthorizationHeader('OAuth realm="1", oauth_token="t"')).toBeNull();
  });
});
