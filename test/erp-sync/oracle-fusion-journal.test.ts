import { beforeEach, describe, expect, it } from "vitest";
import type { FetchLike } from "../../workers/erp-sync/src/adapters/erp-adapter";
import { GL_ACCOUNTS, journalDoc } from "./oracle-fusion-documents";
import { claimOf, oracleAdapter, oracleConnection, podRecords, resetPod } from "./oracle-fusion-harness";
import { sandboxFetch } from "./sandbox-env";

/**
 * Journal entries go through the GL journal import (erpintegrations importBulkData). The import is a
 * job: its answer only says it was accepted, so the adapter reads the batch back, and when the batch
 * is not there the job's status decides between parking and retrying.
 */
const connection = oracleConnection({ glAccount: GL_ACCOUNTS });

/**
 * Changes the first debit inside the stored GlInterface.csv (12.34 becomes 99.99, same length, so the
 * ZIP stays well-formed), leaving an unbalanced journal for the import to refuse.
 */
async function unbalance(request: Request): Promise<Request> {
  const body = (await request.json()) as Record<string, unknown>;
  const binary = atob(String(body.DocumentContent));
  expect(binary).toContain(",12.34,");
  body.DocumentContent = btoa(binary.replace(",12.34,", ",99.99,"));
  return new Request(request.url, {
    method: "POST",
    headers: request.headers,
    body: JSON.stringify(body),
    signal: request.signal,
  });
}

describe("Oracle Fusion adapter: journal import", () => {
  beforeEach(async () => {
    await resetPod();
  });

  it("imports once, names the batch by the entry's key, and finds it again on a repeat", async () => {
    const adapter = oracleAdapter(connection);
    const claim = claimOf(journalDoc());
    const first = await adapter.push(claim);
    expect(first).toMatchObject({ ok: true });
    expect(await adapter.push(claim)).toEqual(first);
    const [batch] = await podRecords("journalBatches");
    expect(batch?.key).toBe(batch?.body.BatchName);
    expect(String(batch?.body.BatchName)).toContain("journal_entry");
    expect(await podRecords("erpintegrations")).toHaveLength(1);
  });

  it("parks an import whose job ends in error, reporting the request", async () => {
    const corrupting: FetchLike = async (request) =>
      sandboxFetch(
        request.method === "POST" && request.url.endsWith("/erpintegrations")
          ? await unbalance(request)
          : request,
      );
    const result = await oracleAdapter(connection, corrupting).push(claimOf(journalDoc()));
    expect(result).toMatchObject({ ok: false, errorClass: "business", httpStatus: null });
    if (!result.ok) expect(result.message).toMatch(/^Oracle Fusion journal import request \d+ is ERROR/);
    expect(await podRecords("journalBatches")).toHaveLength(0);
  });
});
