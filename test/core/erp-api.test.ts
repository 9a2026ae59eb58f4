import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { JournalEntry } from "../../shared/canonical";
import { erpOutbox } from "../../shared/db/schema";
import { documentKey, type ErpDocKind } from "../../shared/erp";
import { newId } from "../../shared/ids";
import { ADMIN, api, bearer, createApiKey, db, postJson, seedEvent, seedOrder } from "./api-helpers";
import { createConnection } from "./erp-helpers";

/** The API's view of one ERP outbox row (document-routes.ts). */
interface DocumentBody {
  id: string;
  connectionId: string;
  kind: string;
  docKey: string;
  orderId: string | null;
  status: string;
  version: number;
  attempts: number;
  dependsOn: string[];
  erpId: string | null;
  erpNumber: string | null;
  lastErrorClass: string | null;
  lastError: string | null;
  nextAttemptAt: string;
  correlationId: string;
  updatedAt: string;
}

interface Page {
  items: DocumentBody[];
  nextCursor: string | null;
}

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

async function listDocuments(query: string, headers: Record<string, string> = ADMIN): Promise<Page> {
  const res = await api(`/v1/erp/documents${query}`, { headers });
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
}

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

interface SeedDocument {
  at: number;
  connectionId: string;
  kind: ErpDocKind;
  docKey: string;
  status: "pending" | "in_flight" | "done" | "parked";
  dependsOn?: string[];
  erpId?: string | null;
  erpNumber?: string | null;
  lastErrorClass?: string | null;
  lastError?: string | null;
}

/** An outbox row as the outbox leaves it after pushes and failures; `at` fixes the id and so the order. */
async function seedDocument(seed: SeedDocument): Promise<string> {
  const id = newId("obx", seed.at);
  await db.insert(erpOutbox).values({
    id,
    connectionId: seed.connectionId,
    kind: seed.kind,
    docKey: seed.docKey,
    orderId: null,
    dependsOn: JSON.stringify(seed.dependsOn ?? []),
    document: JSON.stringify({ kind: seed.kind }),
    version: 3,
    status: seed.status,
    attempts: seed.status === "pending" ? 0 : 4,
    nextAttemptAt: seed.at + 30_000,
    correlationId: `corr-${seed.docKey}`,
    erpId: seed.erpId ?? null,
    erpNumber: seed.erpNumber ?? null,
    lastErrorClass: seed.lastErrorClass ?? null,
    lastError: seed.lastError ?? null,
    createdAt: seed.at,
    updatedAt: seed.at + 1_000,
  });
  return id;
}

