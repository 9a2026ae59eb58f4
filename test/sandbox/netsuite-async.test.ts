import { beforeEach, describe, expect, it } from "vitest";
import { control, inspectRecords, ORIGIN, RECORDS, salesOrderBody, signedRequest } from "./netsuite-client";

const JOBS = `${ORIGIN}/services/rest/async/v1/job`;

async function send(
  method: string,
  url: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<Response> {
  const { exports } = await import("cloudflare:workers");
  const request = await signedRequest(method, url, { body });
  for (const [k, v] of Object.entries(headers)) request.headers.set(k, v);
  return exports.default.fetch(request);
}

async function get(url: string): Promise<Response> {
  const { exports } = await import("cloudflare:workers");
  return exports.default.fetch(await signedRequest("GET", url));
}

describe("sandbox NetSuite: asynchronous requests and idempotency keys", () => {
  beforeEach(async () => {
    expect((await control("POST", "/reset")).status).toBe(200);
  });

  it("answers 202 with the job, whose task result is the write's own answer", async () => {
    const res = await send("PUT", `${RECORDS}/salesOrder/eid:async-1`, salesOrderBody(), {
      prefer: "respond-async",
    });
    expect(res.status).toBe(202);
    expect(res.headers.get("preference-applied")).toBe("respond-async");
    const job = res.headers.get("location") ?? "";
    expect(job).toMatch(new RegExp(`^${JOBS}/\\d+$`));
    const status: Record<string, unknown> = await (await get(job)).json();
    expect(status).toEqual({
      links: [{ rel: "self", href: job }],
      completed: true,
      id: job.split("/").pop(),
      progress: "succeeded",
      task: { links: [{ rel: "self", href: `${job}/task` }] },
    });
    const tasks: { items: Array<{ links: Array<{ href: string }> }> } = await (
      await get(`${job}/task`)
    ).json();
    const task = tasks.items[0]?.links[0]?.href ?? "";
    const result = await get(`${task}/result`);
    expect(result.status).toBe(204);
    const [record] = await inspectRecords();
    expect(result.headers.get("location")).toBe(`${RECORDS}/salesOrder/${record?.id}`);
  });

  it("refuses a second submission with the same idempotency key, pointing at the first job", async () => {
    const key = crypto.randomUUID();
    const headers = { prefer: "respond-async", "x-netsuite-idempotency-key": key };
    const first = await send(
      "POST",
      `${RECORDS}/salesOrder`,
      salesOrderBody({ externalId: "idem-1" }),
      headers,
    );
    expect(first.status).toBe(202);
    const again = await send(
      "POST",
      `${RECORDS}/salesOrder`,
      salesOrderBody({ externalId: "idem-2" }),
      headers,
    );
    expect(again.status).toBe(400);
    expect(again.headers.get("location")).toBe(first.headers.get("location"));
    expect(await again.json()).toEqual({
      type: "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.10",
      title: "Conflict",
      status: 400,
      "o:errorDetails": [
        {
          detail:
            'A request with the same idempotency key is already submitted. See the "Location" header for a link to the previously submitted job',
          "o:errorCode": "IDEMPOTENCY_ERROR",
        },
      ],
    });
    expect(await inspectRecords()).toHaveLength(1);
  });

  it("records a refused write as a failed job, and ignores the key on synchronous requests", async () => {
    const bad = await send(
      "PUT",
      `${RECORDS}/salesOrder/eid:async-bad`,
      { entity: { id: "1" } },
      { prefer: "respond-async" },
    );
    expect(bad.status).toBe(202);
    const job = bad.headers.get("location") ?? "";
    expect(await (await get(job)).json()).toMatchObject({ completed: true, progress: "failed" });
    const result = await get(`${job}/task/${job.split("/").pop()}/result`);
    expect(result.status).toBe(400);
    const error: { "o:errorDetails": Array<{ "o:errorCode": string }> } = await result.json();
    expect(error["o:errorDetails"][0]?.["o:errorCode"]).toBe("USER_ERROR");

    const key = { "x-netsuite-idempotency-key": crypto.randomUUID() };
    expect((await send("PUT", `${RECORDS}/salesOrder/eid:sync-1`, salesOrderBody(), key)).status).toBe(204);
    expect((await send("PUT", `${RECORDS}/salesOrder/eid:sync-1`, salesOrderBody(), key)).status).toBe(204);
    expect((await get(`${JOBS}/999`)).status).toBe(404);
  });
});
