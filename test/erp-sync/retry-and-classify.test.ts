import { describe, expect, it } from "vitest";
import type { PushFailure } from "../../workers/erp-sync/src/adapters/erp-adapter";
import {
  classifyWrite,
  isDuplicateExternalId,
  validationFailure,
} from "../../workers/erp-sync/src/adapters/netsuite/classify";
import { parseRetryAfter } from "../../workers/erp-sync/src/retry-after";
import { backoffMs, RETRY, retryAt } from "../../workers/erp-sync/src/retry-policy";

const NOW = 1_800_000_000_000;

function failure(errorClass: PushFailure["errorClass"], extra: Partial<PushFailure> = {}): PushFailure {
  return { ok: false, errorClass, httpStatus: null, message: "m", detail: null, ...extra };
}

function response(status: number, body = "", headers: Record<string, string> = {}) {
  return { kind: "response" as const, status, headers: new Headers(headers), body };
}

describe("retry policy", () => {
  it("backs off exponentially with full jitter between 30 s and 1 h", () => {
    expect(backoffMs(1, 0.99)).toBe(30_000);
    expect(backoffMs(2, 0)).toBe(30_000);
    expect(backoffMs(2, 1)).toBe(60_000);
    expect(backoffMs(4, 1)).toBe(240_000);
    expect(backoffMs(20, 1)).toBe(RETRY.capMs);
    expect(backoffMs(20, 0.5)).toBe(30_000 + (RETRY.capMs - 30_000) / 2);
  });

  it("parks business errors at once", () => {
    expect(retryAt(failure("business"), 1, NOW, 0.5)).toBeNull();
  });

  it("retries transient errors until the last attempt, then parks", () => {
    expect(retryAt(failure("transient"), 1, NOW, 0.5)).toBe(NOW + 30_000);
    expect(retryAt(failure("transient"), RETRY.maxAttempts - 1, NOW, 0.5)).toBeGreaterThan(NOW);
    expect(retryAt(failure("transient"), RETRY.maxAttempts, NOW, 0.5)).toBeNull();
  });

  it("honours Retry-After for rate limits, capped at an hour", () => {
    expect(retryAt(failure("rate_limited", { retryAfterMs: 120_000 }), 1, NOW, 0.5)).toBe(NOW + 120_000);
    expect(retryAt(failure("rate_limited", { retryAfterMs: 86_400_000 }), 1, NOW, 0.5)).toBe(
      NOW + RETRY.capMs,
    );
    expect(retryAt(failure("rate_limited"), 3, NOW, 0)).toBe(NOW + 30_000);
  });

  it("retries auth failures a few times (NetSuite's overload 401), then parks", () => {
    expect(retryAt(failure("auth"), 1, NOW, 0)).toBe(NOW + 30_000);
    expect(retryAt(failure("auth"), RETRY.maxAuthAttempts - 1, NOW, 0)).not.toBeNull();
    expect(retryAt(failure("auth"), RETRY.maxAuthAttempts, NOW, 0)).toBeNull();
  });
});

