import { describe, expect, it } from "vitest";
import { erpOutbox } from "../../shared/db/schema";
import type { ErpDocKind } from "../../shared/erp";
import { newId } from "../../shared/ids";
import { ADMIN, api, bearer, createApiKey, db } from "./api-helpers";
import { createConnection, type DocumentBody } from "./erp-helpers";

interface Page {
  items: DocumentBody[];
  nextCursor: string | null;
}

async function listDocuments(query: string, headers: Record<string, string> = ADMIN): Promise<Page> {
  const res = await api(`/v1/erp/documents${query}`, { headers });
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
}

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
