import { DatabaseSync } from "node:sqlite";
import { describe, expect, inject, it } from "vitest";
import { JournalEntry } from "../../shared/canonical";
import type { ErpCustomer } from "../../shared/erp";
import { CHART, claimFor, trytonAdapter } from "./support";

/** Failures as trytond really gives them, classified; sessions that expire and are renewed once. */
const usd = (amount: number) => ({ amount, currency: "USD" });

function customer(email: string): ErpCustomer {
  return {
    channel: "shopify",
    storeId: "sto_test",
    customer: { externalId: email, email, phone: null, firstName: "Katherine", lastName: "Johnson" },
    billingAddress: null,
    shippingAddress: null,
  };
}

/** The JSON-RPC method and HTTP status of every exchange, in order. */
function observingFetch() {
  const exchanges: [string, number][] = [];
  return {
    exchanges,
    fetch: async (request: Request) => {
      const body = (await request.clone().json()) as { method?: string };
      const response = await fetch(request);
      exchanges.push([String(body.method), response.status]);
      return response;
    },
  };
}

describe("errors", () => {
  it("parks Tryton's refusal as business with its own message, verbatim in detail", async () => {
    // Main Receivable needs a party on every line: Tryton refuses the move, not the adapter.
    const journal = JournalEntry.parse({
      source: "manual",
      externalId: `e-${Date.now()}`,
      date: new Date().toISOString().slice(0, 10),
      currency: "USD",
      memo: "receivable without party",
      lines: [
        { purpose: "bank", side: "debit", amount: usd(1000), memo: null },
        { purpose: "sales", side: "credit", amount: usd(1000), memo: null },
      ],
    });
    const result = await trytonAdapter({ mappings: { glAccount: { ...CHART, bank: "1200" } } }).push(
      claimFor({ kind: "journal_entry", journal }),
    );
    expect(result).toMatchObject({ ok: false, errorClass: "business", httpStatus: 200 });
    if (result.ok) return;
    const [name, [message]] = JSON.parse(result.detail ?? "[]") as [string, [string]];
    expect(name).toBe("UserError");
    expect(result.message).toBe(`Tryton UserError: ${message}`);
    expect(message).toMatch(/party/i);
  });

  it("reports a refused login as auth", async () => {
    const result = await trytonAdapter({ password: "not-the-password" }).push(
      claimFor({ kind: "customer", customer: customer("k@mail.example.com") }),
    );
    expect(result).toMatchObject({
      ok: false,
      errorClass: "auth",
      httpStatus: 401,
      message: "Tryton refused the login of admin",
    });
  });

  it("reports an unknown database as validation and a closed port as transient", async () => {
    const { baseUrl } = inject("tryton");
    const doc = { kind: "customer" as const, customer: customer("x@mail.example.com") };
    const { createTrytonAdapter } = await import("../../workers/erp-sync/src/adapters/tryton/adapter");
    const { connectionFor } = await import("../../shared/erp");
    const deps = { fetch: (r: Request) => fetch(r), now: Date.now, timeoutMs: 10_000 };
    const credentials = { login: "admin", password: "admin" };
    const noDb = createTrytonAdapter(
      connectionFor({ kind: "tryton", settings: { baseUrl, database: "nope" }, credentials }),
      deps,
    );
    // On SQLite trytond's login fails on the missing file with an IOError, answered as a JSON-RPC
    // error (PostgreSQL would answer 404 from dispatcher.py `login`): validation either way.
    expect(await noDb.push(claimFor(doc))).toMatchObject({
      ok: false,
      errorClass: "validation",
      message: expect.stringMatching(/^Tryton exception: Database '.*nope.sqlite' doesn't exist/),
    });
    const closed = createTrytonAdapter(
      connectionFor({
        kind: "tryton",
        settings: { baseUrl: "http://127.0.0.1:9", database: "mesh" },
        credentials,
      }),
      deps,
    );
    expect(await closed.push(claimFor(doc))).toMatchObject({
      ok: false,
      errorClass: "transient",
      httpStatus: null,
    });
  });
});

describe("session", () => {
  it("logs in once, and again once when trytond says the session expired", async () => {
    const observed = observingFetch();
    const adapter = trytonAdapter({ fetch: observed.fetch });
    expect(
      await adapter.push(
        claimFor({ kind: "customer", customer: customer(`s1.${Date.now()}@mail.example.com`) }),
      ),
    ).toMatchObject({ ok: true });
    expect(
      await adapter.push(
        claimFor({ kind: "customer", customer: customer(`s2.${Date.now()}@mail.example.com`) }),
      ),
    ).toMatchObject({ ok: true });
    expect(observed.exchanges.filter(([m]) => m === "common.db.login")).toHaveLength(1);

    // What the clock would do: every session older than [session] max_age (ir/session.py `check`).
    const db = new DatabaseSync(inject("tryton").dbPath);
    db.exec("UPDATE ir_session SET create_date = '2000-01-01 00:00:00'");
    db.close();

    observed.exchanges.length = 0;
    const after = await adapter.push(
      claimFor({ kind: "customer", customer: customer(`s3.${Date.now()}@mail.example.com`) }),
    );
    expect(after).toMatchObject({ ok: true });
    const [first, second, third] = observed.exchanges;
    expect(first?.[1]).toBe(401);
    expect(second).toEqual(["common.db.login", 200]);
    expect(third).toEqual(["model.res.user.get_preferences", 200]);
    expect(observed.exchanges.filter(([m]) => m === "common.db.login")).toHaveLength(1);
  });
});
