import { describe, expect, it } from "vitest";
import { classifyOutcome } from "../../workers/erp-sync/src/adapters/tryton/classify";

/**
 * The answers trytond gives that the live tests cannot provoke on demand. Shapes from
 * trytond/exceptions.py (each exception's `args`, which jsonrpc.py sends as `error`), messages from
 * trytond/ir/message.xml and the account module's message.xml (6.0).
 */
const now = Date.parse("2026-11-26T12:00:00Z");
const error = (value: unknown) =>
  classifyOutcome({ kind: "error", error: value, body: JSON.stringify({ id: 1, error: value }) }, now);
const http = (status: number, headers: Record<string, string> = {}) =>
  classifyOutcome({ kind: "http", status, headers: new Headers(headers), body: "" }, now);

describe("classifyOutcome", () => {
  it("maps Tryton exceptions to the taxonomy", () => {
    expect(error(["UserError", ["The code on party must be unique.", "", null]])).toMatchObject({
      errorClass: "business",
      message: "Tryton UserError: The code on party must be unique.",
    });
    expect(error(["UserError", ['You are not allowed to access "sale.sale".', "", null]])).toMatchObject({
      errorClass: "auth",
    });
    expect(
      error([
        "UserError",
        ['You cannot add/modify/delete lines on closed journal-period "CASH - 2025-01".', "", null],
      ]),
    ).toMatchObject({
      errorClass: "closed_period",
    });
    expect(
      error(["UserWarning", ["stock_quantity_warning_4", "The forcast quantity (0.0u) ...", ""]]),
    ).toMatchObject({
      errorClass: "business",
      message: "Tryton UserWarning: The forcast quantity (0.0u) ...",
    });
    expect(error(["ConcurrencyException", "Records were modified in the meanwhile"])).toMatchObject({
      errorClass: "transient",
    });
    expect(error(["database is locked", "Traceback ..."])).toMatchObject({ errorClass: "transient" });
    expect(error(["'unit'", ""])).toMatchObject({
      errorClass: "validation",
      message: "Tryton exception: 'unit'",
    });
  });

  it("maps bare HTTP statuses from before dispatch", () => {
    expect(http(401)).toMatchObject({ errorClass: "auth", httpStatus: 401 });
    expect(http(403)).toMatchObject({ errorClass: "auth" });
    expect(http(429, { "retry-after": "30" })).toMatchObject({
      errorClass: "rate_limited",
      retryAfterMs: 30_000,
    });
    expect(http(503)).toMatchObject({ errorClass: "transient" });
    expect(
      classifyOutcome({ kind: "no_response", timedOut: true, message: "no response within 30000 ms" }, now),
    ).toMatchObject({
      errorClass: "transient",
      httpStatus: null,
    });
  });
});
