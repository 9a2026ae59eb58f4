import { z } from "@hono/zod-openapi";
import { and, eq, sql } from "drizzle-orm";
import { createMiddleware } from "hono/factory";
import { sha256Hex } from "../../../../shared/crypto/hmac";
import { apiIdempotency } from "../../../../shared/db/schema";
import { ProblemError } from "../../../../shared/http/problem";
import { newId } from "../../../../shared/ids";
import type { ApiEnv } from "./context";
import { type Db, database } from "./db";

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const RETENTION_MS = 24 * 60 * 60 * 1000;
/** An `in_flight` claim older than this belongs to a request that died; a retry may take it over. */
const STALE_CLAIM_MS = 60 * 1000;
const REPLAYED_HEADERS = ["content-type", "location"] as const;
const StoredHeaders = z.record(z.string(), z.string());
/** Answers the caller is expected to fix and resend (with the same key): not worth remembering. */
const FORGOTTEN_STATUSES = new Set([400, 413, 415, 422]);

interface Claim {
  principalId: string;
  idempotencyKey: string;
  requestHash: string;
  now: number;
}

/** Inserts an `in_flight` row for the key, or takes over an expired or stale one. Returns its id. */
async function claimKey(db: Db, claim: Claim): Promise<string | null> {
  const id = newId("idm", claim.now);
  const fresh = {
    id,
    requestHash: claim.requestHash,
    status: "in_flight" as const,
    responseStatus: null,
    responseBody: null,
    responseHeaders: null,
    createdAt: claim.now,
    expiresAt: claim.now + RETENTION_MS,
  };
  const row = await db
    .insert(apiIdempotency)
    .values({ ...fresh, principalId: claim.principalId, idempotencyKey: claim.idempotencyKey })
    .onConflictDoUpdate({
      target: [apiIdempotency.principalId, apiIdempotency.idempotencyKey],
      set: fresh,
      setWhere: sql`${apiIdempotency.expiresAt} <= ${claim.now} or (${apiIdempotency.status} = 'in_flight' and ${apiIdempotency.createdAt} <= ${claim.now - STALE_CLAIM_MS})`,
    })
    .returning({ id: apiIdempotency.id })
    .get();
  return row?.id ?? null;
}

async function replayOrRefuse(db: Db, claim: Claim): Promise<Response> {
  const row = await db
    .select()
    .from(apiIdempotency)
    .where(
      and(
        eq(apiIdempotency.principalId, claim.principalId),
        eq(apiIdempotency.idempotencyKey, claim.idempotencyKey),
      ),
    )
    .get();
  if (row && row.requestHash !== claim.requestHash) {
    throw new ProblemError("validation", "This Idempotency-Key was already used with a different request.");
  }
  if (!row || row.status === "in_flight" || row.responseStatus === null) {
    throw new ProblemError(
      "conflict",
      "A request with this Idempotency-Key is still being processed.",
      {},
      {
        "retry-after": "1",
      },
    );
  }
  const headers = new Headers(StoredHeaders.parse(JSON.parse(row.responseHeaders ?? "{}")));
  headers.set("idempotent-replayed", "true");
  return new Response(row.responseBody, { status: row.responseStatus, headers });
}

async function rememberAnswer(db: Db, id: string, res: Response): Promise<void> {
  if (res.status >= 500 || FORGOTTEN_STATUSES.has(res.status)) {
    await db.delete(apiIdempotency).where(eq(apiIdempotency.id, id));
    return;
  }
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = res.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  await db
    .update(apiIdempotency)
    .set({
      status: "done",
      responseStatus: res.status,
      responseBody: await res.clone().text(),
      responseHeaders: JSON.stringify(headers),
    })
    .where(eq(apiIdempotency.id, id));
}

/**
 * Route middleware for writes (the IETF `Idempotency-Key` header draft): the first answer to a key
 * is stored per calling key for 24 hours and replayed for the same request; the same key with a
 * different request is a 422, and a key whose first request is still running is a 409.
 */
export const idempotency = createMiddleware<ApiEnv>(async (c, next) => {
  const idempotencyKey = c.req.header("idempotency-key");
  if (idempotencyKey === undefined) return next();
  if (!KEY_PATTERN.test(idempotencyKey)) {
    throw new ProblemError("badRequest", "Idempotency-Key must be 1 to 255 visible ASCII characters.");
  }
  const body = await c.req.text();
  const claim: Claim = {
    principalId: c.get("principal").keyId,
    idempotencyKey,
    requestHash: await sha256Hex(`${c.req.method} ${c.req.path}\n${body}`),
    now: Date.now(),
  };
  const db = database(c.env);
  const id = await claimKey(db, claim);
  if (id === null) return replayOrRefuse(db, claim);
  try {
    await next();
  } catch (err) {
    await db.delete(apiIdempotency).where(eq(apiIdempotency.id, id));
    throw err;
  }
  await rememberAnswer(db, id, c.res);
});
