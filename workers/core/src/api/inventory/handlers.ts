import type { OpenAPIHono } from "@hono/zod-openapi";
import { documentKey } from "../../../../../shared/erp";
import { ProblemError } from "../../../../../shared/http/problem";
import { queueDocument } from "../../erp/outbox-rows";
import { ledgerFor } from "../../ingest/reserve-lines";
import type { ApiEnv } from "../context";
import { apiLog } from "../log";
import { adjustInventoryRoute, getInventoryRoute } from "./routes";

export function registerInventoryRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(getInventoryRoute, async (c) => {
    const { sku } = c.req.valid("param");
    return c.json(await ledgerFor(c.env, sku).snapshot(), 200);
  });

  app.openapi(adjustInventoryRoute, async (c) => {
    const key = c.req.header("idempotency-key");
    if (!key) {
      throw new ProblemError(
        "badRequest",
        "Idempotency-Key is required: a retried adjustment must apply once.",
      );
    }
    const body = c.req.valid("json");
    const principal = c.get("principal").keyId;
    // The ledger's own once-only key: a retry after the API's 24 h replay window still applies once.
    const adjustmentId = `${principal}:${key}`;
    const occurredAt = new Date().toISOString();
    const erpDocKey =
      body.source === "erp"
        ? null
        : documentKey({
            kind: "inventory_adjustment",
            adjustment: {
              externalId: adjustmentId,
              sku: body.sku,
              locationId: body.location,
              quantityDelta: 0,
              reason: body.reason,
              occurredAt,
            },
          });
    const result = await ledgerFor(c.env, body.sku).adjust({
      id: adjustmentId,
      location: body.location,
      kind: body.set !== undefined ? "set" : "delta",
      quantity: body.set ?? body.delta ?? 0,
      sequence: body.sequence ?? null,
      reason: body.reason,
      erpDocKey,
    });
    // Posted to the ERP once per adjustment (the row is keyed on the adjustment id), also on a replay,
    // so a failure between the ledger and D1 is mended by the client's retry.
    if (body.source !== "erp" && result.applied && result.changed !== 0) {
      const adjustment = {
        externalId: adjustmentId,
        sku: body.sku,
        locationId: body.location,
        quantityDelta: result.changed,
        reason: body.reason,
        occurredAt,
      };
      await queueDocument(
        c.env.DB,
        { document: { kind: "inventory_adjustment", adjustment }, version: 1 },
        { storeId: null, order: null, correlationId: c.get("requestId") },
      ).run();
    }
    apiLog.info("inventory adjusted", {
      requestId: c.get("requestId"),
      keyId: principal,
      sku: body.sku,
      location: body.location,
      applied: result.applied,
      replayed: result.replayed,
    });
    return c.json({ applied: result.applied, inventory: result.snapshot }, 200);
  });
}
