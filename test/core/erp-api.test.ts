import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { JournalEntry } from "../../shared/canonical";
import { documentKey } from "../../shared/erp";
import { bearer, createApiKey, postJson } from "./api-helpers";
import { createConnection, type DocumentBody } from "./erp-helpers";

const usd = (amount: number) => ({ amount, currency: "USD" });

/** A balanced settlement journal: fees debited, the marketplace clearing account credited. */
function journal(overrides: Partial<JournalEntry> = {}): JournalEntry {
  return {
    source: "amazon-settlement",
    externalId: `settle-${crypto.randomUUID().slice(0, 8)}`,
    date: "2026-11-20",
    currency: "USD",
    memo: "Amazon settlement fees",
    lines: [
      { purpose: "marketplace_fees", side: "debit", amount: usd(1250), memo: null },
      { purpose: "payment_fees", side: "debit", amount: usd(250), memo: "card fees" },
      { purpose: "marketplace_clearing", side: "credit", amount: usd(1500), memo: null },
    ],
    ...overrides,
  };
}

function postJournal(
  body: { journal: unknown; connectionId?: string | null },
  headers: Record<string, string> = { "idempotency-key": crypto.randomUUID() },
) {
  return postJson("/v1/erp/journal-entries", body, headers);
}

const journalRows = (j: JournalEntry) =>
  env.DB.prepare("SELECT id, connection_id, document, version, status FROM erp_outbox WHERE doc_key = ?")
    .bind(documentKey({ kind: "journal_entry", journal: j }))
    .all<{ id: string; connection_id: string; document: string; version: number; status: string }>();

// Runs first in this file's storage: no ERP connection exists yet.
describe("POST /v1/erp/journal-entries, before any connection exists", () => {
  it("queues the entry to wait for a connection, and the first default connection adopts it", async () => {
    const entry = journal();
    const res = await postJournal({ journal: entry });
    expect(res.status).toBe(202);
    const body = (await res.json()) as DocumentBody;
    expect(body).toMatchObject({ connectionId: "", kind: "journal_entry", status: "pending" });
    const main = await createConnection({ kind: "netsuite", isDefault: true });
    const rows = await journalRows(entry);
    expect(rows.results.map((r) => [r.id, r.connection_id])).toEqual([[body.id, main.id]]);
  });
});

