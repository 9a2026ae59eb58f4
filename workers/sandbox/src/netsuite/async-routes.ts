import { type Context, Hono } from "hono";
import { createMiddleware } from "hono/factory";
import type { Job } from "./async-jobs";
import { accountOf, type NetSuiteHono } from "./context";
import { errorResponse, idempotencyConflict, NONEXISTENT_ID } from "./errors";

/**
 * Asynchronous requests (Oracle, "REST Web Services Request Processing" and "Sending an Asynchronous
 * Request Using an Idempotency Key"; reference/erp.md §1.6). A write with `Prefer: respond-async` is
 * answered `202 Accepted`, `Preference-Applied: respond-async`, `Location: .../async/v1/job/<id>`; a
 * second submission with the same `X-NetSuite-Idempotency-Key` is refused with 400 "Conflict",
 * IDEMPOTENCY_ERROR and the first job's Location. Synchronous requests ignore the key, as NetSuite
 * does. The sandbox runs the request at once, so a job is complete when first read; its task result
 * replays the original answer. The job and task shapes follow Oracle's example; the task and result
 * paths are [unverified].
 */
export const ASYNC_PATH = "/services/rest/async/v1/job";

const jobUrl = (origin: string, id: number) => `${origin}${ASYNC_PATH}/${id}`;

export const respondAsync = createMiddleware<NetSuiteHono>(async (c, next) => {
  if (c.req.method === "GET" || !/\brespond-async\b/i.test(c.req.header("prefer") ?? "")) return next();
  const origin = new URL(c.req.url).origin;
  const key = c.req.header("x-netsuite-idempotency-key")?.trim() || null;
  const account = accountOf(c.env);
  const claim = await account.claimJob(key, Date.now());
  if (!claim.ok) {
    c.set("outcome", "rejected:IDEMPOTENCY_ERROR");
    return idempotencyConflict(jobUrl(origin, claim.existingId));
  }
  await next();
  const answer = c.res;
  await account.completeJob(claim.id, {
    status: answer.status,
    location: answer.headers.get("location"),
    body: answer.status === 204 ? null : await answer.clone().text(),
  });
  // Cleared first: Hono copies the old answer's headers (its Location) into a response set over it.
  c.res = undefined;
  c.res = new Response(null, {
    status: 202,
    headers: { location: jobUrl(origin, claim.id), "preference-applied": "respond-async" },
  });
});

export const asyncRoutes = new Hono<NetSuiteHono>();

function jobJson(origin: string, job: Job) {
  const self = jobUrl(origin, job.id);
  const progress = job.result === null ? "pending" : job.result.status < 400 ? "succeeded" : "failed";
  return { self, body: { completed: job.result !== null, id: String(job.id), progress } };
}

async function findJob(c: Context<NetSuiteHono>): Promise<Job | null> {
  const id = Number(c.req.param("id"));
  return Number.isInteger(id) ? accountOf(c.env).job(id) : null;
}

asyncRoutes.get("/async/v1/job/:id", async (c) => {
  const job = await findJob(c);
  if (!job) return errorResponse(404, NONEXISTENT_ID);
  c.set("outcome", "read");
  const { self, body } = jobJson(new URL(c.req.url).origin, job);
  return c.json({
    links: [{ rel: "self", href: self }],
    ...body,
    task: { links: [{ rel: "self", href: `${self}/task` }] },
  });
});

asyncRoutes.get("/async/v1/job/:id/task", async (c) => {
  const job = await findJob(c);
  if (!job) return errorResponse(404, NONEXISTENT_ID);
  c.set("outcome", "read");
  const { self } = jobJson(new URL(c.req.url).origin, job);
  const task = `${self}/task/${job.id}`;
  return c.json({
    links: [{ rel: "self", href: `${self}/task` }],
    count: 1,
    hasMore: false,
    items: [{ links: [{ rel: "self", href: task }] }],
    offset: 0,
    totalResults: 1,
  });
});

asyncRoutes.get("/async/v1/job/:id/task/:task", async (c) => {
  const job = await findJob(c);
  if (!job || c.req.param("task") !== String(job.id)) return errorResponse(404, NONEXISTENT_ID);
  c.set("outcome", "read");
  const { self, body } = jobJson(new URL(c.req.url).origin, job);
  const task = `${self}/task/${job.id}`;
  return c.json({
    links: [{ rel: "self", href: task }],
    ...body,
    result: { links: [{ rel: "self", href: `${task}/result` }] },
  });
});

asyncRoutes.get("/async/v1/job/:id/task/:task/result", async (c) => {
  const job = await findJob(c);
  if (!job?.result || c.req.param("task") !== String(job.id)) return errorResponse(404, NONEXISTENT_ID);
  c.set("outcome", "read");
  const { status, location, body } = job.result;
  const headers: Record<string, string> = location ? { location } : {};
  if (body !== null) headers["content-type"] = "application/vnd.oracle.resource+json; type=error";
  return new Response(body, { status, headers });
});
