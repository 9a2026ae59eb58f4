import type { OpenAPIHono } from "@hono/zod-openapi";
import { ProblemError } from "../../../../../shared/http/problem";
import { newId } from "../../../../../shared/ids";
import { reconcileConnection } from "../../inventory/reconcile";
import { requestResync } from "../../inventory/resync";
import type { ApiEnv } from "../context";
import { apiLog } from "../log";
import {
  deleteListingRoute,
  getPolicyRoute,
  getReconciliationRoute,
  listListingsRoute,
  listReconciliationsRoute,
  putListingsRoute,
  putPolicyRoute,
  runReconciliationRoute,
} from "./policy-routes";
import { readPolicy, readReport, readRuns, replacePolicy, upsertListings } from "./policy-store";

export function registerInventoryPolicyRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(listListingsRoute, async (c) => {
    const { storeId, sku, limit } = c.req.valid("query");
    const rows = await c.env.DB.prepare(
      `SELECT store_id, sku, channel, external_item_id, external_location_id, updated_at FROM inventory_listings
       WHERE (?1 IS NULL OR store_id = ?1) AND (?2 IS NULL OR sku = ?2) ORDER BY store_id, sku LIMIT ?3`,
    )
      .bind(storeId ?? null, sku ?? null, limit)
      .all<Record<string, string | number>>();
    return c.json({ items: rows.results.map(presentListing) }, 200);
  });

  app.openapi(putListingsRoute, async (c) => {
    const { listings } = c.req.valid("json");
    const stored = await upsertListings(c.env.DB, listings);
    const skus = [...new Set(listings.map((l) => l.sku))];
    await requestResync(c.env, skus, "listings changed", c.get("requestId"));
    apiLog.info("inventory listings set", { requestId: c.get("requestId"), count: listings.length });
    return c.json({ items: stored.map(presentListing) }, 200);
  });

  app.openapi(deleteListingRoute, async (c) => {
    const { storeId, sku } = c.req.valid("param");
    await c.env.DB.prepare("DELETE FROM inventory_listings WHERE store_id = ? AND sku = ?")
      .bind(storeId, sku)
      .run();
    // The ledger forgets where the listing pointed, so listing it again pushes it again.
    await requestResync(c.env, [sku], "listing removed", c.get("requestId"));
    return c.body(null, 204);
  });

  app.openapi(getPolicyRoute, async (c) => c.json(await readPolicy(c.env.DB), 200));

  app.openapi(putPolicyRoute, async (c) => {
    const policy = c.req.valid("json");
    await replacePolicy(c.env.DB, policy);
    // Listed SKUs push under the new rules; SKUs with waiting lines, listed or not, follow the new
    // backorder settings and exclusive pools (a scan of order_lines: a policy changes rarely).
    const affected = await c.env.DB.prepare(
      `SELECT sku FROM inventory_listings UNION SELECT sku FROM order_lines
       WHERE sku IS NOT NULL AND reservation_status IN ('short', 'backordered') ORDER BY sku`,
    ).all<{ sku: string }>();
    const skus = affected.results.map((r) => r.sku);
    await requestResync(c.env, skus, "inventory policy changed", c.get("requestId"));
    apiLog.info("inventory policy replaced", {
      requestId: c.get("requestId"),
      rules: policy.rules.length,
      safetyStock: policy.safetyStock.length,
      stores: policy.stores.length,
      resynced: skus.length,
    });
    return c.json(await readPolicy(c.env.DB), 200);
  });

  app.openapi(runReconciliationRoute, async (c) => {
    const body = c.req.valid("json") ?? {};
    const connection = await c.env.DB.prepare(
      body.connectionId
        ? "SELECT id FROM erp_connections WHERE id = ?"
        : "SELECT id FROM erp_connections WHERE is_default = 1 LIMIT 1",
    )
      .bind(...(body.connectionId ? [body.connectionId] : []))
      .first<{ id: string }>();
    if (!connection) {
      throw new ProblemError(
        "notFound",
        body.connectionId ? `No ERP connection ${body.connectionId}.` : "No default ERP connection.",
      );
    }
    const runId = newId("rcn");
    await reconcileConnection(c.env, {
      runId,
      connectionId: connection.id,
      trigger: "api",
      correlationId: c.get("requestId"),
    });
    const report = await readReport(c.env.DB, runId);
    if (!report) throw new Error("reconciliation run vanished");
    return c.json(report, 201);
  });

  app.openapi(listReconciliationsRoute, async (c) => {
    const { limit } = c.req.valid("query");
    return c.json({ items: await readRuns(c.env.DB, limit) }, 200);
  });

  app.openapi(getReconciliationRoute, async (c) => {
    const { id } = c.req.valid("param");
    const report = await readReport(c.env.DB, id);
    if (!report) throw new ProblemError("notFound", `No reconciliation run ${id}.`);
    return c.json(report, 200);
  });
}

function presentListing(r: Record<string, string | number>) {
  return {
    storeId: String(r.store_id),
    sku: String(r.sku),
    channel: String(r.channel),
    externalItemId: String(r.external_item_id),
    externalLocationId: String(r.external_location_id),
    updatedAt: new Date(Number(r.updated_at)).toISOString(),
  };
}