describe("NetSuite response classification", () => {
  const errorBody = JSON.stringify({
    type: "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.1",
    title: "Bad Request",
    status: 400,
    "o:errorDetails": [
      {
        detail: "Invalid Field Value",
        "o:errorCode": "INVALID_CONTENT",
        "o:errorPath": "item.items[0].item",
      },
    ],
  });

  it("reads the internal id from the Location of a 204", () => {
    const ok = classifyWrite(
      response(204, "", {
        location: "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/salesOrder/647",
      }),
      NOW,
    );
    expect(ok).toEqual({ ok: true, erpId: "647" });
    expect(classifyWrite(response(204), NOW)).toMatchObject({
      ok: false,
      errorClass: "transient",
      httpStatus: 204,
    });
  });

  it("classifies 4xx as business with o:errorDetails verbatim", () => {
    const result = classifyWrite(response(400, errorBody), NOW);
    expect(result).toMatchObject({ ok: false, errorClass: "business", httpStatus: 400 });
    if (result.ok) throw new Error("expected a failure");
    expect(result.detail).toBe(JSON.stringify(JSON.parse(errorBody)["o:errorDetails"]));
    expect(result.message).toBe("NetSuite 400 INVALID_CONTENT at item.items[0].item: Invalid Field Value");
  });

  it("classifies 429, 401/403, 5xx and no response", () => {
    expect(classifyWrite(response(429, "", { "retry-after": "7" }), NOW)).toMatchObject({
      errorClass: "rate_limited",
      retryAfterMs: 7_000,
    });
    expect(classifyWrite(response(429), NOW)).not.toHaveProperty("retryAfterMs");
    expect(classifyWrite(response(401), NOW)).toMatchObject({ errorClass: "auth", httpStatus: 401 });
    expect(classifyWrite(response(403), NOW)).toMatchObject({ errorClass: "auth" });
    expect(classifyWrite(response(502, "<html>bad gateway</html>"), NOW)).toMatchObject({
      errorClass: "transient",
      detail: "<html>bad gateway</html>",
    });
    expect(
      classifyWrite({ kind: "no_response", timedOut: true, message: "no response within 15000 ms" }, NOW),
    ).toEqual({
      ok: false,
      errorClass: "transient",
      httpStatus: null,
      message: "no response within 15000 ms",
      detail: null,
    });
  });

  const nsError = (status: number, code: string, detail: string, path?: string) =>
    JSON.stringify({
      type: "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.1",
      title: "Bad Request",
      status,
      "o:errorDetails": [{ detail, "o:errorCode": code, ...(path ? { "o:errorPath": path } : {}) }],
    });

  it("classifies a posting in a closed period as closed_period", () => {
    const body = nsError(
      400,
      "USER_ERROR",
      "Error while accessing a resource. The transaction date 2026-11-20 is not within an open accounting period.",
      "tranDate",
    );
    expect(classifyWrite(response(400, body), NOW)).toMatchObject({
      errorClass: "closed_period",
      httpStatus: 400,
    });
    const locked = nsError(400, "USER_ERROR", "The accounting period is locked.");
    expect(classifyWrite(response(400, locked), NOW)).toMatchObject({ errorClass: "closed_period" });
  });

  it("classifies a taken external id as duplicate, and an invalid reference as business", () => {
    const dup = nsError(
      400,
      "DUP_RCRD",
      "A record with the external ID 'IF-1' already exists.",
      "externalId",
    );
    expect(classifyWrite(response(400, dup), NOW)).toMatchObject({ errorClass: "duplicate" });
    expect(isDuplicateExternalId(400, dup)).toBe(true);
    expect(isDuplicateExternalId(404, dup)).toBe(false);
    const ref = nsError(400, "INVALID_KEY_OR_REF", "Invalid item reference key 12.", "item.items[0].item");
    expect(classifyWrite(response(400, ref), NOW)).toMatchObject({
      errorClass: "business",
      message: "NetSuite 400 INVALID_KEY_OR_REF at item.items[0].item: Invalid item reference key 12.",
    });
    expect(classifyWrite(response(404, nsError(404, "NONEXISTENT_ID", "gone")), NOW)).toMatchObject({
      errorClass: "business",
    });
  });

  it("passes through a failure found before any request (credentials that could not be obtained)", () => {
    const refused = failure("auth", { message: "NetSuite refused the client credentials" });
    expect(classifyWrite({ kind: "failed", failure: refused }, NOW)).toBe(refused);
  });

  it("a missing mapping is a validation failure, parked at once", () => {
    const missing = validationFailure('NetSuite connection has no gl_account mapping for "bank"');
    expect(missing).toEqual({
      ok: false,
      errorClass: "validation",
      httpStatus: null,
      message: 'NetSuite connection has no gl_account mapping for "bank"',
      detail: null,
    });
    expect(retryAt(missing, 1, NOW, 0.5)).toBeNull();
  });

  it("parses Retry-After as seconds or an HTTP date", () => {
    expect(parseRetryAfter("120", NOW)).toBe(120_000);
    expect(parseRetryAfter(new Date(NOW + 90_000).toUTCString(), NOW)).toBe(90_000);
    expect(parseRetryAfter("soon", NOW)).toBeNull();
    expect(parseRetryAfter(null, NOW)).toBeNull();
  });
});
