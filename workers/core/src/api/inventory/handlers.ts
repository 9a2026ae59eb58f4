import type { OpenAPIHono } from "@hono/zod-openapi";
import { ProblemError } from "../../../../../shared/http/problem";
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
    const result = await ledgerFor(c.env, body.sku).adjust({
      // The ledger's own once-only key: a retry after the API's 24 h replay window still applies once.
      id: `${principal}:${key}`,
      location: body.location,
      kind: body.set !== undefined ? "set" : "delta",
      quantity: body.set ?? body.delta ?? 0,
      sequence: body.sequence ?? null,
      reason: body.reason,
    });
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
