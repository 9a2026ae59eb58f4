import type { OpenAPIHono } from "@hono/zod-openapi";
import { and, desc, eq, lt } from "drizzle-orm";
import { sealSecret } from "../../../../../shared/crypto/secret-box";
import { erpConnections, stores } from "../../../../../shared/db/schema";
import { ProblemError } from "../../../../../shared/http/problem";
import { newId } from "../../../../../shared/ids";
import { requestResync } from "../../inventory/resync";
import { iso } from "../common-schemas";
import type { ApiEnv } from "../context";
import { decodeCursor, paginate } from "../cursor";
import { database } from "../db";
import { apiLog } from "../log";
import { isUniqueViolation } from "../sql-errors";
import { presentStore } from "./present";
import { ROTATION_GRACE_MS } from "./rotation";
import {
  createStoreRoute,
  getStoreRoute,
  listStoresRoute,
  rotateSecretRoute,
  setAdminTokenRoute,
} from "./routes";

function duplicateStore(shopDomain: string): ProblemError {
  return new ProblemError("conflict", `A shopify store for ${shopDomain} is already onboarded.`);
}

export function registerStoreRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(createStoreRoute, async (c) => {
    const body = c.req.valid("json");
    const db = database(c.env);
    const existing = await db
      .select({ id: stores.id })
      .from(stores)
      .where(and(eq(stores.channel, body.channel), eq(stores.shopDomain, body.shopDomain)))
      .get();
    if (existing) throw duplicateStore(body.shopDomain);
    if (body.erpConnectionId) {
      const connection = await db
        .select({ id: erpConnections.id })
        .from(erpConnections)
        .where(eq(erpConnections.id, body.erpConnectionId))
        .get();
      if (!connection) throw new ProblemError("validation", `No ERP connection ${body.erpConnectionId}.`);
    }

    const now = Date.now();
    const id = newId("sto", now);
    // The store id is the associated data: the sealed secret cannot be moved onto another store.
    const row = {
      id,
      channel: body.channel,
      name: body.name,
      shopDomain: body.shopDomain,
      webhookSecretSealed: await sealSecret(c.env.SECRETS_KEY, body.webhookSecret, id),
      previousWebhookSecretSealed: null,
      previousSecretExpiresAt: null,
      status: "active" as const,
      erpConnectionId: body.erpConnectionId,
      adminApiBaseUrl: body.adminApiBaseUrl,
      adminAccessTokenSealed:
        body.adminAccessToken === null
          ? null
          : await sealSecret(c.env.SECRETS_KEY, body.adminAccessToken, `${id}:admin`),
      createdAt: now,
      updatedAt: now,
    };
    try {
      await db.insert(stores).values(row);
    } catch (err) {
      // Two onboardings of one shop raced past the check above; the unique index decides.
      if (isUniqueViolation(err)) throw duplicateStore(body.shopDomain);
      throw err;
    }
    apiLog.info("store onboarded", {
      requestId: c.get("requestId"),
      keyId: c.get("principal").keyId,
      storeId: id,
      channel: row.channel,
      shopDomain: row.shopDomain,
    });
    return c.json(presentStore(c.env, row), 201, { location: `/v1/stores/${id}` });
  });

  app.openapi(rotateSecretRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { webhookSecret } = c.req.valid("json");
    const db = database(c.env);
    const row = await db.select().from(stores).where(eq(stores.id, id)).get();
    if (!row) throw new ProblemError("notFound", `No store ${id}.`);
    const now = Date.now();
    const previousSecretValidUntil = now + ROTATION_GRACE_MS;
    await db
      .update(stores)
      .set({
        webhookSecretSealed: await sealSecret(c.env.SECRETS_KEY, webhookSecret, id),
        previousWebhookSecretSealed: row.webhookSecretSealed,
        previousSecretExpiresAt: previousSecretValidUntil,
        updatedAt: now,
      })
      .where(eq(stores.id, id));
    apiLog.info("store webhook secret rotated", {
      requestId: c.get("requestId"),
      keyId: c.get("principal").keyId,
      storeId: id,
    });
    return c.json(
      { ...presentStore(c.env, row), previousSecretValidUntil: iso(previousSecretValidUntil) },
      200,
    );
  });

  app.openapi(setAdminTokenRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { adminAccessToken, adminApiBaseUrl } = c.req.valid("json");
    const db = database(c.env);
    const row = await db.select().from(stores).where(eq(stores.id, id)).get();
    if (!row) throw new ProblemError("notFound", `No store ${id}.`);
    const now = Date.now();
    const sealed = await sealSecret(c.env.SECRETS_KEY, adminAccessToken, `${id}:admin`);
    const base = adminApiBaseUrl === undefined ? row.adminApiBaseUrl : adminApiBaseUrl;
    await db
      .update(stores)
      .set({ adminAccessTokenSealed: sealed, adminApiBaseUrl: base, updatedAt: now })
      .where(eq(stores.id, id));
    // Pushes that failed for want of a token (parked) are sent again: every listing of the store, now.
    const listed = await c.env.DB.prepare(
      "SELECT sku FROM inventory_listings WHERE store_id = ? ORDER BY sku",
    )
      .bind(id)
      .all<{ sku: string }>();
    await requestResync(
      c.env,
      listed.results.map((r) => r.sku),
      "store admin token set",
      c.get("requestId"),
      id,
    );
    apiLog.info("store admin token set", {
      requestId: c.get("requestId"),
      keyId: c.get("principal").keyId,
      storeId: id,
    });
    return c.json(
      presentStore(c.env, { ...row, adminAccessTokenSealed: sealed, adminApiBaseUrl: base, updatedAt: now }),
      200,
    );
  });

  app.openapi(listStoresRoute, async (c) => {
    const { channel, limit, cursor } = c.req.valid("query");
    const rows = await database(c.env)
      .select()
      .from(stores)
      .where(
        and(
          channel ? eq(stores.channel, channel) : undefined,
          cursor ? lt(stores.id, decodeCursor(cursor)) : undefined,
        ),
      )
      .orderBy(desc(stores.id))
      .limit(limit + 1);
    const { page, nextCursor } = paginate(rows, limit);
    return c.json({ items: page.map((row) => presentStore(c.env, row)), nextCursor }, 200);
  });

  app.openapi(getStoreRoute, async (c) => {
    const { id } = c.req.valid("param");
    const row = await database(c.env).select().from(stores).where(eq(stores.id, id)).get();
    if (!row) throw new ProblemError("notFound", `No store ${id}.`);
    return c.json(presentStore(c.env, row), 200);
  });
}