describe("GET /v1/erp/documents", () => {
  const T0 = Date.UTC(2026, 10, 20, 15, 0, 0);

  /** A connection of its own with five rows, oldest first: the listing is filtered to it. */
  async function seededConnection() {
    const connection = await createConnection({ kind: "sap_s4hana" });
    const c = connection.id;
    const ids = {
      customer: await seedDocument({
        at: T0,
        connectionId: c,
        kind: "customer",
        docKey: "customer:shopify:sto_l:1",
        status: "done",
        erpId: "CUST-1",
      }),
      order: await seedDocument({
        at: T0 + 1_000,
        connectionId: c,
        kind: "sales_order",
        docKey: "sales_order:shopify:sto_l:1",
        status: "done",
        dependsOn: ["customer:shopify:sto_l:1"],
        erpId: "SO-1",
        erpNumber: "0000012345",
      }),
      payment: await seedDocument({
        at: T0 + 2_000,
        connectionId: c,
        kind: "customer_payment",
        docKey: "customer_payment:shopify:sto_l:1:p1",
        status: "parked",
        dependsOn: ["sales_order:shopify:sto_l:1"],
        lastErrorClass: "business",
        lastError: "SAP answered 400: the posting period is closed",
      }),
      journal: await seedDocument({
        at: T0 + 3_000,
        connectionId: c,
        kind: "journal_entry",
        docKey: "journal_entry:amazon-settlement:L-1",
        status: "pending",
      }),
      adjustment: await seedDocument({
        at: T0 + 4_000,
        connectionId: c,
        kind: "inventory_adjustment",
        docKey: "inventory_adjustment:admin%3Acount-1",
        status: "in_flight",
      }),
    };
    return { connectionId: c, ids };
  }

  it("lists a connection's documents newest first, with every field presented", async () => {
    const { connectionId, ids } = await seededConnection();
    const page = await listDocuments(`?connectionId=${connectionId}`);
    expect(page.items.map((d) => d.id)).toEqual([
      ids.adjustment,
      ids.journal,
      ids.payment,
      ids.order,
      ids.customer,
    ]);
    expect(page.nextCursor).toBeNull();
    expect(page.items[2]).toEqual({
      id: ids.payment,
      connectionId,
      kind: "customer_payment",
      docKey: "customer_payment:shopify:sto_l:1:p1",
      orderId: null,
      status: "parked",
      version: 3,
      attempts: 4,
      dependsOn: ["sales_order:shopify:sto_l:1"],
      erpId: null,
      erpNumber: null,
      lastErrorClass: "business",
      lastError: "SAP answered 400: the posting period is closed",
      nextAttemptAt: new Date(T0 + 2_000 + 30_000).toISOString(),
      correlationId: "corr-customer_payment:shopify:sto_l:1:p1",
      updatedAt: new Date(T0 + 2_000 + 1_000).toISOString(),
    });
    expect(page.items[3]).toMatchObject({ erpId: "SO-1", erpNumber: "0000012345", lastErrorClass: null });
  });

  it("filters by status, kind and connection, alone and combined", async () => {
    const { connectionId, ids } = await seededConnection();
    const only = (query: string) =>
      listDocuments(`?connectionId=${connectionId}&${query}`).then((p) => p.items.map((d) => d.id));
    expect(await only("status=done")).toEqual([ids.order, ids.customer]);
    expect(await only("status=parked")).toEqual([ids.payment]);
    expect(await only("kind=journal_entry")).toEqual([ids.journal]);
    expect(await only("kind=sales_order&status=done")).toEqual([ids.order]);
    expect(await only("kind=sales_order&status=pending")).toEqual([]);
    // Without the connection filter, a status spans every connection, this one's rows included.
    const parked = await listDocuments("?status=parked&limit=200");
    expect(parked.items.every((d) => d.status === "parked")).toBe(true);
    expect(parked.items.map((d) => d.id)).toContain(ids.payment);
    expect((await listDocuments("?connectionId=erp_nobody")).items).toEqual([]);
  });

  it("pages with the cursor until the last page, without repeating or skipping a row", async () => {
    const { connectionId, ids } = await seededConnection();
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 5; i++) {
      const page: Page = await listDocuments(
        `?connectionId=${connectionId}&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      seen.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(cursor).toBeNull();
    expect(seen).toEqual([ids.adjustment, ids.journal, ids.payment, ids.order, ids.customer]);
    const garbage = await api(`/v1/erp/documents?cursor=${encodeURIComponent("not-a-cursor")}`, {
      headers: ADMIN,
    });
    expect(garbage.status).toBe(400);
  });

  it("lists the rows still waiting for a connection under an empty connectionId", async () => {
    const waiting = await seedDocument({
      at: T0 - 60_000,
      connectionId: "",
      kind: "journal_entry",
      docKey: "journal_entry:manual:waiting-1",
      status: "pending",
    });
    const page = await listDocuments("?connectionId=&limit=200");
    expect(page.items.map((d) => d.id)).toContain(waiting);
    expect(page.items.every((d) => d.connectionId === "")).toBe(true);
  });

  it("refuses an unknown status or kind with 422", async () => {
    expect((await api("/v1/erp/documents?status=lost", { headers: ADMIN })).status).toBe(422);
    expect((await api("/v1/erp/documents?kind=invoice", { headers: ADMIN })).status).toBe(422);
  });

  it("needs the erp:read scope", async () => {
    const writer = await createApiKey(["erp:write", "orders:read"]);
    const refused = await api("/v1/erp/documents", { headers: bearer(writer) });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    const reader = await createApiKey(["erp:read"]);
    expect((await api("/v1/erp/documents", { headers: bearer(reader) })).status).toBe(200);
  });
});

interface TraceBody {
  correlationId: string;
  orderIds: string[];
  events: {
    id: string;
    type: string;
    source: string;
    occurredAt: string;
    correlationId: string;
    data: unknown;
  }[];
}

describe("GET /v1/traces/{correlationId}", () => {
  const T0 = Date.UTC(2026, 10, 21, 9, 0, 0);

  it("shows every step under the id, oldest first, and the orders they touched", async () => {
    const first = await seedOrder({ at: T0, storeId: "sto_trace", externalId: "T-1" });
    const second = await seedOrder({ at: T0 + 1, storeId: "sto_trace", externalId: "T-2" });
    const step = (key: string, orderId: string | null, occurredAt: number, correlationId = "corr-trace-1") =>
      seedEvent({ key, correlationId, orderId, type: `test.${key}`, occurredAt, recordedAt: T0 + 10_000 });
    // Written out of time order; one step without an order, one under another correlation id.
    await step("trace-c", second, T0 + 3_000);
    await step("trace-a", first, T0 + 1_000);
    await step("trace-b", null, T0 + 2_000);
    await step("trace-d", first, T0 + 4_000);
    await step("trace-other", first, T0 + 2_500, "corr-trace-2");

    const res = await api("/v1/traces/corr-trace-1", { headers: ADMIN });
    expect(res.status).toBe(200);
    const trace = (await res.json()) as TraceBody;
    expect(trace.correlationId).toBe("corr-trace-1");
    expect(trace.events.map((e) => e.type)).toEqual([
      "test.trace-a",
      "test.trace-b",
      "test.trace-c",
      "test.trace-d",
    ]);
    expect(trace.orderIds.sort()).toEqual([first, second].sort());
    expect(trace.events[1]).toEqual({
      id: "evt_trace-b",
      type: "test.trace-b",
      source: "test",
      occurredAt: new Date(T0 + 2_000).toISOString(),
      recordedAt: new Date(T0 + 10_000).toISOString(),
      correlationId: "corr-trace-1",
      data: { step: "trace-b" },
    });
  });

  it("answers 404 when nothing was logged under the id", async () => {
    const res = await api("/v1/traces/corr-never-seen", { headers: ADMIN });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });

  it("needs the orders:read scope", async () => {
    await seedEvent({
      key: "trace-scope",
      correlationId: "corr-trace-scope",
      orderId: null,
      type: "test.scope",
      occurredAt: T0,
      recordedAt: T0,
    });
    const erpOnly = await createApiKey(["erp:read", "erp:write"]);
    expect((await api("/v1/traces/corr-trace-scope", { headers: bearer(erpOnly) })).status).toBe(403);
    const reader = await createApiKey(["orders:read"]);
    const res = await api("/v1/traces/corr-trace-scope", { headers: bearer(reader) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as TraceBody).orderIds).toEqual([]);
  });
});
