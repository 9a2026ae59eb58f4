import { describe, expect, it } from "vitest";
import { utf8 } from "../../shared/crypto/encoding";
import { hmacSha256Base64 } from "../../shared/crypto/hmac";
import { verifyShopifyWebhook } from "../../workers/shopify/src/verify";

const signed = (signature: string) => new Headers({ "X-Shopify-Hmac-Sha256": signature });

describe("verifyShopifyWebhook: Shopify's published vectors", () => {
  it('T1 (shopify-app-js): test_secret_key over {"foo": "bar"}', async () => {
    const result = await verifyShopifyWebhook(
      utf8('{"foo": "bar"}'),
      signed("B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g="),
      "test_secret_key",
    );
    expect(result).toEqual({ ok: true });
  });

  it('T2 (shopify-api-php): compact {"foo":"bar"}', async () => {
    const result = await verifyShopifyWebhook(
      utf8('{"foo":"bar"}'),
      signed("+R9TwYM4mbLTk3hEAOBkpA7zW2lc9vNFmVKs2u2jtyY="),
      "7008c5f4da4718b9b45d26d3fcbbb157",
    );
    expect(result).toEqual({ ok: true });
  });

  it("signs raw bytes: the same JSON without the space has another digest, and T1's does not fit it", async () => {
    const compact = utf8('{"foo":"bar"}');
    expect(await hmacSha256Base64("test_secret_key", compact)).toBe(
      "1kjVjZBASoDr0j4pTeXLurkG6u87OrkQXzf+h707p2w=",
    );
    const result = await verifyShopifyWebhook(
      compact,
      signed("B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g="),
      "test_secret_key",
    );
    expect(result).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("accepts the unprefixed header of Shopify's events deliveries", async () => {
    const headers = new Headers({ "shopify-hmac-sha256": "+R9TwYM4mbLTk3hEAOBkpA7zW2lc9vNFmVKs2u2jtyY=" });
    const result = await verifyShopifyWebhook(
      utf8('{"foo":"bar"}'),
      headers,
      "7008c5f4da4718b9b45d26d3fcbbb157",
    );
    expect(result).toEqual({ ok: true });
  });
});

describe("verifyShopifyWebhook: fails closed, one reason each", () => {
  const body = utf8('{"foo":"bar"}');
  const good = "+R9TwYM4mbLTk3hEAOBkpA7zW2lc9vNFmVKs2u2jtyY=";

  it("missing_secret: no secret is a failure, even with a signature present", async () => {
    expect(await verifyShopifyWebhook(body, signed(good), "")).toEqual({
      ok: false,
      reason: "missing_secret",
    });
    expect(await verifyShopifyWebhook(body, signed(good), null)).toEqual({
      ok: false,
      reason: "missing_secret",
    });
  });

  it("missing_signature: no header, or an empty one", async () => {
    const secret = "7008c5f4da4718b9b45d26d3fcbbb157";
    expect(await verifyShopifyWebhook(body, new Headers(), secret)).toEqual({
      ok: false,
      reason: "missing_signature",
    });
    expect(await verifyShopifyWebhook(body, signed("  "), secret)).toEqual({
      ok: false,
      reason: "missing_signature",
    });
  });

  it("bad_signature: another secret (rotation vector), junk, or a tampered body", async () => {
    const secret = "7008c5f4da4718b9b45d26d3fcbbb157";
    const otherSecret = "8Uk3/86MZf8WpVIKgh+iEAvjzdrriUBobFq5UI4sgu8=";
    expect(await verifyShopifyWebhook(body, signed(otherSecret), secret)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(await verifyShopifyWebhook(body, signed("fake"), secret)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    const tampered = utf8('{"foo":"baz"}');
    expect(await verifyShopifyWebhook(tampered, signed(good), secret)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });
});