describe("POST /v1/erp/journal-entries", () => {
  it("queues a balanced entry under the default connection and answers 202 with its row", async () => {
    const main = await env.DB.prepare("SELECT id FROM erp_connections WHERE is_default = 1").first<{
      id: string;
    }>();
    if (!main) throw new Error("the first test creates the default connection");
    const entry = journal({ externalId: "S-1001" });
    const res = await postJournal(
      { journal: entry },
      { "idempotency-key": crypto.randomUUID(), "x-request-id": "req-journal-1" },
    );
    expect(res.status).toBe(202);
    const body = (await res.json()) as DocumentBody;
    expect(body).toEqual({
      id: expect.stringMatching(/^obx_/),
      connectionId: main.id,
      kind: "journal_entry",
      docKey: "journal_entry:amazon-settlement:S-1001",
      orderId: null,
      status: "pending",
      version: 1,
      attempts: 0,
      dependsOn: [],
      erpId: null,
      erpNumber: null,
      lastErrorClass: null,
      lastError: null,
      nextAttemptAt: body.updatedAt,
      correlationId: "req-journal-1",
      updatedAt: expect.any(String),
    });
    const [row, ...others] = (await journalRows(entry)).results;
    expect(others).toEqual([]);
    expect(row?.id).toBe(body.id);
    // The row delivers exactly the canonical entry that was posted.
    expect(JSON.parse(row?.document ?? "null")).toEqual({ kind: "journal_entry", journal: entry });
  });

  it("queues under the connection given, and refuses one that does not exist with 404", async () => {
    const side = await createConnection({ kind: "business_central" });
    const entry = journal();
    const res = await postJournal({ journal: entry, connectionId: side.id });
    expect(res.status).toBe(202);
    expect(((await res.json()) as DocumentBody).connectionId).toBe(side.id);
    expect((await journalRows(entry)).results.map((r) => r.connection_id)).toEqual([side.id]);

    const unknown = journal();
    const missing = await postJournal({ journal: unknown, connectionId: "erp_does_not_exist" });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toContain("application/problem+json");
    expect((await journalRows(unknown)).results).toEqual([]);
  });

  it("makes a repeat of the same entry (source and external id) a no-op, under a new Idempotency-Key too", async () => {
    const entry = journal();
    const first = (await (await postJournal({ journal: entry })).json()) as DocumentBody;
    // A second post of the same entry, even with a changed memo, finds the row it queued before.
    const repeat = await postJournal({ journal: { ...entry, memo: "posted again" } });
    expect(repeat.status).toBe(202);
    expect(((await repeat.json()) as DocumentBody).id).toBe(first.id);
    const rows = (await journalRows(entry)).results;
    expect(rows.map((r) => r.id)).toEqual([first.id]);
    expect(JSON.parse(rows[0]?.document ?? "null").journal.memo).toBe(entry.memo);
  });

  it("answers a repeat for one connection with that connection's row, when another ERP also has the entry", async () => {
    const a = await createConnection({ kind: "netsuite" });
    const b = await createConnection({ kind: "tryton" });
    const entry = journal();
    const inA = (await (await postJournal({ journal: entry, connectionId: a.id })).json()) as DocumentBody;
    const inB = (await (await postJournal({ journal: entry, connectionId: b.id })).json()) as DocumentBody;
    expect(inB.connectionId).toBe(b.id);
    expect(inB.id).not.toBe(inA.id);
    const again = (await (await postJournal({ journal: entry, connectionId: a.id })).json()) as DocumentBody;
    expect(again).toMatchObject({ id: inA.id, connectionId: a.id });
    expect((await journalRows(entry)).results).toHaveLength(2);
  });

  it("replays the first answer for a retried Idempotency-Key", async () => {
    const entry = journal();
    const headers = { "idempotency-key": `journal-${entry.externalId}` };
    const first = await postJournal({ journal: entry }, headers);
    const retried = await postJournal({ journal: entry }, headers);
    expect(retried.status).toBe(202);
    expect(retried.headers.get("idempotent-replayed")).toBe("true");
    expect(await retried.json()).toEqual(await first.json());
    expect((await journalRows(entry)).results).toHaveLength(1);
  });

  it("refuses an entry without Idempotency-Key with a 400 problem and queues nothing", async () => {
    const entry = journal();
    const res = await postJournal({ journal: entry }, {});
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(((await res.json()) as { detail: string }).detail).toContain("Idempotency-Key");
    expect((await journalRows(entry)).results).toEqual([]);
  });

  it("refuses an unbalanced entry with 422 and says why", async () => {
    const entry = journal({
      lines: [
        { purpose: "marketplace_fees", side: "debit", amount: usd(1250), memo: null },
        { purpose: "marketplace_clearing", side: "credit", amount: usd(1200), memo: null },
      ],
    });
    const res = await postJournal({ journal: entry });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { errors: { location: string; path: string; message: string }[] };
    expect(problem.errors).toEqual([
      { location: "json", path: "journal.lines", message: "debits 1250 do not equal credits 1200" },
    ]);
    expect((await journalRows(entry)).results).toEqual([]);
  });

  it("refuses lines in another currency or of no amount, and an unknown GL purpose", async () => {
    const foreign = journal({
      lines: [
        { purpose: "bank", side: "debit", amount: { amount: 100, currency: "EUR" }, memo: null },
        { purpose: "sales", side: "credit", amount: { amount: 100, currency: "EUR" }, memo: null },
      ],
    });
    expect((await postJournal({ journal: foreign })).status).toBe(422);
    const zero = journal({
      lines: [
        { purpose: "bank", side: "debit", amount: usd(0), memo: null },
        { purpose: "sales", side: "credit", amount: usd(0), memo: null },
      ],
    });
    expect((await postJournal({ journal: zero })).status).toBe(422);
    expect((await journalRows(foreign)).results.concat((await journalRows(zero)).results)).toEqual([]);
    const unknownPurpose = {
      ...journal(),
      lines: [
        { purpose: "petty_cash", side: "debit", amount: usd(100), memo: null },
        { purpose: "bank", side: "credit", amount: usd(100), memo: null },
      ],
    };
    const res = await postJournal({ journal: unknownPurpose });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toEqual(["journal.lines.0.purpose"]);
  });

  it("needs the erp:write scope", async () => {
    const reader = await createApiKey(["erp:read"]);
    const entry = journal();
    const res = await postJournal(
      { journal: entry },
      { ...bearer(reader), "idempotency-key": crypto.randomUUID() },
    );
    expect(res.status).toBe(403);
    expect((await journalRows(entry)).results).toEqual([]);
  });
});
